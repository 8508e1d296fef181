"""End to end in a real browser: a facilitator marks a participant present, which
completes the workshop and issues the certificate (the task runs on commit); the
participant downloads it from the home page, and the page its QR code opens says
valid. The QR is read from the downloaded PDF with a real decoder."""
from __future__ import annotations

import datetime as dt

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone

from learning.certificates.models import Certificate
from tests.conftest import ARTIFACTS, browser_login, browser_quiesce
from tests.factories import PASSWORD, EmployeeFactory, UserFactory
from tests.learning.completion_world import (  # noqa: F401 (autouse fixtures)
    _restore_migrated_data,
    enroll,
    make_session,
    make_workshop,
    migrated_data,
)

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_completion_certificate_download_and_qr_verification(page, browser, live_server,
                                                             settings, tmp_path):
    settings.SITE_URL = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    facilitator = UserFactory(username="fasilitator.sertifikat", first_name="Rina")
    session = make_session(
        workshop=make_workshop(kind="workshop", title="Lokakarya Tata Naskah Dinas"),
        facilitator_user=facilitator, first_day=timezone.localdate() - dt.timedelta(days=1))
    participant = enroll(EmployeeFactory(name="Budi Santoso"), session)

    # 1. The facilitator marks Budi present: he completes, the certificate is issued.
    browser_login(page, facilitator.username, PASSWORD)
    page.goto(f"{page.base_url}/belajar/sesi/{session.pk}/presensi/")
    row = page.locator(f"[data-testid=roster-row][data-nip='{participant.employee.nip}']")
    row.locator("input[type=checkbox]").check()
    page.click("[data-testid=save-attendance]")
    page.wait_for_load_state("networkidle")
    assert "Presensi disimpan." in page.inner_text("body")
    certificate = Certificate.objects.get(employee=participant.employee)
    assert certificate.is_ready

    # 2. Budi downloads it from his home page.
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    tab = context.new_page()
    try:
        tab.base_url = page.base_url
        browser_login(tab, participant.employee.nip, PASSWORD)
        tab.goto(f"{tab.base_url}/")
        panel = tab.locator("[data-testid=panel-certificates]")
        assert "Lokakarya Tata Naskah Dinas" in panel.inner_text()
        tab.screenshot(path=str(ARTIFACTS / "certificate-home-panel.png"), full_page=True)
        with tab.expect_download() as info:
            panel.locator(f"[data-testid=certificate-download-{certificate.pk}]").click()
        download = info.value
        assert download.suggested_filename.startswith("Sertifikat Budi Santoso")
        path = tmp_path / "sertifikat.pdf"
        download.save_as(path)
        pdf = path.read_bytes()
        assert pdf.startswith(b"%PDF")

        # 3. The QR code in the PDF opens the verification page, which says valid.
        image = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()
        image.save(ARTIFACTS / "certificate-pdf-page.png")
        [code] = [r.text for r in zxingcpp.read_barcodes(image)]
        assert code.startswith(live_server.url + "/sertifikat/verifikasi/")
        tab.goto(code)
        status = tab.locator("[data-testid=verification-status]").inner_text()
        assert status == "Sah"
        assert "Budi Santoso" in tab.inner_text("[data-testid=verification]")
        tab.screenshot(path=str(ARTIFACTS / "certificate-verification.png"), full_page=True)
    finally:
        browser_quiesce(context)
