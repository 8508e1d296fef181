"""Development plan pages: the employee's plan, the approver's view and team list,
HR's report. Thin: each view checks access through a selector and calls a service."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competencies.models import Competency
from config.exports import Column, Kind, Table, export_response
from config.guards import year_param
from learning.models import WorkshopPage
from learning.plans import selectors, services
from learning.plans.forms import PlanDecisionForm, PlanItemForm
from learning.plans.models import PlanStatus, quarter_label
from people.decorators import employee_required
from people.roles import employee_for, user_is_hr


def _year(request: HttpRequest) -> int:
    """?tahun= (or the form's field), this year without one; a wrong one is a 400
    with its reason (config.guards.year_param)."""
    return year_param(request, default=timezone.localdate().year, post=True)


def _mine_url(year: int) -> str:
    return f"{reverse('learning:plan_mine')}?tahun={year}"


def _me(request: HttpRequest):
    employee = employee_for(request.user)
    if employee is None:
        raise Http404
    return employee


def _quarters(year: int) -> list[tuple[int, str]]:
    return [(q, quarter_label(year=year, quarter=q)) for q in range(1, 5)]


def _item_form_saved(request: HttpRequest, form: PlanItemForm, *, year: int, success: str,
                     save) -> HttpResponse | None:
    """Validate an item form and `save(**its fields)` (add or update: the form's
    fields are the service's arguments). A redirect to the plan when saved; None when
    the form, now carrying the error, must be shown again."""
    if not form.is_valid():
        return None
    try:
        save(**form.cleaned_data)
    except services.PlanError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, success)
    return redirect(_mine_url(year))


def _requested_year(request: HttpRequest) -> int | None:
    return year_param(request, post=True)


@login_required
@employee_required
def plan_mine(request: HttpRequest) -> HttpResponse:
    """The employee's plan for a year: items with progress, the add form, submit.
    Without ?tahun= it opens the plan that needs the employee's attention (a
    returned plan first), the one the home panel and the emails point at."""
    employee = _me(request)
    year = _requested_year(request)
    if year is None:
        year, plan = selectors.plan_needing_attention(employee=employee)
    else:
        plan = selectors.plan_for(employee=employee, year=year)
    initial = {"quarter": (timezone.localdate().month - 1) // 3 + 1}
    if request.GET.get("kompetensi", "").isdigit():
        initial["competency"] = int(request.GET["kompetensi"])
    form = PlanItemForm(initial=initial)
    if request.method == "POST":
        form = PlanItemForm(request.POST)
        saved = _item_form_saved(request, form, year=year, success=_("Added to your plan."),
                                 save=lambda **fields: services.plan_item_add(
                                     plan=plan or services.plan_get_or_create(
                                         employee=employee, year=year),
                                     by=request.user, **fields))
        if saved:
            return saved
    return render(request, "learning/plans/plan_mine.html", {
        "year": year, "years": services.plan_years_open(), "plan": plan, "form": form,
        "progress": selectors.plan_progress_for(plan=plan),
        "events": plan.events.select_related("actor").order_by("-at", "-pk") if plan else [],
        "quarters": _quarters(year),
        "deadline": _deadline(year),
        "elsewhere": _editable_elsewhere(employee=employee, plan=plan, year=year),
        "competency_param": initial.get("competency", ""),
    })


def _editable_elsewhere(*, employee, plan, year: int) -> int | None:
    """When this year's plan is locked (waiting for a decision), the other open year
    where the employee can add instead, if any (one query, only then)."""
    if plan is None or plan.is_editable:
        return None
    for other in services.plan_years_open():
        if other == year:
            continue
        other_plan = selectors.plan_for(employee=employee, year=other)
        if other_plan is None or other_plan.is_editable:
            return other
    return None


@login_required
def plan_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    """Change one item of the employee's own plan (the same rules as adding)."""
    item = selectors.plan_item_get_for_owner(item_id=item_id, user=request.user)
    year = item.plan.year
    if not item.plan.is_editable:
        messages.error(request, _("The plan is waiting for approval and cannot be changed "
                                  "now."))
        return redirect(_mine_url(year))
    form = PlanItemForm(initial={
        "kind": item.kind, "competency": item.competency_id, "workshop": item.workshop_id,
        "learning_form": item.learning_form_id, "title": item.title,
        "quarter": item.quarter, "planned_jp": item.planned_jp,
    })
    if request.method == "POST":
        form = PlanItemForm(request.POST)
        saved = _item_form_saved(request, form, year=year, success=_("Item changed."),
                                 save=lambda **fields: services.plan_item_update(
                                     item=item, by=request.user, **fields))
        if saved:
            return saved
    return render(request, "learning/plans/plan_item_edit.html", {
        "item": item, "form": form, "year": year,
    })


def _deadline(year: int):
    from learning.plans.notifications import plan_deadline

    return plan_deadline(year=year)


@login_required
@require_POST
def plan_item_add_workshop(request: HttpRequest) -> HttpResponse:
    """One click: plan a workshop for a competency (recommendations, catalog, gaps).
    POST workshop (page id), competency (id), optional next (a local URL)."""
    employee = _me(request)
    try:
        workshop = WorkshopPage.objects.live().get(pk=int(request.POST.get("workshop", "")))
        competency = Competency.objects.get(pk=int(request.POST.get("competency", "")),
                                            is_active=True)
    except (ValueError, WorkshopPage.DoesNotExist, Competency.DoesNotExist):
        messages.error(request, _("That workshop or competency does not exist."))
        return redirect("learning:plan_mine")
    try:
        item, created = services.plan_item_add_workshop(
            employee=employee, by=request.user, workshop=workshop, competency=competency)
    except services.PlanError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("learning:plan_mine")
    facts = {"title": workshop.title, "quarter": item.quarter_label, "year": item.plan.year}
    if created:
        messages.success(request, _("%(title)s was added to your plan for %(year)s, in "
                                    "%(quarter)s.") % facts)
    else:
        messages.info(request, _("%(title)s is already in your plan for %(year)s "
                                 "(%(quarter)s); nothing was added.") % facts)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(_mine_url(item.plan.year))


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.plan_item_get_for_owner(item_id=item_id, user=request.user)
    year = item.plan.year
    try:
        services.plan_item_delete(item=item, by=request.user)
    except services.PlanError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from your plan."))
    return redirect(_mine_url(year))


@login_required
@require_POST
def plan_submit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_owner(plan_id=plan_id, user=request.user)
    try:
        services.plan_submit(plan=plan, by=request.user)
    except services.PlanError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Submitted to your supervisor for approval."))
    return redirect(_mine_url(plan.year))


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan as its supervisor or HR sees it, with the decision form for the approver."""
    plan = selectors.plan_get_for_viewer(plan_id=plan_id, user=request.user)
    if plan.employee.user_id == request.user.pk:
        return redirect(_mine_url(plan.year))
    return render(request, "learning/plans/plan_detail.html", {
        "plan": plan, "progress": selectors.plan_progress_for(plan=plan),
        "events": plan.events.select_related("actor").order_by("-at", "-pk"),
        "can_decide": plan.status == PlanStatus.SUBMITTED
        and selectors.plan_is_approver(plan=plan, user=request.user),
        "form": PlanDecisionForm(),
    })


@login_required
@require_POST
def plan_decide(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get_for_approver(plan_id=plan_id, user=request.user)
    form = PlanDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or return."))
        return redirect("learning:plan_detail", plan.pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.plan_decide(plan=plan, by=request.user, approve=approve,
                             comment=form.cleaned_data["comment"])
    except services.PlanError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("learning:plan_detail", plan.pk)
    messages.success(request, _("Plan approved.") if approve else _("Plan returned."))
    return redirect("learning:plan_team")


@login_required
def plan_team(request: HttpRequest) -> HttpResponse:
    """The approver's page: plans waiting for their decision, and their direct
    reports with the state of each one's plan for the year."""
    me = employee_for(request.user)
    hr = user_is_hr(request.user)
    if me is None and not hr:
        raise Http404
    year = _year(request)
    team = selectors.team_plans_for(supervisor=me, year=year) if me else []
    if not team and not hr:
        raise PermissionDenied
    return render(request, "learning/plans/plan_team.html", {
        "year": year, "team": team,
        "waiting": list(selectors.plans_awaiting_for(user=request.user)),
    })


@login_required
def plan_report(request: HttpRequest) -> HttpResponse:
    """HR: per unit, rolled up the unit tree, with drill-down; CSV/XLSX."""
    if not user_is_hr(request.user):
        raise PermissionDenied
    year = _year(request)
    within = request.GET.get("unit")
    result = selectors.plan_unit_report(
        year=year, within_id=int(within) if within and within.isdigit() else None)
    if result is None:
        raise Http404
    rollup, rows = result
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        columns = [
            Column(_("Unit")), Column(_("Employees"), Kind.INTEGER),
            Column(_("With an approved plan"), Kind.INTEGER), Column(_("Share (%)"), Kind.DECIMAL),
            Column(_("Planned JP"), Kind.DECIMAL), Column(_("Achieved JP"), Kind.DECIMAL),
            Column(_("Achieved (%)"), Kind.DECIMAL), Column(_("Competency gaps"), Kind.INTEGER),
            Column(_("Gaps covered by plans"), Kind.INTEGER),
            Column(_("Coverage (%)"), Kind.DECIMAL),
        ]
        data = [[r.label, r.employees, r.approved, r.approved_percent, r.planned_jp,
                 r.achieved_jp, r.achieved_percent, r.gap_demand, r.gaps_covered,
                 r.coverage_percent] for r in rows]
        return export_response(tables=Table(_("Development plans"), columns, data),
                               filename=f"rencana-pengembangan-{year}", fmt=fmt)
    return render(request, "learning/plans/plan_report.html", {
        "year": year, "rollup": rollup, "rows": rows,
        "within": rollup.within[0] if rollup.within else "",
    })
