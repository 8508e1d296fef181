"""In a real browser: HR uploads an appraisal file with one bad row, reads the row
error (row number, column, Indonesian), fixes the file, re-uploads and sees success."""
from __future__ import annotations

import pytest

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
