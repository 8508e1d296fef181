"""One progress endpoint shape for every job, read by static/js/job_progress.js."""

from __future__ import annotations

from django.http import JsonResponse

from config.jobs.models import JobProgressMixin


def job_progress(job: JobProgressMixin) -> dict:
    """The JSON a job page polls: status (code and label), done/total (total None when
    unknown), percent (None when unknown), finished; and `error`, the reason, only
    when the job has failed."""
    data = {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "finished": job.is_finished,
    }
    if job.status == job.failed_status:
        data["error"] = job.failure_message
    return data


def job_progress_response(job: JobProgressMixin) -> JsonResponse:
    """The status endpoint's response; the view keeps its own access check."""
    return JsonResponse(job_progress(job))


def job_progress_none_response() -> JsonResponse:
    """The same shape when there is no job (a page polls its latest run and none is
    left): finished, so the poller stops and reloads."""
    return JsonResponse({
        "id": None, "status": "", "status_label": "", "done": 0, "total": None,
        "percent": None, "finished": True,
    })
