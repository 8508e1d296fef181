"""Uploads imported by a Celery job (eager here; a real worker in the last test): the
page that started the job shows its progress, then the summary or the row errors in
the uploader's language; the job is idempotent on retry; the gap recomputation that
follows is queued as tasks after commit, not run in the request."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import TestCase
from django.utils import translation

from competencies.imports.readers import rows_estimate
from competencies.imports.services import importer, jobs
from competencies.imports.services.jobs import (
    import_batch_mark_failed,
    results_import_enqueue,
    results_import_run,
)
from competencies.models import (
    Appraisal,
    Assessment,
    CompetencyGap,
    ImportBatch,
    ImportStatus,
)
from tests.competencies.import_files import csv_file, xlsx_file
from tests.competencies.test_gaps_world import TODAY, employee_in, world_build
from tests.factories import EmployeeFactory, make_hr_user, make_nip

URL = "/kompetensi/impor/"
HEADER = ["nip", "periode", "rating_hasil_kerja", "rating_perilaku_kerja", "predikat"]


def upload_file(rows, name="skp.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_file(rows, sep=";", bom=True).read(), "text/csv")


@pytest.fixture
def hr_client(client, db):
    client.force_login(make_hr_user())
    return client


def on_commit_run():
    """Run what the code under test queues on commit (the test's transaction never
    commits): the eager import job, as in a process without a broker."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def nips(db):
    numbers = [make_nip(801), make_nip(802)]
    for nip in numbers:
        EmployeeFactory(nip=nip)
    return numbers


def good_rows(nips):
    return [
        HEADER,
        [nips[0], "2026-T1", "sesuai", "sesuai", ""],
        [nips[1], "2026-T1", "di atas", "sesuai", "Baik"],
    ]


def bad_rows(nips):
    return [
        HEADER,
        [nips[0], "2026-T1", "sesuai", "sesuai", ""],
        [nips[1], "2026-T9", "sesuai", "sesuai", ""],
    ]


class TestUploadPage:
    def test_upload_queues_a_job_and_the_page_shows_its_outcome(self, hr_client, nips):
        with on_commit_run():
            response = hr_client.post(URL, {"file": upload_file(good_rows(nips))})
        batch = ImportBatch.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"{URL}?batch={batch.pk}#hasil"
        assert batch.status == ImportStatus.SUCCEEDED  # eager Celery: already done
        assert (batch.row_count, batch.created_count, batch.updated_count) == (2, 2, 0)
        assert Appraisal.objects.count() == 2
        assert not batch.upload  # the stored file (NIPs) is deleted once the job ends
        page = hr_client.get(response["Location"]).content.decode()
        assert 'data-testid="import-summary"' in page and 'data-testid="created">2<' in page

    def test_row_errors_are_shown_after_the_job_in_indonesian(self, hr_client, nips):
        with on_commit_run():
            response = hr_client.post(URL, {"file": upload_file(bad_rows(nips))})
        response = hr_client.get(response["Location"])
        assert response.status_code == 422
        batch = ImportBatch.objects.get()
        assert batch.status == ImportStatus.FAILED and Appraisal.objects.count() == 0
        body = response.content.decode()
        assert "<td>3</td><td><code>periode</code></td>" in body
        assert "bukan periode" in body and "yang diimpor" in body

    def test_errors_come_in_the_uploaders_language_wherever_the_job_runs(self, hr_client, nips):
        with translation.override("en"):
            batch = results_import_enqueue(upload=upload_file(bad_rows(nips)), file_name="skp.csv")
        assert batch.language == "en"
        with translation.override("id"):  # the worker's own language does not matter
            results_import_run(batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.status == ImportStatus.FAILED
        assert "is not a period" in batch.errors[0]["message"]

    def test_running_job_shows_a_progress_bar_polling_its_status(self, hr_client):
        batch = ImportBatch.objects.create(
            file_name="besar.csv",
            status=ImportStatus.RUNNING,
            rows_total=100_000,
            rows_processed=45_000,
        )
        page = hr_client.get(f"{URL}?batch={batch.pk}").content.decode()
        assert 'data-testid="import-job"' in page
        assert f'data-status-url="/kompetensi/impor/{batch.pk}/status/"' in page
        assert 'aria-valuenow="40"' in page  # checking the rows is the first 90 %
        assert "js/job_progress." in page
        status = hr_client.get(f"/kompetensi/impor/{batch.pk}/status/").json()
        assert status == {
            "id": batch.pk,
            "status": "RUNNING",
            "status_label": "Memeriksa baris",
            "finished": False,
            "done": 45_000,
            "total": 100_000,
            "percent": 40,
        }
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.WRITING)
        assert hr_client.get(f"/kompetensi/impor/{batch.pk}/status/").json()["percent"] == 95

    def test_status_is_for_hr_only(self, client, db):
        batch = ImportBatch.objects.create(file_name="x.csv")
        client.force_login(EmployeeFactory().user)
        assert client.get(f"/kompetensi/impor/{batch.pk}/status/").status_code == 403


