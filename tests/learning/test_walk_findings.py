"""Defects found walking the demo as each README login (issue 17 verification walk).

- Dewi (pelaksana) saw "Coaching Kinerja untuk Atasan Langsung · 9 kursi tersisa"
  under "Pelatihan mendatang" on her home page, while the workshop page told her
  "Anda tidak memenuhi syarat": eligibility is one fact, from
  workshops_eligible_for, on every page that offers a session.
- Timestamps written "8 Desember 2026 03:10" on the plan history while every other
  page writes the Indonesian "8 Desember 2026, 03.10" (DATETIME_FORMAT)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from learning.catalog.selectors import upcoming_sessions_for_home
from people.models import PositionKind
from tests.factories import EmployeeFactory, PositionFactory
from tests.learning.catalog_helpers import publish_workshop, session_values

pytestmark = pytest.mark.django_db


class TestHomeUpcomingOffersOnlyWhatTheReaderMayTake:
    def test_a_workshop_the_employee_is_not_eligible_for_is_not_offered(self, client):
        only_heads = publish_workshop(
            title="Coaching Khusus Pengawas", eligible_position_kinds=[PositionKind.PENGAWAS],
            sessions=[session_values(starts_in=dt.timedelta(days=5))])
        open_to_all = publish_workshop(
            title="Pelatihan Terbuka Semua",
            sessions=[session_values(starts_in=dt.timedelta(days=6))])
        staff = EmployeeFactory(position=PositionFactory(kind=PositionKind.PELAKSANA))
        head = EmployeeFactory(position=PositionFactory(kind=PositionKind.PENGAWAS))

        staff_offer = {s.page_id for s in upcoming_sessions_for_home(employee=staff)}
        assert only_heads.pk not in staff_offer and open_to_all.pk in staff_offer
        head_offer = {s.page_id for s in upcoming_sessions_for_home(employee=head)}
        assert {only_heads.pk, open_to_all.pk} <= head_offer

        client.force_login(staff.user)
        html = client.get("/").content.decode()
        assert "Pelatihan Terbuka Semua" in html
        assert "Coaching Khusus Pengawas" not in html


class TestTimestampsReadTheIndonesianWay:
    def test_plan_history_writes_the_time_with_a_dot(self):
        at = dt.datetime(2026, 12, 7, 20, 10, tzinfo=dt.UTC)  # 03.10 WIB

        class Event:
            revision = 1
            actor = None
            comment = ""

            def __init__(self):
                self.at = at

            def get_action_display(self):
                return "Diajukan"

        with translation.override("id"), timezone.override("Asia/Jakarta"):
            html = render_to_string("learning/plans/_history.html", {"events": [Event()]})
        assert "8 Desember 2026, 03.10" in html
        assert "03:10" not in html


class TestOneDayLearningElsewhereReadsAsOneDay:
    """Dewi's webinar read "29 November 2026 – 29 November 2026" on her JP page and on
    HR's verification queue."""

    def test_jp_page_and_verification_queue(self, client):
        from learning.models.completion import ExternalLearning
        from tests.factories import make_hr_user
        from tests.learning.test_external_learning import make_external

        external = make_external()
        ExternalLearning.objects.filter(pk=external.pk).update(
            start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 2))
        client.force_login(external.employee.user)
        mine = client.get("/belajar/jp/?tahun=2026").content.decode()
        assert "2 Maret 2026" in mine and "2 Maret 2026 – 2 Maret 2026" not in mine
        client.force_login(make_hr_user())
        queue = client.get("/belajar/verifikasi/").content.decode()
        assert "2 Maret 2026" in queue and "2 Maret 2026 – 2 Maret 2026" not in queue

    def test_a_range_of_days_still_reads_as_a_range(self, client):
        from tests.learning.test_external_learning import make_external

        external = make_external()  # 2–3 March 2026
        client.force_login(external.employee.user)
        html = client.get("/belajar/jp/?tahun=2026").content.decode()
        assert "2 Maret 2026 – 3 Maret 2026" in html
