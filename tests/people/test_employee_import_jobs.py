"""The employee upload page as a Celery job: queued on commit, idempotent, its status
polled as JSON by HR only, its outcome (summary or capped errors) on the page."""
from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

import people.services.employee_import_jobs as jobs
from people.models import Employee, EmployeeImportJob, ImportJobStatus
from tests.factories import EmployeeFactory, make_hr_user

pytestmark = pytest.mark.django_db
URL = "/pegawai/impor/"
HEADER = "nip,nama,golongan,jabatan,unit_kerja"
GOOD = "199001012015032001,Siti Rahmawati,III/b,Analis SDM,BKPSDM"


def upload(client, body: str, **data):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile("pegawai.csv", body.encode()),
                                     **data})
    assert response.status_code == 302
    return response


def queued_job(body: str, **fields) -> EmployeeImportJob:
    job = EmployeeImportJob(file_name="pegawai.csv", language="id", **fields)
    job.upload.save("job.csv", ContentFile(body.encode()), save=False)
    job.save()
    return job


def test_upload_queues_a_job_that_imports_and_discards_the_file(client):
    client.force_login(make_hr_user())
    response = upload(client, f"{HEADER}\n{GOOD}\n")
    job = EmployeeImportJob.objects.get()
    assert response["Location"] == f"{URL}?job={job.pk}#hasil"
    assert job.status == ImportJobStatus.SUCCEEDED and job.counts["created"] == 1
    assert not job.upload and Employee.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-summary"' in page


def test_failed_job_shows_capped_errors_with_the_count_of_the_rest(client, settings):
    settings.BANGKOM_UPLOAD_LIMITS = {
        **settings.BANGKOM_UPLOAD_LIMITS,
        "employees": {"max_bytes": 2**20, "max_rows": 1000, "max_errors": 5},
    }
    client.force_login(make_hr_user())
    bad = "".join(f"12{i},X,III/a,A,B\n" for i in range(20))
    response = upload(client, f"{HEADER}\n{bad}")
    job = EmployeeImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert len(job.errors) == 5 and job.error_count >= 20
    page = client.get(response["Location"])
    assert page.status_code == 422
    html = page.content.decode()
    assert html.count('data-testid="import-error"') == 5
    assert f"… dan {job.error_count - 5} galat lainnya." in html
    assert not Employee.objects.exists()


def test_running_a_finished_job_again_changes_nothing():
    job = queued_job(f"{HEADER}\n{GOOD}\n")
    jobs.employee_import_run(job_id=job.pk)
    job.refresh_from_db()
    first = (job.status, job.counts, job.finished_at)
    assert jobs.employee_import_run(job_id=job.pk).counts == first[1]
    job.refresh_from_db()
    assert (job.status, job.counts, job.finished_at) == first
    assert Employee.objects.count() == 1


def test_a_run_that_finds_its_job_finished_by_another_writes_nothing(monkeypatch):
    """A re-delivered task: the other delivery finished the job while this one was
    reading rows; the write transaction sees it under the row lock and gives up."""
    job = queued_job(f"{HEADER}\n{GOOD}\n")
    real = jobs.employee_import

    def racing(**kwargs):
        EmployeeImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.SUCCEEDED)
        return real(**kwargs)

    monkeypatch.setattr(jobs, "employee_import", racing)
    jobs.employee_import_run(job_id=job.pk)
    assert not Employee.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.SUCCEEDED and not job.upload


def test_a_job_whose_file_is_gone_fails_with_a_message():
    job = EmployeeImportJob.objects.create(file_name="hilang.csv", language="id")
    jobs.employee_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert "tidak dapat diselesaikan" in job.errors[0]["message"]


def test_dry_run_job_writes_nothing():
    job = queued_job(f"{HEADER}\n{GOOD}\n", dry_run=True)
    jobs.employee_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.SUCCEEDED and job.counts["created"] == 1
    assert not Employee.objects.exists()


class TestStatusView:
    def test_hr_reads_the_progress(self, client):
        job = queued_job(f"{HEADER}\n{GOOD}\n", rows_total=10, rows_processed=5,
                         status=ImportJobStatus.RUNNING)
        client.force_login(make_hr_user())
        data = client.get(f"{URL}{job.pk}/status/").json()
        assert data == {"id": job.pk, "status": "RUNNING", "status_label": "Memeriksa baris",
                        "finished": False, "done": 5, "total": 10, "percent": 45}

    def test_others_may_not(self, client):
        job = queued_job(f"{HEADER}\n{GOOD}\n")
        url = f"{URL}{job.pk}/status/"
        assert client.get(url)["Location"].startswith("/akun/login/")
        client.force_login(EmployeeFactory().user)
        assert client.get(url).status_code == 403

    def test_unknown_job_is_404(self, client):
        client.force_login(make_hr_user())
        assert client.get(f"{URL}999999/status/").status_code == 404


def test_page_queries_do_not_grow_with_recent_jobs(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hr = make_hr_user()
    client.force_login(hr)
    job = queued_job(f"{HEADER}\n{GOOD}\n", imported_by=hr)
    url = f"{URL}?job={job.pk}"
    client.get(url)  # first visit: Wagtail creates the user's profile

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        queued_job(f"{HEADER}\n{GOOD}\n", imported_by=EmployeeFactory().user)
    assert count() == few <= 10


def test_size_cap_is_checked_by_the_form(client, settings):
    settings.BANGKOM_UPLOAD_LIMITS = {
        **settings.BANGKOM_UPLOAD_LIMITS,
        "employees": {"max_bytes": 100, "max_rows": 10, "max_errors": 5},
    }
    client.force_login(make_hr_user())
    response = client.post(URL, {"file": SimpleUploadedFile(
        "pegawai.csv", (HEADER + "\n" + GOOD * 5).encode())})
    assert response.status_code == 200 and "batasnya 1 KB" in response.content.decode()
    assert not EmployeeImportJob.objects.exists()


def test_an_unreadable_upload_is_reported_not_raised():
    job = queued_job("")
    job.upload.save("png.csv", ContentFile(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
                                           .getvalue()))
    jobs.employee_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.errors[0]["message"].startswith("Berkas ini bukan berkas CSV atau XLSX")


@pytest.mark.celery_worker
def test_upload_is_imported_by_a_real_worker(celery_worker):
    """Through Redis and a worker process: the job goes from PENDING to SUCCEEDED and
    the worker reads the stored file from the shared private media folder."""
    import time

    job = jobs.employee_import_enqueue(
        upload=SimpleUploadedFile("pegawai.csv", f"{HEADER}\n{GOOD}\n".encode()),
        file_name="pegawai.csv", imported_by=None,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    assert job.status == ImportJobStatus.SUCCEEDED, job.errors
    assert Employee.objects.count() == 1 and not job.upload
