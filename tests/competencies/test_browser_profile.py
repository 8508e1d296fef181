"""End to end in a real browser: HR uploads an assessment file with one bad row, sees
the row error, fixes and re-uploads; the import recomputes the gaps; the employee
logs in and the radar chart on their profile shows the gap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.competencies.test_gaps_world import employee_in, world_build
from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, make_hr_user

try:  # B1's helper, when present; the same steps otherwise.
    from tests.competencies.browser_helpers import upload_results_file
except ImportError:  # pragma: no cover
    upload_results_file = None


def upload(page, path) -> None:
    if upload_results_file is not None:
        upload_results_file(page, path)
        return
    page.goto(f"{page.base_url}/kompetensi/impor/")
    page.set_input_files("[data-testid=results-import-form] input[type=file]", str(path))
    page.click("[data-testid=results-import-form] button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_hr_fixes_upload_and_employee_sees_gap(page, tmp_path):
    world = world_build()
    employee = employee_in(world, name="Siti Rahmawati")
    make_hr_user("hr.browser")
    on = (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    header = "nip;kompetensi;level;sumber;tanggal"
    bad = tmp_path / "asesmen.csv"
    bad.write_text(
        f"{header}\n{employee.nip};X.M1;2,0;atasan;{on}\n{employee.nip};X.M2;7;atasan;{on}\n",
        encoding="utf-8",
    )
    good = tmp_path / "asesmen-perbaikan.csv"
    good.write_text(
        f"{header}\n{employee.nip};X.M1;2,0;atasan;{on}\n{employee.nip};X.M2;4,5;atasan;{on}\n",
        encoding="utf-8",
    )

    browser_login(page, "hr.browser", PASSWORD)
    upload(page, bad)
    errors = page.locator("[data-testid=import-error]")
    assert errors.count() == 1
    assert errors.first.locator("td").first.inner_text().strip() == "3"  # header = row 1
    upload(page, good)
    assert page.locator("[data-testid=import-summary]").is_visible()

    page.context.clear_cookies()
    browser_login(page, employee.nip, PASSWORD)
    page.goto(f"{page.base_url}/kompetensi/saya/")
    radar = page.locator("[data-testid=radar]")
    assert radar.is_visible()
    m1 = radar.locator("g[data-code='X.M1']")
    assert m1.get_attribute("data-required") == "3"
    assert m1.get_attribute("data-assessed") == "2.00"
    assert radar.locator("g[data-code='X.M2']").get_attribute("data-assessed") == "4.50"
    assert radar.locator("g[data-code='X.T1']").get_attribute("data-assessed") == ""
    assert page.locator("[data-testid=radar-assessed]").count() == 1
    row = page.locator("[data-testid=gap-row][data-code='X.M1']")
    assert "1,00" in row.inner_text()  # gap 3 − 2.0, Indonesian decimal comma
    row.locator("summary").click()
    explanation = row.inner_text()
    assert "Standar bawaan" in explanation and "level 2,0" in explanation
    assert "belum dinilai" in page.locator("[data-testid=gap-row][data-code='X.T1']").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    radar.screenshot(path=str(ARTIFACTS / "gap-radar.png"))


@pytest.mark.browser
def test_hr_heatmap_progress_bar_follows_the_job(page):
    """The progress bar polls the job and the page reloads when it is done."""
    from competencies.gaps.services import gaps_recompute_for_employees
    from competencies.models import GapRecomputeJob

    world = world_build()
    people = [employee_in(world) for _ in range(3)]
    gaps_recompute_for_employees(employee_ids=[p.pk for p in people])
    make_hr_user("hr.heatmap")
    job = GapRecomputeJob.objects.create(total=4, done=1, chunk_count=2)

    browser_login(page, "hr.heatmap", PASSWORD)
    page.goto(f"{page.base_url}/kompetensi/analisis/")
    assert page.locator("[data-testid=heat-cell]").count() == 9  # 3 units (one each) × 3
    box = page.locator("#gap-job")
    assert box.get_attribute("data-job-status") == "RUNNING"
    assert page.locator("[data-testid=recompute-start]").is_disabled()
    GapRecomputeJob.objects.filter(pk=job.pk).update(done=4, status="DONE")
    page.wait_for_selector("#gap-job[data-job-status=DONE]", timeout=15_000)
    assert "4" in page.locator("#gap-job [data-role=done]").inner_text()
    assert page.locator("[data-testid=recompute-start]").is_enabled()


@pytest.mark.browser
def test_hr_opens_a_unit_of_the_heatmap_and_comes_back(page):
    """Rows roll the unit tree up; a row with units below it opens them."""
    from competencies.gaps.services import gaps_recompute_for_employees
    from tests.factories import UnitFactory

    world = world_build()
    dinas = UnitFactory(name="Dinas Pendidikan")
    bidang = UnitFactory(name="Bidang Sekolah Dasar", parent=dinas)
    people = [employee_in(world, unit=unit) for unit in (dinas, bidang, bidang)]
    gaps_recompute_for_employees(employee_ids=[p.pk for p in people])
    make_hr_user("hr.unit")

    browser_login(page, "hr.unit", PASSWORD)
    page.goto(f"{page.base_url}/kompetensi/analisis/")
    rows = page.locator("[data-testid=heat-row] th")
    assert rows.all_inner_texts() == ["Dinas Pendidikan"]
    assert page.locator("[data-testid=heat-cell]").first.get_attribute("data-employees") == "3"
    page.click("[data-testid=heat-row] th a")
    page.wait_for_selector("text=Bidang Sekolah Dasar")
    assert rows.all_inner_texts() == ["Dinas Pendidikan (staf langsung)", "Bidang Sekolah Dasar"]
    assert "Dinas Pendidikan" in page.inner_text("[data-testid=unit-trail]")
    page.screenshot(path=str(ARTIFACTS / "competencies-heatmap-unit.png"), full_page=True)
    page.click("[data-testid=unit-trail] a")
    page.wait_for_selector("[data-testid=unit-trail] strong:has-text('Semua unit')")
    assert rows.all_inner_texts() == ["Dinas Pendidikan"]
