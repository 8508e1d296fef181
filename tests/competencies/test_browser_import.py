"""In a real browser: HR uploads an appraisal file with one bad row, reads the row
error (row number, column, Indonesian), fixes the file, re-uploads and sees success."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from competencies.models import Appraisal
from tests.competencies.browser_helpers import upload_results_file
from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user, make_nip

pytestmark = pytest.mark.browser


def test_hr_fixes_a_bad_row_and_reimports(page, tmp_path, transactional_db):
    nips = [make_nip(701), make_nip(702)]
    for nip in nips:
        EmployeeFactory(nip=nip)
    make_hr_user("hr.impor")
    header = "NIP;Periode;Rating Hasil Kerja;Rating Perilaku Kerja;Predikat;Akuntabel"
    spaced = f"{nips[1][:8]} {nips[1][8:14]} {nips[1][14]} {nips[1][15:]}"
    bad = tmp_path / "skp-2026.csv"
    bad.write_text(
        f"{header}\n{nips[0]};2026-T1;Di Atas Ekspektasi;Sesuai Ekspektasi;Baik;sesuai\n"
        f"{spaced};2026-T1;Di Bawah Ekspektasi;Sesuai Ekspektasi;Baik;di bawah\n",
        encoding="utf-8-sig",
    )
    browser_login(page, "hr.impor", PASSWORD)

    upload_results_file(page, bad)

    errors = page.locator("[data-testid=import-error]")
    assert errors.count() == 1
    cells = errors.first.locator("td")
    assert cells.nth(0).inner_text() == "3"
    assert cells.nth(1).inner_text() == "Predikat"
    assert "bertentangan dengan kuadran kinerja" in cells.nth(2).inner_text()
    assert "yang diimpor" in page.inner_text("[data-testid=import-errors]")
    page.screenshot(path=str(ARTIFACTS / "competencies-import-error.png"), full_page=True)
    assert Appraisal.objects.count() == 0

    good = tmp_path / "skp-2026-perbaikan.csv"
    good.write_text(bad.read_text(encoding="utf-8-sig").replace(
        "Sesuai Ekspektasi;Baik;di bawah", "Sesuai Ekspektasi;Butuh Perbaikan;di bawah"),
        encoding="utf-8-sig")
    upload_results_file(page, good)

    summary = page.locator("[data-testid=import-summary]")
    assert "Impor selesai" in summary.inner_text()
    assert page.inner_text("[data-testid=created]") == "2"
    assert Appraisal.objects.count() == 2
    assert page.locator("text=Impor terakhir").count() == 1


def test_progress_bar_follows_a_queued_import_until_its_outcome(page, transactional_db):
    """A big upload runs as a Celery job: the page polls its status, moves the bar and
    shows the outcome when the job ends (the job is driven here by updating its batch,
    as the worker does)."""
    from competencies.models import ImportBatch, ImportKind, ImportStatus

    make_hr_user("hr.besar")
    batch = ImportBatch.objects.create(
        file_name="skp-besar.csv", status=ImportStatus.RUNNING, rows_total=100_000,
        rows_processed=10_000,
    )
    browser_login(page, "hr.besar", PASSWORD)
    page.goto(f"{page.base_url}/kompetensi/impor/?batch={batch.pk}")
    bar = page.locator("#import-job .progress")
    assert bar.get_attribute("aria-valuenow") == "9"
    assert "Memeriksa baris" in page.inner_text("[data-testid=import-job]")

    ImportBatch.objects.filter(pk=batch.pk).update(rows_processed=50_000)
    # A locator assertion, not wait_for_function: Playwright evaluates a string
    # predicate with eval, which the Content-Security-Policy refuses.
    expect(page.locator("#import-job .progress")).to_have_attribute(
        "aria-valuenow", "45", timeout=15_000)
    assert page.inner_text("#import-job [data-role=done]") == "50.000"
    page.screenshot(path=str(ARTIFACTS / "competencies-import-progress.png"), full_page=True)

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.SUCCEEDED, kind=ImportKind.APPRAISAL, row_count=100_000,
        rows_processed=100_000, created_count=99_000, updated_count=1_000,
    )
    page.wait_for_selector("[data-testid=import-summary]", timeout=15_000)
    assert page.inner_text("[data-testid=created]") == "99.000"
    assert page.locator("[data-testid=import-job]").count() == 0
