"""JP credit rules (domain §2.4), computed from LearningForm data."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from learning.completion.services import jp_from_minutes, session_days, session_jp
from tests.learning.completion_world import learning_form, local, make_session, make_workshop

pytestmark = pytest.mark.django_db


class TestJpRule:
    def test_two_day_workshop_is_10_jp(self):
        session = make_session(kind="workshop", days=2)
        assert session_jp(session=session) == Decimal("10.0")

    def test_two_day_seminar_abroad_is_12_jp(self):
        session = make_session(kind="seminar", days=2, abroad=True)
        assert session_jp(session=session) == Decimal("12.0")

    def test_two_day_workshop_abroad_uses_international_per_day(self):
        session = make_session(kind="workshop", days=2, abroad=True)
        assert session_jp(session=session) == Decimal("14.0")

    def test_pelatihan_40_jp_abroad_is_48_jp(self):
        workshop = make_workshop(kind="pelatihan", jp=40, abroad=True)
        assert session_jp(session=make_session(workshop=workshop, days=5)) == Decimal("48.0")

    def test_pelatihan_national_is_program_jp(self):
        workshop = make_workshop(kind="pelatihan", jp=40)
        assert session_jp(session=make_session(workshop=workshop, days=5)) == Decimal("40.0")

    def test_rule_is_data_hr_can_edit(self):
        """Changing the form's per-day JP changes the credit: no constant in code."""
        form = learning_form("workshop")
        form.jp_per_unit = Decimal(6)
        form.save()
        session = make_session(kind="workshop", days=3)
        assert session_jp(session=session) == Decimal("18.0")

    def test_per_activity_form_credits_once(self):
        workshop = make_workshop(kind="kursus")
        assert session_jp(session=make_session(workshop=workshop, days=3)) == Decimal("4.0")


class TestSessionDays:
    def test_multi_day_session_spans_each_local_day(self):
        first = timezone.localdate() - dt.timedelta(days=10)
        session = make_session(first_day=first, days=3)
        assert session_days(session=session) == [first + dt.timedelta(days=i) for i in range(3)]

    def test_days_are_local_time_not_utc(self):
        """07:00 WIB is midnight UTC+0 the previous... still the same local day."""
        day = dt.date(2026, 3, 2)
        session = make_session(first_day=day)
        session.starts_at = local(day, 6)  # 23:00 UTC the day before
        session.ends_at = local(day, 10)
        assert session_days(session=session) == [day]

    def test_ending_at_midnight_does_not_add_a_day(self):
        day = dt.date(2026, 3, 2)
        session = make_session(first_day=day)
        session.ends_at = local(day + dt.timedelta(days=1), 0)
        assert session_days(session=session) == [day]


class TestJpMinutes:
    def test_minutes_convert_to_whole_jp_rounded_down(self):
        # A JP is a 45-minute lesson hour: no activity earns more than its minutes allow.
        assert jp_from_minutes(minutes=90) == Decimal("2")
        assert jp_from_minutes(minutes=60) == Decimal("1")
        assert jp_from_minutes(minutes=30) == Decimal("0")
        assert jp_from_minutes(minutes=89) == Decimal("1")

    @override_settings(BANGKOM_JP_MINUTES=60)
    def test_jp_minutes_is_a_setting(self):
        assert jp_from_minutes(minutes=90) == Decimal("1")
        assert jp_from_minutes(minutes=120) == Decimal("2")
