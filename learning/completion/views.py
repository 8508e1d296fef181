"""Pages for attendance, check-in, JP history, evaluations, HR verification and
reports. Thin: permission-checked fetch → service or selector → render."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.exports import Column, Kind, Table, export_response
from config.guards import year_param
from config.links import absolute_url
from learning.completion import services
from learning.completion.forms import (
    EvaluationForm,
    ExternalLearningForm,
    PostTestImportForm,
    RejectForm,
)
from learning.completion.history_extras import jp_history_extras
from learning.completion.selectors.access import (
    enrollment_get_for_participant,
    external_learning_get_for_viewer,
    hr_required,
    session_get_for_roster,
)
from learning.completion.selectors.jp import jp_ledger_for, jp_summary_for, jp_years_for
from learning.completion.selectors.learner import (
    evaluations_pending_for,
    external_learning_for,
    external_learning_queue,
)
from learning.completion.selectors.reports import session_report_rows, unit_jp_report_rollup
from learning.completion.selectors.roster import roster_for
from learning.models import WorkshopSession
from people.decorators import employee_required
from people.models import Employee, EmploymentType
from people.roles import employee_for
from people.selectors import employee_can_be_seen_by
from people.units import unit_rollup_or_404


def _messages_from(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- Roster and check-in -----------------------------------------------------------


@login_required
def attendance_roster(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for_roster(session_id=session_id, user=request.user)
    if request.method == "POST":
        roster = roster_for(session=session)
        present: dict[int, set[dt.date]] = {}
        scores: dict[int, Decimal | None] = {}
        errors: list[str] = []
        for row in roster.rows:
            pk = row.enrollment.pk
            present[pk] = {
                d for d in roster.days if request.POST.get(f"present-{pk}-{d.isoformat()}")
            }
            if roster.has_post_test and f"score-{pk}" in request.POST:
                raw = request.POST[f"score-{pk}"].strip()
                try:
                    scores[pk] = services.score_parse(raw) if raw else None
                except ValidationError as exc:
                    errors.append(f"{row.enrollment.employee.name}: {exc.messages[0]}")
        if errors:
            for error in errors:
                messages.error(request, error)
            messages.error(request, _("Nothing was saved. Fix the scores and save again."))
            return redirect("learning:attendance_roster", session_id=session.pk)
        services.attendance_save(session=session, present=present, marked_by=request.user)
        if roster.has_post_test:
            services.post_test_scores_save(
                session=session, scores=scores, recorded_by=request.user
            )
        messages.success(request, _("Attendance saved."))
        return redirect("learning:attendance_roster", session_id=session.pk)
    roster = roster_for(session=session)
    return render(request, "learning/completion/roster.html", {
        "roster": roster, "session": session, "import_form": PostTestImportForm(),
    })


@login_required
@require_POST
def post_test_import(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for_roster(session_id=session_id, user=request.user)
    form = PostTestImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file to import."))
    else:
        try:
            count = services.post_test_import(
                session=session, file=form.cleaned_data["file"], recorded_by=request.user
            )
        except ValidationError as exc:
            _messages_from(request, exc)
            messages.error(request, _("Nothing was imported."))
        else:
            messages.success(request, _("%(count)d scores imported.") % {"count": count})
    return redirect("learning:attendance_roster", session_id=session.pk)


@login_required
def attendance_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """The QR code to show at the venue; the page reloads every minute with a new code."""
    session = session_get_for_roster(session_id=session_id, user=request.user)
    today = timezone.localdate()
    is_session_day = today in services.session_days(session=session)
    context = {"session": session, "today": today, "is_session_day": is_session_day,
               "max_age_minutes": services.CHECKIN_MAX_AGE_SECONDS // 60}
    if is_session_day and not session.is_cancelled:
        token = services.checkin_token_make(session=session, day=today)
        url = absolute_url(
            reverse("learning:attendance_checkin", args=[session.pk, token])
        )
        context["checkin_url"] = url
        context["qr_svg"] = segno.make(url, error="m").svg_inline(border=2, omitsize=True)
    return render(request, "learning/completion/qr.html", context)


@login_required
def attendance_checkin(request: HttpRequest, session_id: int, token: str) -> HttpResponse:
    """Scanned from the QR code: confirm (GET), then mark present (POST)."""
    session = WorkshopSession.objects.select_related("page").filter(pk=session_id).first()
    if session is None:
        raise Http404
    error = record = None
    if request.method == "POST":
        try:
            record = services.attendance_checkin(session=session, token=token, user=request.user)
        except services.CheckinError as exc:
            error = str(exc)
    else:
        try:
            services.checkin_token_read(token=token, session=session,
                                        today=timezone.localdate())
        except services.CheckinError as exc:
            error = str(exc)
    status = 403 if error else 200
    return render(request, "learning/completion/checkin.html", {
        "session": session, "error": error, "record": record,
    }, status=status)


# --- Employee: JP history, external learning, evaluations -----------------------------


@login_required
@employee_required
def jp_history(request: HttpRequest) -> HttpResponse:
    employee = employee_for(request.user)
    if employee is None:
        raise Http404
    year = _year_from(request)
    if request.method == "POST":
        form = ExternalLearningForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.external_learning_submit(
                    employee=employee, learning_form=data["learning_form"], title=data["title"],
                    provider=data["provider"], start_date=data["start_date"],
                    end_date=data["end_date"], jp_claimed=data["jp_claimed"],
                    proof=data["proof"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Submitted. HR will verify it."))
                return redirect("learning:jp_history")
    else:
        form = ExternalLearningForm()
    years = _jp_years(employee, shown=year)
    return render(request, "learning/completion/jp_history.html", {
        # The development plan's planned vs achieved JP of the year (learning.plans,
        # above completion, registers it).
        **jp_history_extras(employee=employee, year=year, viewer=request.user, own=True),
        "summary": jp_summary_for(employee=employee, year=year),
        "entries": jp_ledger_for(employee=employee, year=year),
        "years": years, "year": year, "form": form,
        "submissions": external_learning_for(employee=employee),
        "pending_evaluations": evaluations_pending_for(employee=employee),
        "jp_minutes": settings.BANGKOM_JP_MINUTES,
    })


@login_required
def employee_jp(request: HttpRequest, employee_id: int) -> HttpResponse:
    """A team member's JP history, read-only, for their supervisors and HR (404 for
    anyone else, so ids don't leak)."""
    employee = Employee.objects.with_org().filter(pk=employee_id).first()
    if employee is None or not employee_can_be_seen_by(employee=employee, user=request.user):
        raise Http404
    year = _year_from(request)
    years = _jp_years(employee, shown=year)
    return render(request, "learning/completion/jp_history.html", {
        "viewed": employee,
        # The viewed person's plan, never the viewer's (registered by learning.plans).
        **jp_history_extras(employee=employee, year=year, viewer=request.user, own=False),
        "summary": jp_summary_for(employee=employee, year=year),
        "entries": jp_ledger_for(employee=employee, year=year),
        "years": years, "year": year,
        "jp_minutes": settings.BANGKOM_JP_MINUTES,
    })


