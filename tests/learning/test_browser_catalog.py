"""An employee finds a workshop by competency, opens it and adds a session to their
calendar (the .ics download is parsed back)."""
from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory
from tests.learning.catalog_helpers import competency, publish_workshop, session_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_by_competency_open_and_download_ics(page):
    from django.core.cache import cache

    cache.clear()
    service = competency("M.05", "Pelayanan Publik")
    ethics = competency("M.01", "Integritas")
    wanted = publish_workshop(
        title="Pelayanan Publik Prima untuk Garda Depan", competencies=[service],
        sessions=[session_values(venue="Aula BKPSDM Kabupaten Sukamaju",
                                 facilitator="Dr. Hendra Gunawan")],
        requires_supervisor_approval=True, provider="BPSDM Provinsi Jawa Barat",
    )
    publish_workshop(title="Budaya Antikorupsi ASN", competencies=[ethics])
    employee = EmployeeFactory(name="Dewi Lestari")

    browser_login(page, employee.user.username, PASSWORD)
    page.goto(f"{page.base_url}/pelatihan/")
    assert page.locator("[data-testid=workshop-card]").count() == 2
    page.select_option("select[name=competency]", str(service.pk))
    page.click("[data-testid=catalog-filters] button[type=submit]")
    page.wait_for_load_state("networkidle")
    cards = page.locator("[data-testid=workshop-card]")
    assert cards.count() == 1
    assert "Pelayanan Publik Prima" in cards.first.inner_text()
    assert "1 pelatihan ditemukan" in page.inner_text("[data-testid=result-count]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalog_index_filtered.png"), full_page=True)

    cards.first.locator("h2 a").click()
    page.wait_for_load_state("networkidle")
    assert "Pelayanan Publik Prima" in page.inner_text("h1")
    body = page.inner_text("main")
    assert "Persetujuan atasan" in body or "Perlu persetujuan atasan" in body
    assert "M.05" in body and "level sasaran 2" in body
    assert "Aula BKPSDM Kabupaten Sukamaju" in body
    page.screenshot(path=str(ARTIFACTS / "catalog_workshop_page.png"), full_page=True)

    session = wanted.sessions.get()
    with page.expect_download() as info:
        page.click("[data-testid=ics-link]")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    content = Path(download.path()).read_bytes()
    cal = Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert str(event["SUMMARY"]) == "Pelayanan Publik Prima untuk Garda Depan"
    assert event.decoded("DTSTART") == session.starts_at
    assert str(event["STATUS"]) == "CONFIRMED"
