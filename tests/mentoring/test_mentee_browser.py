"""The README's mentee journey in a real browser (issue 17): a mentee of the demo
mentor logs in with the demo password through the login form, finds the session
waiting for confirmation on the home page, sees the JP it will earn and the rule
that gives it (minutes ÷ BANGKOM_JP_MINUTES, capped per session), confirms it and
sees the time and JP on the home page and in her JP ledger."""
from __future__ import annotations

import io

import pytest

from learning.models import JpLedgerEntry, JpLedgerSource
from mentoring.models import MentoringSession, SessionStatus
from mentoring.selectors import session_jp_figures
from people.demo import DEMO_NIPS, DEMO_PASSWORD
from tests.conftest import ARTIFACTS, browser_login

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"mentee-{name}.png"), full_page=True)


def test_the_demo_mentee_logs_in_confirms_and_sees_minutes_based_jp(page):
    from competencies import demo as competencies_demo
    from mentoring import demo as mentoring_demo
    from people import demo as people_demo

    for module in (people_demo, competencies_demo, mentoring_demo):
        module.seed_demo(stdout=io.StringIO())
    waiting = MentoringSession.objects.select_related("pair__mentee", "pair__program").get(
        pair__mentor__nip=DEMO_NIPS["mentor"], status=SessionStatus.SUBMITTED)
    mentee = waiting.pair.mentee
    figure = session_jp_figures(pair=waiting.pair, sessions=[waiting])[waiting.pk]
    # 60 minutes are one 45-minute JP, not the program's 2 JP a session.
    assert waiting.duration_minutes == 60 and figure.jp == 1

    browser_login(page, mentee.nip, DEMO_PASSWORD)  # the README's password, the real form
    base = page.base_url
    page.goto(f"{base}/")
    panel = page.inner_text("[data-testid=panel-mentee]")
    assert "Dr. Hendra Gunawan" in panel
    assert "3 sesi terkonfirmasi · 4 jam · 5 JP" in panel, panel
    assert waiting.topics in page.inner_text("[data-testid=mentee-to-confirm]")
    shot(page, "home-before")

    page.click("[data-testid=mentee-to-confirm] a")
    rule = page.inner_text("[data-testid=session-jp-rule]")
    assert rule == "Saat dikonfirmasi: 1 JP: 60 menit ÷ 45 menit, dibatasi 2 JP per sesi", rule
    assert "1 jam" in page.inner_text("[data-testid=session-detail]")
    shot(page, "session")
    page.select_option("select[name=rating]", "5")
    page.click("[data-testid=confirm-session]")
    page.wait_for_selector("text=Sesi dikonfirmasi: 1 JP diakui.")
    shot(page, "pair-after")

    page.goto(f"{base}/")
    panel = page.inner_text("[data-testid=panel-mentee]")
    assert "4 sesi terkonfirmasi · 5 jam · 6 JP" in panel, panel
    assert "Sesi yang perlu dikonfirmasi" not in panel
    shot(page, "home-after")
    entry = JpLedgerEntry.objects.get(source=JpLedgerSource.MENTORING, source_ref=waiting.pk)
    assert entry.employee == mentee and entry.jp == 1