@login_required
def external_proof(request: HttpRequest, external_id: int) -> FileResponse:
    external = external_learning_get_for_viewer(
        external_id=external_id, user=request.user
    )
    try:
        handle = external.proof.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"bukti-{external.pk}{external.proof.name[external.proof.name.rfind('.'):]}"
    response = FileResponse(handle, as_attachment=False, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@login_required
def evaluation_form(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = enrollment_get_for_participant(
        enrollment_id=enrollment_id, user=request.user
    )
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(enrollment=enrollment, user=request.user,
                                       **form.cleaned_data)
        except ValidationError as exc:
            _messages_from(request, exc)
            return redirect("learning:jp_history")
        messages.success(request, _("Thank you for your evaluation."))
        return redirect("/")
    return render(request, "learning/completion/evaluation.html", {
        "enrollment": enrollment, "form": form,
        "already": hasattr(enrollment, "evaluation") and _exists(enrollment, "evaluation"),
        "completed": _exists(enrollment, "completion"),
    })


def _exists(obj, name: str) -> bool:
    try:
        return getattr(obj, name) is not None
    except Exception:
        return False


# --- HR ---------------------------------------------------------------------------


@login_required
def external_verification(request: HttpRequest) -> HttpResponse:
    hr_required(request.user)
    return render(request, "learning/completion/verification.html", {
        "queue": external_learning_queue(), "reject_form": RejectForm(),
    })


@login_required
@require_POST
def external_decide(request: HttpRequest, external_id: int) -> HttpResponse:
    hr_required(request.user)
    external = external_learning_get_for_viewer(
        external_id=external_id, user=request.user
    )
    try:
        if request.POST.get("action") == "verify":
            external = services.external_learning_verify(
                external_id=external.pk, verified_by=request.user
            )
            messages.success(request, _("“%(title)s” verified: %(jp)s JP credited.") % {
                "title": external.title, "jp": floatformat(external.jp_awarded, -1)})
        else:
            services.external_learning_reject(
                external_id=external.pk, verified_by=request.user,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("“%(title)s” rejected.") % {"title": external.title})
    except ValidationError as exc:
        _messages_from(request, exc)
    return redirect("learning:external_verification")


def _jp_years(employee: Employee, *, shown: int | None = None) -> list[int]:
    """The years the year picker offers: those with credits, this year, and the year
    shown (a link may open a year without credits, e.g. next year's plan)."""
    this_year = timezone.localdate().year
    years = set(jp_years_for(employee=employee)) | {this_year}
    if shown is not None:
        years.add(shown)
    return sorted(years, reverse=True)


def _year_from(request: HttpRequest) -> int:
    """?tahun=, this year without one; a wrong one is a 400 with its reason."""
    return year_param(request, default=timezone.localdate().year)


@login_required
def report_sessions(request: HttpRequest) -> HttpResponse:
    hr_required(request.user)
    year = _year_from(request)
    rows = session_report_rows(year=year)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        columns = [
            Column(_("Workshop")), Column(_("Code")), Column(_("Starts"), Kind.DATETIME),
            Column(_("Ends"), Kind.DATETIME), Column(_("Capacity"), Kind.INTEGER),
            Column(_("Enrolled"), Kind.INTEGER), Column(_("Fill rate (%)"), Kind.DECIMAL),
            Column(_("Completed"), Kind.INTEGER), Column(_("Evaluations"), Kind.INTEGER),
            Column(_("Material"), Kind.DECIMAL), Column(_("Facilitator"), Kind.DECIMAL),
            Column(_("Organization"), Kind.DECIMAL),
        ]
        data = [
            [r["page__title"], r["page__code"], r["starts_at"], r["ends_at"],
             r["capacity"], r["n_enrolled"], r["fill_percent"], r["n_completed"],
             r["n_evaluations"], r["avg_material"], r["avg_facilitator"],
             r["avg_organization"]]
            for r in rows
        ]
        return export_response(tables=Table(_("Sessions"), columns, data),
                               filename=f"sesi-{year}", fmt=fmt)
    return render(request, "learning/completion/report_sessions.html",
                  {"rows": rows, "year": year})


@login_required
def report_units(request: HttpRequest) -> HttpResponse:
    hr_required(request.user)
    year = _year_from(request)
    rollup = unit_rollup_or_404(request.GET.get("unit"))
    rows = unit_jp_report_rollup(year=year, rollup=rollup)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        columns = [
            Column(_("Unit")), Column(_("Employment type"), Kind.CHOICE, choices=EmploymentType),
            Column(_("Employees"), Kind.INTEGER), Column(_("Policy")),
            Column(_("Reached"), Kind.INTEGER), Column(_("Share (%)"), Kind.DECIMAL),
            Column(_("Average JP"), Kind.DECIMAL),
        ]
        data = [
            [r["unit__name"], r["employment_type"], r["n"],
             # floatformat: the decimal mark of the reader's language ("22,5").
             f"{'≥' if r['kind'] == 'MINIMUM' else '≤'} {floatformat(r['target'], -1)} JP"
             if r["target"] else "",
             r["n_reached"], r["share_percent"], r["avg_jp"]]
            for r in rows
        ]
        return export_response(tables=Table(_("JP per unit"), columns, data),
                               filename=f"jp-unit-{year}", fmt=fmt)
    return render(request, "learning/completion/report_units.html",
                  {"rows": rows, "year": year, "rollup": rollup, "year_query": f"tahun={year}"})
