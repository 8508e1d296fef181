"""Issue 17: JP follow the minutes (1 JP = BANGKOM_JP_MINUTES, whole JP rounded down,
at most the program's JP per session and sessions per month) and every page says
which rule gave the figure; a pair HR ended or removed changes no more (each write of
the mentor or the mentee is refused, so no JP is earned after HR ended it); one
duration formatter ("1 jam 15 menit")."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from home.templatetags.durations import duration_text
from learning.models import JpLedgerEntry, JpLedgerSource
from mentoring import services
from mentoring.access import pair_check_active
from mentoring.models import PairStatus, SessionStatus
from mentoring.selectors import session_jp_figures
from tests.factories import PASSWORD, make_hr_user
from tests.mentoring.world import one_pair, person

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 9, 7)


@pytest.fixture
def world():
    return one_pair("T.JPR", "Mentor Menit", "Mentee Menit")


def log(pair, minutes, day=DAY):
    return services.session_log(pair=pair, held_on=day, duration_minutes=minutes,
                                mode="ONLINE", topics="Literasi data", notify=False)


def credited(learner):
    return [e.jp for e in JpLedgerEntry.objects.filter(
        employee=learner, source=JpLedgerSource.MENTORING).order_by("source_ref")]


@pytest.mark.parametrize("minutes,jp", [(30, "0"), (44, "0"), (45, "1"), (50, "1"), (89, "1"),
                                        (90, "2"), (200, "2")])
def test_a_session_earns_no_more_jp_than_its_minutes_allow(world, minutes, jp):
    *_rest, learner, pair = world
    session = services.session_confirm(session_id=log(pair, minutes).pk)
    assert session.jp_awarded == Decimal(jp)
    assert credited(learner) == [Decimal(jp)]


@override_settings(BANGKOM_JP_MINUTES=60)
def test_the_jp_minutes_setting_drives_the_credit(world):
    *_rest, pair = world
    assert services.session_confirm(session_id=log(pair, 100).pk).jp_awarded == Decimal("1")


def test_the_per_session_cap_is_the_programs_data(world):
    prog, *_rest, pair = world
    prog.jp_per_session = Decimal("3")
    prog.save()
    pair.refresh_from_db()
    assert services.session_confirm(session_id=log(pair, 200).pk).jp_awarded == Decimal("3")


def test_the_monthly_cap_still_applies_after_the_minutes(world):
    prog, *_rest, learner, pair = world
    for i in range(3):
        services.session_confirm(session_id=log(pair, 90, DAY + dt.timedelta(days=i)).pk)
    assert credited(learner) == [Decimal("2"), Decimal("2"), Decimal("0")]
    # A session too short for a JP does not use up one of the month's credited places.
    prog.max_sessions_per_month = 1
    prog.save()
    october = [log(pair, 30, dt.date(2026, 10, 1)), log(pair, 60, dt.date(2026, 10, 2))]
    assert [services.session_confirm(session_id=s.pk).jp_awarded for s in october] == [
        Decimal("0"), Decimal("1")]


def test_the_page_says_which_rule_gave_the_figure(client, world):
    _prog, _comp, mentor, learner, pair = world
    waiting = log(pair, 50)
    with translation.override("id"):
        figure = session_jp_figures(pair=pair, sessions=[waiting])[waiting.pk]
    assert figure.jp == Decimal("1")
    assert figure.rule == "1 JP: 50 menit ÷ 45 menit, dibatasi 2 JP per sesi"
    client.login(username=learner.user.username, password=PASSWORD)
    page = client.get(reverse("mentoring:session_detail", args=[waiting.pk])).content.decode()
    assert "Saat dikonfirmasi: 1 JP: 50 menit ÷ 45 menit, dibatasi 2 JP per sesi" in page
    assert "50 menit" in page
    response = client.post(reverse("mentoring:session_confirm", args=[waiting.pk]),
                           {"rating": "5"}, follow=True)
    assert "1 JP" in response.content.decode()
    pair_page = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "1 JP: 50 menit ÷ 45 menit, dibatasi 2 JP per sesi" in pair_page
    assert "1 sesi terkonfirmasi · 50 menit · 1 JP" in pair_page


def test_the_session_form_states_the_rule_before_logging(client, world):
    _prog, _comp, mentor, _learner, pair = world
    client.login(username=mentor.user.username, password=PASSWORD)
    page = client.get(reverse("mentoring:session_log", args=[pair.pk])).content.decode()
    assert "1 JP untuk setiap 45 menit (dibulatkan ke bawah), paling banyak 2 JP per sesi." in page


def test_the_month_rule_is_named_when_it_gives_zero(world):
    *_rest, pair = world
    for i in range(2):
        services.session_confirm(session_id=log(pair, 90, DAY + dt.timedelta(days=i)).pk)
    third = log(pair, 90, DAY + dt.timedelta(days=5))
    with translation.override("id"):
        figure = session_jp_figures(pair=pair, sessions=[third])[third.pk]
    assert figure.jp == 0
    assert figure.rule == ("0 JP: 90 menit ÷ 45 menit, dibatasi 2 JP per sesi; program ini "
                           "mengkreditkan paling banyak 2 sesi per bulan")


# --- Ended pairs are frozen ----------------------------------------------------------


def _end(pair, how):
    hr = make_hr_user(f"hr.end.{how}")
    if how == "removed":
        services.pair_remove(pair_id=pair.pk, removed_by=hr, reason="Mutasi")
    else:
        new_mentor = person("Mentor Pengganti", levels={pair.program.competencies.first(): 5})
        services.pair_swap(pair_id=pair.pk, new_mentor=new_mentor, changed_by=hr)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED


@pytest.fixture(params=["removed", "re-paired"])
def ended(request, world):
    prog, comp, mentor, learner, pair = world
    confirmed = log(pair, 90)
    services.session_confirm(session_id=confirmed.pk)
    waiting = log(pair, 60, DAY + dt.timedelta(days=1))
    _end(pair, request.param)
    return pair, confirmed, waiting, learner


def test_an_ended_pair_refuses_a_correction_of_an_old_session(ended):
    pair, _confirmed, waiting, _learner = ended
    with pytest.raises(ValidationError, match="diakhiri|ended"):
        services.session_update(session_id=waiting.pk, held_on=DAY, duration_minutes=480,
                                mode="ONLINE", topics="x")
    waiting.refresh_from_db()
    assert waiting.duration_minutes == 60


def test_an_ended_pair_refuses_a_confirmation_and_credits_nothing(ended):
    _pair, _confirmed, waiting, learner = ended
    with pytest.raises(ValidationError):
        services.session_confirm(session_id=waiting.pk, rating=5)
    waiting.refresh_from_db()
    assert waiting.status == SessionStatus.SUBMITTED and waiting.jp_awarded is None
    assert credited(learner) == [Decimal("2")]


def test_an_ended_pair_refuses_a_dispute(ended):
    _pair, _confirmed, waiting, _learner = ended
    with pytest.raises(ValidationError):
        services.session_dispute(session_id=waiting.pk, reason="Tidak bertemu")


def test_an_ended_pair_refuses_the_fit_answer(ended):
    pair, _confirmed, _waiting, learner = ended
    with pytest.raises(ValidationError):
        services.pair_fit_answer(pair_id=pair.pk, employee=learner, good_fit=True)
    pair.refresh_from_db()
    assert pair.mentee_fit is None


def test_an_ended_pair_refuses_a_new_session_and_a_goal(ended):
    pair, *_rest = ended
    with pytest.raises(ValidationError):
        log(pair, 60, DAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError):
        services.goal_add(pair=pair, competency=pair.program.competencies.first(),
                          success_criteria="x")


def test_the_pages_of_an_ended_pair_offer_nothing_to_do(client, ended):
    pair, _confirmed, waiting, learner = ended
    client.login(username=learner.user.username, password=PASSWORD)
    page = client.get(reverse("mentoring:session_detail", args=[waiting.pk])).content.decode()
    assert 'data-testid="confirm-box"' not in page
    assert "sudah diakhiri oleh HR" in page
    assert "Saat dikonfirmasi" not in page  # no JP promised on an ended pair
    client.post(reverse("mentoring:session_confirm", args=[waiting.pk]), {"rating": "5"})
    waiting.refresh_from_db()
    assert waiting.status == SessionStatus.SUBMITTED
    client.logout()
    client.login(username=pair.mentor.user.username, password=PASSWORD)
    edit = client.get(reverse("mentoring:session_edit", args=[waiting.pk]))
    assert edit.status_code == 302
    client.post(reverse("mentoring:session_edit", args=[waiting.pk]), {
        "held_on": "2026-09-08", "duration_minutes": "480", "mode": "ONLINE", "topics": "x"})
    waiting.refresh_from_db()
    assert waiting.duration_minutes == 60


@pytest.mark.parametrize("status,ok", [(PairStatus.ACTIVE, True), (PairStatus.PROPOSED, False),
                                       (PairStatus.COMPLETED, False), (PairStatus.ENDED, False)])
def test_pair_check_active_is_the_one_gate(world, status, ok):
    *_rest, pair = world
    pair.status = status
    if ok:
        pair_check_active(pair=pair)
    else:
        with pytest.raises(ValidationError):
            pair_check_active(pair=pair)


# --- Durations ----------------------------------------------------------------------


@pytest.mark.parametrize("minutes,text", [(75, "1 jam 15 menit"), (120, "2 jam"),
                                          (45, "45 menit"), (0, "0 menit"),
                                          (480, "8 jam"), (61, "1 jam 1 menit")])
def test_one_duration_formatter(minutes, text):
    with translation.override("id"):
        assert duration_text(minutes) == text


def test_hours_read_as_hours_and_minutes_on_the_pages(client, world):
    *_rest, learner, pair = world
    services.session_confirm(session_id=log(pair, 75).pk)
    client.login(username=learner.user.username, password=PASSWORD)
    page = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "1 jam 15 menit" in page and "1,2 jam" not in page
    home = client.get("/").content.decode()
    assert "1 sesi terkonfirmasi · 1 jam 15 menit · 1 JP" in home
