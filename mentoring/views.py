"""Mentoring pages. Thin: permission-checked fetch (access.py) → service or
selector → render."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from config.exports import Column, Kind, Table, export_response
from config.jobs.progress import job_progress_none_response, job_progress_response
from home.templatetags.durations import duration_text
from mentoring import selectors, services
from mentoring.access import (
    MENTEE,
    MENTOR,
    mentoring_check_hr,
    pair_check_active,
    pair_get_for_participant,
    require_role,
    session_get_for_participant,
)
from mentoring.forms import (
    PERSON_PICKER_LABEL,
    ConfirmForm,
    DisputeForm,
    GoalForm,
    NominateForm,
    PairAddForm,
    PairSwapForm,
    SessionForm,
)
from mentoring.models import (
    MentoringPair,
    MentoringProgram,
    NominationSource,
    PairStatus,
    SessionStatus,
)
from people.decorators import employee_required
from people.models import Employee
from people.nip import nip_normalize
from people.roles import employee_for
from people.units import unit_rollup_or_404


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(request: HttpRequest, form) -> None:  # type: ignore[no-untyped-def]
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


# --- Employees: mentor and mentee -----------------------------------------------------


@login_required
@employee_required
def home(request: HttpRequest) -> HttpResponse:
    """My mentoring: pairs as mentor and as mentee, programs to opt in to, and for a
    supervisor, nominating a team member."""
    employee = employee_for(request.user)
    if employee is None:
        raise Http404
    home = selectors.mentoring_home_for(employee=employee, with_programs=True)
    team = list(employee.subordinates.filter(is_active=True).order_by("name"))
    return render(request, "mentoring/home.html", {"home": home, "team": team,
                                                   "employee": employee})


@login_required
@require_POST
def program_opt_in(request: HttpRequest, program_id: int) -> HttpResponse:
    employee = employee_for(request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    if employee is None:
        raise PermissionDenied
    try:
        if request.POST.get("action") == "out":
            services.mentor_opt_out(program=program, employee=employee)
            messages.success(request, _("You are no longer offering to mentor in %(p)s.")
                             % {"p": program.name})
        else:
            services.mentor_opt_in(program=program, employee=employee)
            messages.success(request, _("Thank you: you offered to mentor in %(p)s.")
                             % {"p": program.name})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:home")


@login_required
@require_POST
def program_nominate(request: HttpRequest, program_id: int) -> HttpResponse:
    """A supervisor nominates a direct report as a mentee."""
    me = employee_for(request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    report = Employee.objects.filter(pk=request.POST.get("employee") or 0).first()
    if me is None or report is None or report.supervisor_id != me.pk:
        raise PermissionDenied
    try:
        services.mentee_nominate(program=program, employee=report, nominated_by=request.user,
                                 source=NominationSource.SUPERVISOR)
        messages.success(request, _("%(name)s is nominated as a mentee in %(p)s.")
                         % {"name": report.name, "p": program.name})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:home")


@login_required
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair, role = pair_get_for_participant(pair_id=pair_id, user=request.user)
    sessions = selectors.pair_sessions(pair=pair)
    totals = selectors.pair_totals_for(pair_ids=[pair.pk])[pair.pk]
    goals = list(pair.goals.select_related("competency"))
    has_confirmed = any(s.status == SessionStatus.CONFIRMED for s in sessions)
    my_fit = pair.mentor_fit if role == MENTOR else pair.mentee_fit if role == MENTEE else None
    names = selectors.competency_names({line["competency_id"] for line in pair.explanation})
    why = [{**line, "competency": names.get(line["competency_id"])}
           for line in pair.explanation]
    return render(request, "mentoring/pair.html", {
        "why": why,
        "pair": pair, "role": role, "sessions": sessions, "totals": totals, "goals": goals,
        "goal_form": GoalForm(program=pair.program) if pair.status == PairStatus.ACTIVE
        and role in (MENTOR, MENTEE) else None,
        "ask_fit": has_confirmed and role in (MENTOR, MENTEE) and my_fit is None
        and pair.status == PairStatus.ACTIVE,
        "can_complete": role == MENTOR and pair.status == PairStatus.ACTIVE and goals
        and has_confirmed,
    })


@login_required
@require_POST
def goal_add(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair, role = pair_get_for_participant(pair_id=pair_id, user=request.user)
    require_role(role, MENTOR, MENTEE)
    form = GoalForm(request.POST, program=pair.program)
    if form.is_valid():
        try:
            services.goal_add(pair=pair, **form.cleaned_data)
            messages.success(request, _("Goal added."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        _form_errors(request, form)
    return redirect("mentoring:pair_detail", pair_id=pair.pk)


@login_required
@require_POST
def pair_fit(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair, role = pair_get_for_participant(pair_id=pair_id, user=request.user)
    require_role(role, MENTOR, MENTEE)
    try:
        services.pair_fit_answer(pair_id=pair.pk, employee=employee_for(request.user),
                                 good_fit=request.POST.get("fit") == "yes")
        messages.success(request, _("Thank you for your answer."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:pair_detail", pair_id=pair.pk)


@login_required
def pair_complete(request: HttpRequest, pair_id: int) -> HttpResponse:
    """The mentor records the mentee's level per goal and completes the pairing."""
    pair, role = pair_get_for_participant(pair_id=pair_id, user=request.user)
    require_role(role, MENTOR)
    goals = list(pair.goals.select_related("competency"))
    if request.method == "POST":
        levels, met = {}, {}
        try:
            for goal in goals:
                raw = (request.POST.get(f"level-{goal.pk}") or "").replace(",", ".").strip()
                levels[goal.pk] = Decimal(raw) if raw else None
                met[goal.pk] = request.POST.get(f"met-{goal.pk}") == "on"
        except InvalidOperation:
            messages.error(request, _("Give a level from 1 to 5 for every goal."))
            return redirect("mentoring:pair_complete", pair_id=pair.pk)
        try:
            services.pair_complete(pair_id=pair.pk, levels=levels, met=met)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("mentoring:pair_complete", pair_id=pair.pk)
        messages.success(request, _("The mentoring is completed; the levels are recorded."))
        return redirect("mentoring:pair_detail", pair_id=pair.pk)
    return render(request, "mentoring/complete.html", {"pair": pair, "goals": goals})


