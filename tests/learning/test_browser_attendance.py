"""End to end in a real browser: a facilitator marks attendance on the roster of a
one-day session that has ended; the participant's completion and JP appear on the
roster and on the participant's home page; then they evaluate the session."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from learning.models.completion import Completion, Evaluation
from tests.conftest import ARTIFACTS, browser_login, browser_quiesce
from tests.factories import PASSWORD, EmployeeFactory, UserFactory
from tests.learning.completion_world import (  # noqa: F401 (autouse fixtures)
    _restore_migrated_data,
    enroll,
    make_session,
    make_workshop,
    migrated_data,
)

# serialized_rollback in the marker: pytest-django decides from the marker whether to
# serialize the seeded rows (groups, golongan, home page) when it creates the test DB.
pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_facilitator_marks_attendance_and_jp_reaches_home_page(page, browser, live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    facilitator = UserFactory(username="fasilitator.rina", first_name="Rina Fasilitator")
    workshop = make_workshop(kind="workshop", title="Lokakarya Penyusunan SKP")
    session = make_session(workshop=workshop, facilitator_user=facilitator,
                           first_day=timezone.localdate() - dt.timedelta(days=1))
    present = enroll(EmployeeFactory(name="Budi Santoso"), session)
    absent = enroll(EmployeeFactory(name="Sari Wulandari"), session)

    # 1. The facilitator opens the roster, ticks Budi, saves.
    browser_login(page, facilitator.username, PASSWORD)
    page.goto(f"{page.base_url}/belajar/sesi/{session.pk}/presensi/")
    assert "Presensi" in page.inner_text("h1")
    row = page.locator(f"[data-testid=roster-row][data-nip='{present.employee.nip}']")
    row.locator("input[type=checkbox]").check()
    page.click("[data-testid=save-attendance]")
    page.wait_for_load_state("networkidle")
    assert "Presensi disimpan." in page.inner_text("body")
    assert "5 JP" in row.locator("[data-testid=completion-cell]").inner_text()
    other = page.locator(f"[data-testid=roster-row][data-nip='{absent.employee.nip}']")
    assert "Tidak selesai" in other.locator("[data-testid=completion-cell]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "completion-roster-saved.png"), full_page=True)
    assert Completion.objects.filter(enrollment=present).exists()
    assert not Completion.objects.filter(enrollment=absent).exists()

    # 2. Budi sees 5 JP against the 20 JP minimum on his home page, and evaluates.
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.base_url = page.base_url
    try:
        browser_login(tab, present.employee.nip, PASSWORD)
        tab.goto(f"{tab.base_url}/")
        panel = tab.locator("[data-testid=panel-jp]")
        assert panel.locator("[data-testid=jp-total]").inner_text() == "5"
        assert "minimal 20 JP per tahun" in panel.inner_text()
        assert "Lokakarya Penyusunan SKP" in panel.locator("[data-testid=jp-recent]").inner_text()
        tab.screenshot(path=str(ARTIFACTS / "completion-home-jp.png"), full_page=True)
        panel.locator("[data-testid=evaluate-link]").first.click()
        tab.wait_for_load_state("networkidle")
        for name, value in (("material", "5"), ("facilitator", "4"), ("organization", "4")):
            tab.check(f"input[name={name}][value='{value}']")
        tab.fill("textarea[name=comment]", "Materinya langsung bisa dipakai.")
        tab.screenshot(path=str(ARTIFACTS / "completion-evaluation-form.png"), full_page=True)
        tab.click("[data-testid=evaluation-form] button[type=submit]")
        tab.wait_for_load_state("networkidle")
        assert "Terima kasih atas evaluasi Anda." in tab.inner_text("body")
        assert Evaluation.objects.get(enrollment=present).material == 5
    finally:
        browser_quiesce(context)


def test_qr_check_in_and_external_learning_verified(page, browser, live_server):
    """HR shows today's QR code; an enrolled employee opens it, logs in and checks in.
    The employee then submits learning done elsewhere and HR verifies it."""
    from pathlib import Path

    from learning.models.completion import AttendanceRecord, ExternalLearning
    from tests.factories import make_hr_user
    from tests.learning.completion_world import learning_form

    ARTIFACTS.mkdir(exist_ok=True)
    hr = make_hr_user()
    session = make_session(workshop=make_workshop(title="Seminar Transformasi Digital"),
                           first_day=timezone.localdate())
    enrollment = enroll(EmployeeFactory(name="Ayu Pratiwi"), session)
    learning_form("seminar")

    browser_login(page, hr.username, PASSWORD)
    page.goto(f"{page.base_url}/belajar/sesi/{session.pk}/presensi/qr/")
    assert page.locator("[data-testid=qr-code] svg").count() == 1
    page.screenshot(path=str(ARTIFACTS / "completion-qr.png"), full_page=True)
    checkin_url = page.locator("[data-testid=checkin-url]").get_attribute("href")

    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 800})
    phone = context.new_page()
    phone.base_url = page.base_url
    try:
        phone.goto(checkin_url)  # not logged in: the login form, then back here
        phone.fill("input[name=login]", enrollment.employee.nip)
        phone.fill("input[name=password]", PASSWORD)
        phone.click("form button[type=submit]")
        phone.wait_for_load_state("networkidle")
        phone.click("[data-testid=checkin-confirm]")
        phone.wait_for_load_state("networkidle")
        assert phone.locator("[data-testid=checkin-ok]").is_visible()
        phone.screenshot(path=str(ARTIFACTS / "completion-checkin-phone.png"), full_page=True)
        assert AttendanceRecord.objects.get(enrollment=enrollment).present

        proof = Path(ARTIFACTS / "sertifikat-uji.pdf")
        proof.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        phone.set_viewport_size({"width": 1280, "height": 900})
        phone.goto(f"{phone.base_url}/belajar/jp/")
        form = phone.locator("[data-testid=external-form]")
        form.locator("select[name=learning_form]").select_option(label="Seminar (uji)")
        form.locator("input[name=title]").fill("Seminar Nasional Manajemen ASN")
        form.locator("input[name=provider]").fill("BKN")
        form.locator("input[name=start_date]").fill("2026-03-02")
        form.locator("input[name=end_date]").fill("2026-03-02")
        form.locator("input[name=hours]").fill("6")
        form.locator("input[name=proof]").set_input_files(str(proof))
        form.locator("button[type=submit]").click()
        phone.wait_for_load_state("networkidle")
        assert "Menunggu verifikasi" in phone.locator("[data-testid=external-list]").inner_text()
        phone.screenshot(path=str(ARTIFACTS / "completion-jp-history.png"), full_page=True)
    finally:
        browser_quiesce(context)

    page.goto(f"{page.base_url}/belajar/verifikasi/")
    assert "Seminar Nasional Manajemen ASN" in page.inner_text("[data-testid=verification-queue]")
    page.screenshot(path=str(ARTIFACTS / "completion-verification-queue.png"), full_page=True)
    page.click("[data-testid=queue-row] button:has-text('Verifikasi')")
    page.wait_for_load_state("networkidle")
    # 6 hours would be 8 JP by the minutes, but a seminar earns at most 4 JP a day.
    assert "4 JP diakui" in page.inner_text("body")
    assert ExternalLearning.objects.get().status == "VERIFIED"
