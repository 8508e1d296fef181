"""Mentoring in a real browser: HR runs the matching and approves; the mentor logs a
session; the mentee confirms it; the hours and JP appear on both home pages."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, make_hr_user
from tests.mentoring.world import competency, mentee, person, program, recompute

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"mentoring-{name}.png"), full_page=True)


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username, PASSWORD)


def test_match_approve_log_confirm_and_see_jp(page):
    today = timezone.localdate()
    comp = competency("T.WEB", "Literasi Data")
    prog = program([comp], name="Program Mentoring Peramban",
                   start_date=today - dt.timedelta(days=30),
                   end_date=today + dt.timedelta(days=60))
    mentor = person("Hendra Pembimbing", levels={comp: 5}, golongan="IV/a")
    learner = mentee("Dewi Pembelajar", needs={comp: (3, 1.5)})
    recompute(learner)
    hr = make_hr_user("hr.browser")
    base = page.base_url

    # HR: propose pairs (a Celery job; eager here), see why, approve.
    as_user(page, hr.username)
    page.goto(f"{base}/mentoring/hr/program/{prog.pk}/")
    page.click("[data-testid=run-matching]")
    page.wait_for_selector("[data-testid=pair-row]")
    row = page.inner_text("[data-testid=pair-row]")
    assert "Hendra Pembimbing" in row and "Dewi Pembelajar" in row
    assert "T.WEB Literasi Data: kesenjangan 1,5" in row, row
    assert "Diusulkan" in row
    shot(page, "proposed")
    page.click("[data-testid=approve-pairs]")
    page.wait_for_selector("text=1 pasangan disetujui")
    assert "Aktif" in page.inner_text("[data-testid=pair-row]")
    # The pair editor's person picker suggests people by name (no NIP typing).
    page.click("text=Tambah pasangan secara manual")
    page.fill("#id_mentor", "Pembimb")
    option = page.wait_for_selector("#id_mentor-suggestions option", state="attached")
    assert option.get_attribute("value") == f"Hendra Pembimbing · {mentor.nip}"
    shot(page, "person-picker")

    # Mentor: from the home panel to the session form.
    as_user(page, mentor.user.username)
    page.goto(f"{base}/")
    assert "Dewi Pembelajar" in page.inner_text("[data-testid=panel-mentor]")
    page.click("text=Catat sesi berikutnya dengan Dewi Pembelajar")
    held_on = today - dt.timedelta(days=1)
    page.fill("input[name=held_on]", held_on.isoformat())
    page.fill("input[name=duration_minutes]", "90")
    page.select_option("select[name=mode]", "IN_PERSON")
    page.fill("input[name=topics]", "Membaca data layanan")
    page.fill("textarea[name=notes]", "Catatan hanya untuk pasangan dan HR")
    page.click("[data-testid=session-form] button[type=submit]")
    page.wait_for_selector("text=Sesi dicatat")
    shot(page, "logged")

    # Mentee: confirm from the home page, with a rating.
    as_user(page, learner.user.username)
    page.goto(f"{base}/")
    page.click("[data-testid=mentee-to-confirm] a")
    assert "Catatan hanya untuk pasangan dan HR" in page.inner_text(
        "[data-testid=session-notes]")
    page.select_option("select[name=rating]", "5")
    page.click("[data-testid=confirm-session]")
    page.wait_for_selector("text=Sesi dikonfirmasi: 2 JP diakui.")

    page.goto(f"{base}/")
    mentee_panel = page.inner_text("[data-testid=panel-mentee]")
    assert "1 sesi terkonfirmasi · 1 jam 30 menit · 2 JP" in mentee_panel, mentee_panel
    assert "+2 JP" in page.inner_text("[data-testid=panel-jp]")
    shot(page, "mentee-home")

    as_user(page, mentor.user.username)
    page.goto(f"{base}/")
    mentor_panel = page.inner_text("[data-testid=panel-mentor]")
    assert "1 sesi terkonfirmasi · 1 jam 30 menit · 2 JP" in mentor_panel, mentor_panel
    shot(page, "mentor-home")

    from learning.models import JpLedgerEntry

    entry = JpLedgerEntry.objects.get(employee=learner, source="MENTORING")
    assert entry.jp == Decimal("2.0") and entry.occurred_on == held_on