@login_required
def session_log(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair, role = pair_get_for_participant(pair_id=pair_id, user=request.user)
    require_role(role, MENTOR)
    form = SessionForm(request.POST or None, request.FILES or None, program=pair.program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_log(pair=pair, **{**data, "competencies": list(data["competencies"]),
                                                "evidence": data.get("evidence") or None})
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Session logged; %(name)s is asked to confirm it.")
                             % {"name": pair.mentee.name})
            return redirect("mentoring:pair_detail", pair_id=pair.pk)
    return render(request, "mentoring/session_form.html", {"pair": pair, "form": form})


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session, role = session_get_for_participant(session_id=session_id, user=request.user)
    require_role(role, MENTOR)
    try:
        pair_check_active(pair=session.pair)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("mentoring:session_detail", session_id=session.pk)
    if session.status == SessionStatus.CONFIRMED:
        messages.error(request, _("A confirmed session cannot be changed."))
        return redirect("mentoring:session_detail", session_id=session.pk)
    form = SessionForm(request.POST or None, request.FILES or None, instance=session,
                       program=session.pair.program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = request.FILES.get("evidence")
        try:
            services.session_update(session_id=session.pk, **{
                **data, "competencies": list(data["competencies"]), "evidence": evidence})
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Session corrected; the mentee is asked to confirm it."))
            return redirect("mentoring:session_detail", session_id=session.pk)
    return render(request, "mentoring/session_form.html",
                  {"pair": session.pair, "form": form, "session": session})


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session, role = session_get_for_participant(session_id=session_id, user=request.user)
    return render(request, "mentoring/session.html", {
        "session": session, "role": role, "pair": session.pair,
        "active": session.pair.status == PairStatus.ACTIVE,
        "jp": selectors.session_jp_figures(pair=session.pair, sessions=[session])[session.pk],
        "competencies": list(session.competencies.all()),
        "confirm_form": ConfirmForm(), "dispute_form": DisputeForm(),
    })


@login_required
@require_POST
def session_confirm(request: HttpRequest, session_id: int) -> HttpResponse:
    session, role = session_get_for_participant(session_id=session_id, user=request.user)
    require_role(role, MENTEE)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("mentoring:session_detail", session_id=session.pk)
    try:
        session = services.session_confirm(session_id=session.pk,
                                           rating=form.cleaned_data["rating"],
                                           comment=form.cleaned_data["comment"])
        messages.success(request, _("Session confirmed: %(jp)s JP credited.")
                         % {"jp": floatformat(session.jp_awarded, -1)})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:pair_detail", pair_id=session.pair_id)


@login_required
@require_POST
def session_dispute(request: HttpRequest, session_id: int) -> HttpResponse:
    session, role = session_get_for_participant(session_id=session_id, user=request.user)
    require_role(role, MENTEE)
    form = DisputeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("mentoring:session_detail", session_id=session.pk)
    try:
        services.session_dispute(session_id=session.pk, reason=form.cleaned_data["reason"])
        messages.success(request, _("Session disputed; your mentor will correct it."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:pair_detail", pair_id=session.pair_id)


@login_required
def session_evidence(request: HttpRequest, session_id: int) -> HttpResponse:
    session, _role = session_get_for_participant(session_id=session_id, user=request.user)
    if not session.evidence:
        raise Http404
    return FileResponse(session.evidence.open("rb"), as_attachment=True,
                        filename=f"bukti-sesi-{session.pk}{session.evidence.name[-4:]}")


# --- HR ---------------------------------------------------------------------------------


@login_required
def hr_programs(request: HttpRequest) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    programs = list(MentoringProgram.objects.order_by("-start_date"))
    return render(request, "mentoring/hr/programs.html", {"programs": programs})


@login_required
def hr_program(request: HttpRequest, program_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    overview = selectors.program_overview(program=program)
    for p in overview.pairs:  # one swap form per pair, each with its own picker id
        p.swap_form = PairSwapForm(auto_id=f"swap-{p.pk}-%s")  # type: ignore[attr-defined]
    return render(request, "mentoring/hr/program.html", {
        "o": overview, "program": program, "add_form": PairAddForm(),
        "nominate_form": NominateForm(),
    })


@login_required
@require_POST
def hr_run_start(request: HttpRequest, program_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    try:
        services.matching_run_start(program=program, started_by=request.user)
        messages.success(request, _("Matching started."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:hr_program", program_id=program.pk)


@login_required
def hr_run_status(request: HttpRequest, program_id: int) -> HttpResponse:
    """The latest run's progress (config.jobs' JSON, polled while a run is going)."""
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    run = program.matching_runs.first()
    return job_progress_response(run) if run else job_progress_none_response()


@login_required
@require_POST
def hr_approve(request: HttpRequest, program_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    count = services.pairs_approve(program=program, approved_by=request.user)
    messages.success(request, _("%(n)d pairs approved; mentors and mentees are told by email.")
                     % {"n": count})
    return redirect("mentoring:hr_program", program_id=program.pk)


@login_required
def hr_people(request: HttpRequest) -> JsonResponse:
    """The person picker's suggestions: active employees by name or NIP (HR only)."""
    mentoring_check_hr(user=request.user)
    people = selectors.people_search(query=request.GET.get("q", ""))
    return JsonResponse({"results": [
        {"label": PERSON_PICKER_LABEL.format(name=e.name, nip=e.nip),
         "unit": e.unit.name if e.unit else ""} for e in people]})


@login_required
@require_POST
def hr_pair_add(request: HttpRequest, program_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    form = PairAddForm(request.POST)
    if form.is_valid():
        try:
            services.pair_add(program=program, added_by=request.user, **form.cleaned_data)
            messages.success(request, _("Pair added."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        _form_errors(request, form)
    return redirect("mentoring:hr_program", program_id=program.pk)


@login_required
@require_POST
def hr_pair_swap(request: HttpRequest, pair_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    pair = get_object_or_404(MentoringPair.objects.select_related("mentor", "mentee"),
                             pk=pair_id)
    form = PairSwapForm(request.POST)
    if form.is_valid() and form.cleaned_data["mentor"].pk == pair.mentor_id:
        messages.info(request, _("Nothing changed: %(mentor)s is already the mentor of "
                                 "%(mentee)s.") % {"mentor": pair.mentor.name,
                                                   "mentee": pair.mentee.name})
    elif form.is_valid():
        try:
            services.pair_swap(pair_id=pair.pk, new_mentor=form.cleaned_data["mentor"],
                               changed_by=request.user)
            messages.success(request, _("Mentor changed."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        _form_errors(request, form)
    return redirect("mentoring:hr_program", program_id=pair.program_id)


@login_required
@require_POST
def hr_pair_remove(request: HttpRequest, pair_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    pair = get_object_or_404(MentoringPair, pk=pair_id)
    try:
        services.pair_remove(pair_id=pair.pk, removed_by=request.user,
                             reason=request.POST.get("reason", ""))
        messages.success(request, _("Pair removed."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("mentoring:hr_program", program_id=pair.program_id)


@login_required
@require_POST
def hr_nominate(request: HttpRequest, program_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    form = NominateForm(request.POST)
    if form.is_valid():
        nips = [nip_normalize(line) for line in form.cleaned_data["nips"].splitlines()
                if line.strip()]
        found = {e.nip: e for e in Employee.objects.filter(nip__in=nips, is_active=True)}
        missing = [n for n in nips if n not in found]
        if missing:
            messages.error(request, _("No active employee has these NIPs: %(nips)s. Nobody "
                                      "was nominated.") % {"nips": ", ".join(missing)})
        else:
            for employee in found.values():
                services.mentee_nominate(program=program, employee=employee,
                                         nominated_by=request.user, source=NominationSource.HR)
            messages.success(request, _("%(n)d mentees nominated.") % {"n": len(found)})
    return redirect("mentoring:hr_program", program_id=program.pk)


REPORT_COLUMNS = [
    Column(_lazy("Unit")), Column(_lazy("Mentee")), Column(_lazy("Mentor")),
    Column(_lazy("Status"), Kind.CHOICE, choices=PairStatus),
    Column(_lazy("Sessions logged"), Kind.INTEGER),
    Column(_lazy("Sessions confirmed"), Kind.INTEGER),
    Column(_lazy("Duration")), Column(_lazy("Minutes"), Kind.INTEGER),
    Column(_lazy("JP"), Kind.DECIMAL),
    Column(_lazy("Confirmation rate (%)"), Kind.INTEGER),
    Column(_lazy("Average rating"), Kind.DECIMAL, places=1),
    Column(_lazy("Goals"), Kind.INTEGER), Column(_lazy("Goals met"), Kind.INTEGER),
]

@login_required
def hr_report(request: HttpRequest, program_id: int) -> HttpResponse:
    mentoring_check_hr(user=request.user)
    program = get_object_or_404(MentoringProgram, pk=program_id)
    rollup = unit_rollup_or_404(request.GET.get("unit"))
    rows, units = selectors.program_report(program=program, rollup=rollup)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        data = [
            [r.pair.mentee.unit.name, r.pair.mentee.name, r.pair.mentor.name,
             r.pair.status, r.totals.logged, r.totals.confirmed,
             duration_text(r.totals.minutes), r.totals.minutes,
             r.totals.jp, r.totals.confirmation_rate, r.totals.rating, r.goals, r.goals_met]
            for r in rows
        ]
        return export_response(tables=Table(_("Mentoring report"), REPORT_COLUMNS, data),
                               filename=f"mentoring-{program.pk}", fmt=fmt)
    return render(request, "mentoring/hr/report.html",
                  {"program": program, "rows": rows, "units": units, "rollup": rollup})
