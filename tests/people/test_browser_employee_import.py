"""In a real browser: HR uploads an employee file; the page shows the queued job's
progress bar, follows it while the job reads rows, and shows the summary when the
job ends. The job's task body runs for real on the stored file; it is held back from
running at commit so that the bar can be seen moving."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from people.models import Employee, EmployeeImportJob, ImportJobStatus
from people.services.employee_import_jobs import employee_import_run
from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, make_hr_user

pytestmark = pytest.mark.browser

HEADER = "nip;nama;golongan;jabatan;unit_kerja;jenis_pegawai;nip_atasan;email"
ROWS = [
    "19750312 200003 1 002;Drs. Agus Salim;IV/b;Kepala Bidang Mutasi;Bidang Mutasi;PNS;;",
    "199001012015032001;Siti Rahmawati, S.E.;III/b;Analis SDM Aparatur Ahli Pertama;"
    "Bidang Mutasi;PNS;19750312 200003 1 002;siti@pemda.go.id",
    "199508172022012001;Nur Aini, S.Pd.;IX;Guru Ahli Pertama;Dinas Pendidikan;PPPK;;",
]


def test_progress_bar_follows_the_job_to_its_summary(page, tmp_path, transactional_db,
                                                     monkeypatch):
    import people.tasks

    queued: list[int] = []
    monkeypatch.setattr(people.tasks.employee_import_task, "delay_on_commit", queued.append)
    make_hr_user("hr.pegawai")
    upload = tmp_path / "pegawai.csv"
    upload.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8-sig")
    browser_login(page, "hr.pegawai", PASSWORD)

    page.goto(f"{page.base_url}/pegawai/impor/")
    page.set_input_files("[data-testid=import-form] input[type=file]", str(upload))
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_selector("[data-testid=import-job]")
    job = EmployeeImportJob.objects.get()
    assert queued == [job.pk] and job.rows_total == 3
    assert "Mengimpor pegawai.csv" in page.inner_text("[data-testid=import-job]")
    assert page.get_attribute("#import-job .progress", "aria-valuenow") == "0"

    # The worker reports the rows it has read: the polling page moves the bar.
    EmployeeImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, rows_processed=2)
    # A locator assertion, not wait_for_function (the CSP refuses its string eval).
    expect(page.locator("#import-job .progress")).to_have_attribute(
        "aria-valuenow", "60", timeout=15_000)
    assert "Memeriksa baris" in page.inner_text("#import-job [data-role=label]")
    page.screenshot(path=str(ARTIFACTS / "people-import-progress.png"), full_page=True)

    # The task's body runs on the stored file; the page reloads into the summary.
    employee_import_run(job_id=job.pk)
    page.wait_for_selector("[data-testid=import-summary]")
    assert page.inner_text("[data-testid=created]") == "3"
    assert page.locator("[data-testid=import-job]").count() == 0
    assert Employee.objects.count() == 3
    job.refresh_from_db()
    assert job.status == ImportJobStatus.SUCCEEDED and not job.upload  # file discarded
    page.screenshot(path=str(ARTIFACTS / "people-import-summary.png"), full_page=True)
