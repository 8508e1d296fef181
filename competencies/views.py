"""Pages of the gap analysis: my profile, a team member's profile, a supervisor's
team, HR's heatmap with exports and recomputation. Thin: access via
competencies.gaps.access, data via competencies.gaps.selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from competencies.gaps import exports
from competencies.gaps.access import (
    gap_analysis_check_hr,
    gap_profile_get_for_viewer,
    gap_team_get_for_supervisor,
)
from competencies.gaps.remedies import gap_remedies_for
from competencies.gaps.selectors import (
    gap_heatmap,
    gap_job_latest,
    gap_profile_for,
    jpm_band_descriptions,
    jpm_distribution,
    team_gaps_page,
)
from competencies.gaps.services import gaps_recompute_all
from competencies.models import CompetencyType, GapRecomputeJob
from config.exports import export_response
from config.jobs.progress import job_progress_response
from people.decorators import employee_required
from people.models import Employee
from people.roles import employee_for, user_is_hr
from people.units import UnitRollup, unit_rollup_or_404


def _profile(request: HttpRequest, employee: Employee, *, own: bool) -> HttpResponse:
    profile = gap_profile_for(employee=employee)
    # Beside each gap: the ways to close it that other apps offer (registry).
    remedies = gap_remedies_for(
        employee=employee,
        competency_ids=[line.competency.pk for line in profile.lines
                        if line.gap.gap is not None and line.gap.gap > 0],
        own=own,
    )
    for line in profile.lines:
        line.remedies = remedies.get(line.competency.pk, [])
    # Own data for oneself, anyone's for HR (people.personal_data); not the supervisor's.
    if own:
        personal_data_url = reverse("people:personal_data_mine")
    elif user_is_hr(request.user):
        personal_data_url = reverse("people:personal_data_employee", args=[employee.pk])
    else:
        personal_data_url = None
    return render(request, "competencies/profile.html", {
        "profile": profile, "own": own, "personal_data_url": personal_data_url})


@login_required
@require_GET
@employee_required
def my_profile(request: HttpRequest) -> HttpResponse:
    me = employee_for(request.user)
    me = Employee.objects.with_org().get(pk=me.pk)
    return _profile(request, me, own=True)


@login_required
@require_GET
def employee_profile(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = gap_profile_get_for_viewer(employee_id=employee_id, user=request.user)
    if employee is None:
        raise Http404
    me = employee_for(request.user)
    return _profile(request, employee, own=bool(me and me.pk == employee.pk))


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    _me, team_ids = gap_team_get_for_supervisor(user=request.user)
    page, rows = team_gaps_page(member_ids=team_ids, page_number=request.GET.get("page"))
    return render(request, "competencies/team.html", {"page": page, "rows": rows})


def _rollup_from(request: HttpRequest) -> UnitRollup:
    """The rows of units HR asked for: ?unit=<id> drills into that unit."""
    return unit_rollup_or_404(request.GET.get("unit"))


@login_required
@require_GET
def analysis(request: HttpRequest) -> HttpResponse:
    gap_analysis_check_hr(user=request.user)
    ctype = request.GET.get("jenis") or None
    rollup = _rollup_from(request)
    bands, jpm_rows = jpm_distribution(rollup=rollup)
    return render(
        request,
        "competencies/analysis.html",
        {
            "heat": gap_heatmap(competency_type=ctype, rollup=rollup),
            "rollup": rollup,
            "jpm_bands": bands,
            "jpm_rows": jpm_rows,
            "job": gap_job_latest(),
            "types": CompetencyType.choices,
            "ctype": ctype,
            "band_descriptions": jpm_band_descriptions(),
        },
    )


@login_required
@require_GET
def analysis_export(request: HttpRequest, fmt: str) -> HttpResponse:
    gap_analysis_check_hr(user=request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    stamp = timezone.localdate().isoformat()
    rollup = _rollup_from(request)
    # A CSV holds one table: the heatmap; the workbook adds the JPM sheet.
    tables = [exports.heatmap_table(rollup)] if fmt == "csv" else exports.heatmap_tables(rollup)
    return export_response(tables=tables, filename=f"akpk-kesenjangan-{stamp}", fmt=fmt)


@login_required
@require_GET
def gap_list_export(request: HttpRequest) -> StreamingHttpResponse:
    gap_analysis_check_hr(user=request.user)
    stamp = timezone.localdate().isoformat()
    return export_response(tables=exports.gap_list_table(), filename=f"akpk-daftar-pegawai-{stamp}",
                           fmt="csv", stream=True)


@login_required
@require_POST
def recompute_start(request: HttpRequest) -> HttpResponse:
    gap_analysis_check_hr(user=request.user)
    job = gaps_recompute_all(started_by=request.user)
    return redirect(f"{reverse('competencies:analysis')}?job={job.pk}#recompute")


@login_required
@require_GET
def recompute_status(request: HttpRequest, job_id: int) -> JsonResponse:
    gap_analysis_check_hr(user=request.user)
    return job_progress_response(get_object_or_404(GapRecomputeJob, pk=job_id))
