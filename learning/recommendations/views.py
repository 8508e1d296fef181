"""Recommendation pages: enroll from a suggestion, dismiss it, the supervisor's team
view and assignment, HR's catalog-gap report (exports, draft workshop) and the bulk
recomputation. Thin: access checks first, then one service or selector."""
from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.exports import export_response
from config.jobs.progress import job_progress_response
from learning.enrollment import services as enrollment_services
from learning.recommendations import selectors, services
from learning.recommendations.forms import TeamFilterForm
from learning.recommendations.models import (
    DismissalReason,
    Recommendation,
    RecommendationJob,
)
from people.roles import employee_for, user_is_hr
from people.selectors import employee_team_ids
from people.units import unit_rollup_or_404


def _home_or_next(request: HttpRequest) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


def _own(request: HttpRequest, recommendation_id: int) -> Recommendation:
    rec = selectors.recommendation_get_for_owner(
        recommendation_id=recommendation_id, employee=employee_for(request.user))
    if rec is None:
        raise Http404
    return rec


def pppk_cap_warning(*, employee, session) -> str:
    """For a PPPK, a warning when the session's JP would take them past their cap
    (24 JP per contract year) in the period the session's JP would count in (its
    credit day: the local day it ends); empty otherwise."""
    from learning.completion.selectors.jp import jp_summary_for
    from learning.completion.selectors.pppk_cap import pppk_cap_warning_text
    from learning.completion.services.jp import session_jp

    if employee.employment_type != "PPPK":
        return ""
    summary = jp_summary_for(employee=employee, on=timezone.localdate(session.ends_at))
    return pppk_cap_warning_text(summary=summary, jp=session_jp(session=session))