class TestRowsEstimate:
    def test_csv_and_xlsx(self):
        assert rows_estimate(file=csv_file([["a"], ["1"], ["2"], ["3"]])) == 3
        assert rows_estimate(file=xlsx_file([["a"], ["1"], ["2"]])) == 2
        assert rows_estimate(file=csv_file([["a"]])) == 0


class TestIdempotentJob:
    def enqueue_without_running(self, nips, monkeypatch):
        """A queued batch whose task has not run yet (as with a real broker)."""
        from competencies import tasks

        monkeypatch.setattr(tasks.results_import_task, "delay_on_commit", lambda *a: None)
        return results_import_enqueue(upload=upload_file(good_rows(nips)), file_name="skp.csv")

    def test_the_waiting_file_is_kept_outside_the_served_media(
        self, db, nips, monkeypatch, settings
    ):
        """It holds NIPs and ratings: not under MEDIA_ROOT, which DEBUG (and often
        the production web server) serves to anyone with the URL."""
        from pathlib import Path

        batch = self.enqueue_without_running(nips, monkeypatch)
        stored = Path(batch.upload.path)
        assert stored.is_file() and stored.name != "skp.csv"  # a generated name
        assert Path(settings.MEDIA_ROOT).resolve() not in stored.resolve().parents

    def test_a_re_delivered_task_does_nothing_twice(self, db, nips, monkeypatch):
        batch = self.enqueue_without_running(nips, monkeypatch)
        assert batch.status == ImportStatus.PENDING and batch.rows_total == 2
        results_import_run(batch_id=batch.pk)
        first = ImportBatch.objects.get(pk=batch.pk)
        results_import_run(batch_id=batch.pk)
        again = ImportBatch.objects.get(pk=batch.pk)
        assert (again.status, again.created_count, again.finished_at) == (
            ImportStatus.SUCCEEDED,
            2,
            first.finished_at,
        )
        assert Appraisal.objects.count() == 2

    def test_a_run_that_died_half_way_is_imported_again_whole(self, db, nips, monkeypatch):
        batch = self.enqueue_without_running(nips, monkeypatch)
        real_write = importer.appraisals_write

        def dies(**kwargs):
            real_write(**kwargs)  # rows written inside the transaction, then the crash
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(importer, "appraisals_write", dies)
        with pytest.raises(OperationalError):  # raised, so that Celery retries
            results_import_run(batch_id=batch.pk)
        assert Appraisal.objects.count() == 0  # all or nothing
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.WRITING
        monkeypatch.setattr(importer, "appraisals_write", real_write)
        results_import_run(batch_id=batch.pk)  # the retry
        batch.refresh_from_db()
        assert (batch.status, batch.created_count, batch.updated_count) == (
            ImportStatus.SUCCEEDED,
            2,
            0,
        )
        assert Appraisal.objects.count() == 2

    def test_a_second_delivery_finishing_late_does_not_count_again(self, db, nips, monkeypatch):
        """Two deliveries of one task: the one reaching the write second finds the
        batch finished and writes nothing (its counts would say 'updated')."""
        batch = self.enqueue_without_running(nips, monkeypatch)
        real_lookup = importer.employees_by_nip

        def other_run_finishes_meanwhile(nips_):
            found = real_lookup(nips_)
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportStatus.SUCCEEDED, created_count=2
            )
            return found

        monkeypatch.setattr(importer, "employees_by_nip", other_run_finishes_meanwhile)
        results_import_run(batch_id=batch.pk)
        batch.refresh_from_db()
        assert (batch.status, batch.created_count, batch.updated_count) == (
            ImportStatus.SUCCEEDED,
            2,
            0,
        )
        assert Appraisal.objects.count() == 0  # this run rolled back its write

    def test_a_task_failing_for_good_rejects_the_batch(self, db, nips, monkeypatch):
        from competencies.tasks import results_import_task

        batch = self.enqueue_without_running(nips, monkeypatch)

        def broken(**kwargs):
            raise ValueError("a bug")

        monkeypatch.setattr(jobs, "results_import_run", broken)
        with pytest.raises(ValueError):  # re-raised, for the worker's log
            results_import_task.apply(args=[batch.pk])
        batch.refresh_from_db()
        assert batch.status == ImportStatus.FAILED and Appraisal.objects.count() == 0

    def test_final_failure_is_reported_in_the_uploaders_language(self, db, nips, monkeypatch):
        with translation.override("id"):
            batch = self.enqueue_without_running(nips, monkeypatch)
        stored = batch.upload.name
        import_batch_mark_failed(batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.status == ImportStatus.FAILED and batch.error_count == 1
        assert "tidak dapat diselesaikan" in batch.errors[0]["message"]
        assert not batch.upload and not batch.upload.storage.exists(stored)


class TestRecomputeAfterImport:
    def test_gaps_are_recomputed_by_tasks_queued_on_commit(
        self, db, monkeypatch, settings, django_capture_on_commit_callbacks
    ):
        """One task per chunk of employees, sent after commit, not run inline."""
        from competencies import tasks

        settings.COMPETENCY_GAPS = {"CHUNK_SIZE": 2}
        sent: list[list[int]] = []
        monkeypatch.setattr(
            # What delay_on_commit calls after the commit (config.celery.BangkomTask).
            tasks.gaps_recompute_for_employees_task, "apply_async",
            lambda args, kwargs=None, **options: sent.append(args[0]),
        )
        world = world_build()
        people = [employee_in(world) for _ in range(3)]
        day = (TODAY - dt.timedelta(days=1)).isoformat()
        rows = [["nip", "kompetensi", "level", "sumber", "tanggal"]] + [
            [p.nip, "X.M1", "2", "atasan", day] for p in people
        ]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = importer.results_import(
                file=csv_file(rows, sep=";"), file_name="asesmen.csv"
            )
        assert report.ok and sent == []  # nothing ran inside the import
        for callback in callbacks:
            callback()
        assert sorted(sent) == sorted(
            [sorted(p.pk for p in people)[:2], sorted(p.pk for p in people)[2:]]
        )
        assert not CompetencyGap.objects.exists()  # the tasks (mocked here) do that

    def test_eager_celery_still_computes_the_gaps(self, db):
        world = world_build()
        person = employee_in(world)
        day = (TODAY - dt.timedelta(days=1)).isoformat()
        rows = [
            ["nip", "kompetensi", "level", "sumber", "tanggal"],
            [person.nip, "X.M1", "2", "atasan", day],
        ]
        with on_commit_run():
            importer.results_import(file=csv_file(rows, sep=";"), file_name="a.csv")
        assert CompetencyGap.objects.get(employee=person, competency=world.m1).gap == 1


@pytest.mark.celery_worker
def test_upload_is_imported_by_a_real_worker(celery_worker):
    """Through Redis and a worker process: the batch goes from PENDING to SUCCEEDED,
    the worker reads the stored file (the shared private media folder), and the queued
    recomputation fills the gaps."""
    world = world_build()
    person = employee_in(world)
    day = (TODAY - dt.timedelta(days=1)).isoformat()
    rows = [
        ["nip", "kompetensi", "level", "sumber", "tanggal"],
        [person.nip, "X.M1", "2", "atasan", day],
        [person.nip, "X.M2", "4,5", "mentor", day],
    ]
    batch = results_import_enqueue(
        upload=SimpleUploadedFile("asesmen.csv", csv_file(rows, sep=";").read()),
        file_name="asesmen.csv",
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if batch.is_finished and CompetencyGap.objects.filter(employee=person).exists():
            break
        time.sleep(0.5)
    assert batch.status == ImportStatus.SUCCEEDED, batch.errors
    assert Assessment.objects.filter(employee=person).count() == 2
    assert CompetencyGap.objects.get(employee=person, competency=world.m1).gap == 1
