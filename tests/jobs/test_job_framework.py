"""The one job framework (config.jobs): a chunk counts once, a failed job stays failed,
two starts make one job and a stale one is failed as abandoned, every job answers the
same progress JSON, and the pages poll with the one script and progress box."""
from __future__ import annotations

import datetime as dt

import pytest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from config.jobs.chunks import ABANDONED_ERROR, chunks_split, job_chunk_run, job_create
from config.jobs.progress import job_progress
from learning.certificates.models import CertificateJob
from learning.recommendations.models import RecommendationJob, RecommendationJobChunk
from mentoring.models import MatchingRun
from people.models import EmployeeImportJob
from tests.factories import PASSWORD, make_hr_user
from tests.mentoring.world import competency, program

pytestmark = pytest.mark.django_db


def run_chunk(job, number, size, calls):
    return job_chunk_run(
        job_model=RecommendationJob, chunk_model=RecommendationJobChunk, job_id=job.pk,
        number=number, size=size, prepare=lambda: "ctx",
        work=lambda ctx: calls.append((number, ctx)),
    )


def test_chunks_split_keeps_order_and_size():
    assert list(chunks_split([5, 1, 7, 3, 9], 2)) == [[5, 1], [7, 3], [9]]
    assert list(chunks_split([], 3)) == []


def test_a_chunk_counts_once_and_the_last_one_ends_the_job():
    job = RecommendationJob.objects.create(total=3, chunk_count=2)
    calls: list = []
    assert run_chunk(job, 0, 2, calls) is True
    assert run_chunk(job, 0, 2, calls) is False  # re-delivered: neither run nor counted
    job.refresh_from_db()
    assert (job.done, job.status, calls) == (2, "RUNNING", [(0, "ctx")])
    assert job_progress(job)["percent"] == 66 and "error" not in job_progress(job)
    run_chunk(job, 1, 1, calls)
    job.refresh_from_db()
    assert job.done == 3 and job.status == "DONE" and job.finished_at is not None
    assert job_progress(job)["finished"] is True


def test_a_failed_job_stays_failed_and_says_why():
    job = RecommendationJob.objects.create(total=2, chunk_count=2)
    RecommendationJob.mark_failed(job_id=job.pk, error="bagian 0: basis data menolak")
    calls: list = []
    assert run_chunk(job, 0, 2, calls) is False and calls == []
    RecommendationJob.chunk_counted(job_id=job.pk, size=2)  # a chunk already under way
    job.refresh_from_db()
    assert job.status == "FAILED" and job.finished_at is not None
    assert job_progress(job)["error"] == "bagian 0: basis data menolak"


def test_two_starts_make_one_job_and_a_stale_one_is_abandoned():
    first, chunks, created = job_create(
        job_model=RecommendationJob, ids=[1, 2, 3], chunk_size=2, stale_minutes=30)
    assert created and chunks == [[1, 2], [3]] and first.chunk_count == 2
    again, chunks, created = job_create(
        job_model=RecommendationJob, ids=[1, 2, 3], chunk_size=2, stale_minutes=30)
    assert again.pk == first.pk and not created and chunks == []
    RecommendationJob.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=31))
    new, _chunks, created = job_create(
        job_model=RecommendationJob, ids=[], chunk_size=2, stale_minutes=30)
    first.refresh_from_db()
    assert created and new.pk != first.pk and new.status == "DONE"  # nothing to do
    assert first.status == "FAILED" and first.error == ABANDONED_ERROR


def test_an_upload_job_fails_in_the_uploaders_language_and_answers_the_same_json():
    job = EmployeeImportJob.objects.create(file_name="pegawai.csv", language="id",
                                           status="RUNNING", rows_total=10, rows_processed=5)
    assert job_progress(job)["percent"] == 45 and job_progress(job)["total"] == 10
    EmployeeImportJob.mark_failed(job_id=job.pk)
    job.refresh_from_db()
    assert job.is_finished and job.error_count == 1
    assert "tidak dapat diselesaikan" in job_progress(job)["error"]
    assert EmployeeImportJob.mark_failed(job_id=job.pk) == 0  # a finished job stays


def test_the_matching_run_polls_the_shared_progress(client):
    prog = program([competency("T.JOB")])
    run = MatchingRun.objects.create(program=prog, status="RUNNING", percent=40)
    hr = make_hr_user("hr.jobs")
    client.login(username=hr.username, password=PASSWORD)
    status = client.get(reverse("mentoring:hr_run_status", args=[prog.pk])).json()
    assert status["status"] == "RUNNING" and status["percent"] == 40
    assert status["finished"] is False and status["total"] is None
    page = client.get(reverse("mentoring:hr_program", args=[prog.pk])).content.decode()
    assert "data-job-progress" in page and static("js/job_progress.js") in page
    assert "run_poll.js" not in page
    MatchingRun.mark_failed(job_id=run.pk, error="Pemecah gagal")
    status = client.get(reverse("mentoring:hr_run_status", args=[prog.pk])).json()
    assert status["finished"] is True and status["error"] == "Pemecah gagal"


def test_a_certificate_zip_that_fails_ends_through_the_one_failure_path(client, monkeypatch):
    from learning.certificates import bulk
    from tests.learning.completion_world import make_session

    session = make_session(title="Pelatihan Arsip")
    job = CertificateJob.objects.create(kind="ZIP", session=session)
    before = CertificateJob.objects.get(pk=job.pk).updated_at

    def broken(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr(bulk.tempfile, "TemporaryFile", broken)
    with pytest.raises(OSError):
        bulk.certificate_zip_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.is_finished and job.status == "FAILED" and job.updated_at > before
    client.force_login(make_hr_user("hr.cert.jobs"))
    status = client.get(reverse("certificates:hr_job_status", args=[job.pk])).json()
    assert status["finished"] is True and status["error"] == "disk penuh"
    page = client.get(reverse("certificates:hr_session", args=[session.pk]),
                      {"job": job.pk}).content.decode()
    assert "data-job-progress" in page and 'class="msg msg--error">disk penuh' in page


def test_a_task_that_fails_records_an_indonesian_reason_once_retries_are_spent():
    from types import SimpleNamespace

    from django.db import OperationalError

    from config.jobs.tasks import job_failure_reason, job_failure_recorded

    job = RecommendationJob.objects.create(total=4, chunk_count=2)

    def mark(reason):
        RecommendationJob.mark_failed(job_id=job.pk,
                                      error=job_failure_reason(reason=reason, number=1))

    task = SimpleNamespace(request=SimpleNamespace(retries=0), max_retries=3)
    with pytest.raises(OperationalError), job_failure_recorded(task, mark):
        raise OperationalError("gone")
    job.refresh_from_db()
    assert job.status == "RUNNING"  # Celery retries it
    task.request.retries = 3
    with pytest.raises(OperationalError), job_failure_recorded(task, mark):
        raise OperationalError("gone")
    job.refresh_from_db()
    assert job.status == "FAILED" and job.error == "Bagian 2: basis data tidak dapat dihubungi"