@login_required
@require_POST
def recommendation_enroll(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """One-click enroll from a suggestion, through the normal enrollment service
    (approval, overlap and eligibility rules apply); a PPPK confirms first when the
    JP would pass the cap."""
    rec = _own(request, recommendation_id)
    me = employee_for(request.user)
    session = rec.session
    back = _home_or_next(request)
    confirm_overlap = request.POST.get("confirm_overlap") == "1"
    confirm_cap = request.POST.get("confirm_cap") == "1"
    cap_warning = "" if confirm_cap else pppk_cap_warning(employee=me, session=session)
    if cap_warning:
        return render(request, "recommendations/confirm_enroll.html", {
            "rec": rec, "session": session, "warning": cap_warning, "next": back,
            "confirm_overlap": confirm_overlap, "confirm_cap": True,
        })
    try:
        result = enrollment_services.enrollment_enroll(
            session=session, employee=me, enrolled_by=request.user,
            acknowledge_overlap=confirm_overlap,
        )
    except enrollment_services.OverlapWarning as warning:
        return render(request, "recommendations/confirm_enroll.html", {
            "rec": rec, "session": session, "warning": warning.messages[0],
            "overlapping": warning.overlapping, "next": back,
            "confirm_overlap": True, "confirm_cap": confirm_cap,
        })
    except enrollment_services.EnrollmentError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    status = result.enrollment.status
    if not result.created:
        messages.info(request, _("You are already in this session (%(status)s).")
                      % {"status": result.enrollment.get_status_display()})
    elif status == "ENROLLED":
        messages.success(request, _("You are enrolled in %(title)s.")
                         % {"title": session.page.title})
    elif status == "PENDING_APPROVAL":
        messages.warning(request, _("Your request for %(title)s was sent to your supervisor "
                                    "for approval.") % {"title": session.page.title})
    else:
        messages.warning(request, _("%(title)s is full: you are on the waitlist.")
                         % {"title": session.page.title})
    return redirect(back)


@login_required
@require_POST
def recommendation_dismiss(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Hide a suggestion (not relevant / learned elsewhere) until its gap data changes."""
    rec = _own(request, recommendation_id)
    reason = request.POST.get("reason", "")
    if reason not in DismissalReason.values:
        messages.error(request, _("Choose why you are hiding this suggestion."))
        return redirect(_home_or_next(request))
    services.recommendation_dismiss(recommendation=rec, reason=reason)
    messages.success(request, _("Hidden: %(title)s. It comes back if your competency data "
                                "for it changes.") % {"title": rec.workshop.title})
    return redirect(_home_or_next(request))


def _team_for(request: HttpRequest):
    me = employee_for(request.user)
    if me is None:
        raise PermissionDenied
    team = employee_team_ids(supervisor=me)
    if not team:
        raise PermissionDenied
    return me, team


@login_required
@require_GET
def recommendation_team(request: HttpRequest) -> HttpResponse:
    """A supervisor's team (direct and indirect reports), a page of people at a time,
    with each one's top suggestions, written about them (third person); filtered by
    person and competency. A filter value outside the team is refused with the form's
    message and ignored."""
    me, team = _team_for(request)
    form = TeamFilterForm(request.GET or None, member_ids=team)
    chosen: dict = {}
    if form.is_bound:
        form.is_valid()  # an invalid field is left out of cleaned_data: its filter is off
        chosen = form.cleaned_data
    person, competency = chosen.get("pegawai"), chosen.get("kompetensi")
    page, rows = selectors.team_recommendations_page(
        member_ids=team, reader_id=me.pk, employee_id=person.pk if person else None,
        competency_id=competency.pk if competency else None,
        page_number=request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "recommendations/team.html", {
        "form": form, "page": page, "rows": rows, "filter_query": query.urlencode(),
        "filtered": bool(person or competency)})


@login_required
@require_POST
def recommendation_assign(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """The supervisor asks a team member to take a suggested workshop."""
    me, team = _team_for(request)
    rec = Recommendation.objects.select_related("workshop", "employee").filter(
        pk=recommendation_id, employee_id__in=team).first()
    if rec is None:
        raise Http404
    from learning.enrollment.eligibility import workshop_enrollment_refusal_reasons

    if workshop_enrollment_refusal_reasons(workshop=rec.workshop, employee=rec.employee):
        # A suggestion stored before the rules or the employee changed (the page no
        # longer lists it): asking them to take what they may not enroll in helps no one.
        messages.error(request, _("%(name)s may not enroll in %(title)s: nothing was "
                                  "assigned.") % {"name": rec.employee.name,
                                                  "title": rec.workshop.title})
        return redirect(reverse("learning:recommendation_team"))
    services.recommendation_assign(recommendation=rec, assigned_by=me,
                                   note=request.POST.get("note", ""))
    messages.success(request, _("%(name)s is asked to take %(title)s and was emailed.")
                     % {"name": rec.employee.name, "title": rec.workshop.title})
    return redirect(reverse("learning:recommendation_team"))


# --- HR ------------------------------------------------------------------------------


def _hr(request: HttpRequest) -> None:
    if not user_is_hr(request.user):
        raise PermissionDenied


def _rollup(request: HttpRequest):
    return unit_rollup_or_404(request.GET.get("unit"))


@login_required
@require_GET
def recommendation_catalog_gaps(request: HttpRequest) -> HttpResponse:
    """HR: gaps no workshop covers, per unit × competency, by demand."""
    _hr(request)
    rollup = _rollup(request)
    return render(request, "recommendations/catalog_gaps.html", {
        "rows": selectors.catalog_gap_rows(rollup=rollup), "rollup": rollup,
        "job": selectors.reco_job_latest(), "unit_param": request.GET.get("unit", ""),
    })


@login_required
@require_GET
def recommendation_catalog_gaps_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _hr(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    table = selectors.catalog_gap_table(selectors.catalog_gap_rows(rollup=_rollup(request)))
    stamp = timezone.localdate().isoformat()
    return export_response(tables=table, filename=f"kesenjangan-katalog-{stamp}", fmt=fmt)


@login_required
@require_POST
def recommendation_draft_workshop(request: HttpRequest) -> HttpResponse:
    """HR starts a draft workshop page for a catalog gap, with the competency and the
    target level filled in, and continues in the page editor."""
    _hr(request)
    from competencies.models import Competency
    from learning.models import LearningForm, WorkshopCompetency, WorkshopPage

    competency = get_object_or_404(Competency, pk=request.POST.get("competency") or 0)
    try:
        level = min(max(int(request.POST.get("level", "")), 1), 5)
    except ValueError:
        level = 3
    index = selectors_catalog_index()
    form = LearningForm.objects.order_by("pk").first()
    if index is None or form is None:
        messages.error(request, _("The workshop catalog is not set up yet."))
        return redirect(reverse("learning:recommendation_catalog_gaps"))
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    page = WorkshopPage(
        title=_("Workshop: %(competency)s (level %(level)s)")
        % {"competency": competency.name, "level": level},
        slug=f"draf-{competency.code.lower().replace('.', '-')}-{stamp}",
        code=f"DRAF-{competency.code}-{stamp}"[:40], learning_form=form, jp=Decimal(0),
        live=False,
    )
    index.add_child(instance=page)
    WorkshopCompetency.objects.create(page=page, competency=competency, target_level=level)
    page.save_revision(user=request.user)
    messages.success(request, _("Draft workshop created: complete it and add sessions."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def selectors_catalog_index():
    from learning.catalog.selectors import catalog_index_get

    return catalog_index_get()


@login_required
@require_POST
def recommendation_recompute_start(request: HttpRequest) -> HttpResponse:
    _hr(request)
    job = services.recommendations_recompute_all(started_by=request.user)
    return redirect(f"{reverse('learning:recommendation_catalog_gaps')}?job={job.pk}#recompute")


@login_required
@require_GET
def recommendation_recompute_status(request: HttpRequest, job_id: int) -> JsonResponse:
    _hr(request)
    return job_progress_response(get_object_or_404(RecommendationJob, pk=job_id))
