"""Issue 13: the team list (and HR's employee list) leads to each person's profile, JP
and enrollments, and shows the team's JP progress; those pages are read-only and only
for the person's supervisors and HR."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import JpLedgerEntry
from people.models import EmploymentType, Rank
from tests.factories import EmployeeFactory, make_hr_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    boss = EmployeeFactory(name="Kepala Seksi")
    pns = EmployeeFactory(name="Staf PNS", supervisor=boss)
    pppk = EmployeeFactory(
        name="Staf PPPK", supervisor=boss, employment_type=EmploymentType.PPPK,
        rank=Rank.objects.filter(employment_type="PPPK").first(),
        contract_start=dt.date(timezone.localdate().year - 1, 3, 1),
    )
    stranger = EmployeeFactory(name="Orang Lain")
    today = timezone.localdate()
    JpLedgerEntry.objects.create(employee=pns, year=today.year, source="EXTERNAL", source_ref=1,
                                 jp=Decimal("12"), occurred_on=today, description="Seminar")
    return {"boss": boss, "pns": pns, "pppk": pppk, "stranger": stranger}


def _member_urls(employee):
    return [
        reverse("learning:employee_jp", args=[employee.pk]),
        reverse("learning:employee_enrollments", args=[employee.pk]),
        reverse("competencies:employee_profile", args=[employee.pk]),
    ]


class TestTeamList:
    def test_team_list_links_each_persons_records_and_shows_jp(self, client, team):
        client.force_login(team["boss"].user)
        html = client.get("/pegawai/tim/").content.decode()
        for url in _member_urls(team["pns"]):
            assert f'href="{url}"' in html
        assert "12 / 20 JP" in html
        assert re.search(r"0 dari maks\. 24 JP", html)

    def test_hr_employee_list_links_too(self, client, team):
        client.force_login(make_hr_user())
        html = client.get("/pegawai/tim/").content.decode()
        for url in _member_urls(team["stranger"]):
            assert f'href="{url}"' in html

    def test_query_count_does_not_grow_with_the_team(self, client, team):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(team["boss"].user)

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/pegawai/tim/").status_code == 200
            return len(ctx.captured_queries)

        before = count()
        for i in range(10):
            EmployeeFactory(name=f"Tambahan {i}", supervisor=team["boss"])
        assert count() == before


class TestMemberRecords:
    def test_supervisor_reads_a_members_jp_and_enrollments(self, client, team):
        client.force_login(team["boss"].user)
        jp = client.get(reverse("learning:employee_jp", args=[team["pns"].pk]))
        assert jp.status_code == 200
        html = jp.content.decode()
        assert "Riwayat JP Staf PNS" in html and "Seminar" in html
        assert 'data-testid="external-form"' not in html  # read-only
        enrollments = client.get(reverse("learning:employee_enrollments", args=[team["pns"].pk]))
        assert enrollments.status_code == 200
        assert "Pendaftaran Staf PNS" in enrollments.content.decode()

    @pytest.mark.parametrize("viewer", ["stranger", "pns"])
    def test_others_get_404(self, client, team, viewer):
        client.force_login(team[viewer].user)
        target = team["pppk"]
        for url in _member_urls(target)[:2]:
            assert client.get(url).status_code == 404

    def test_anonymous_goes_to_login(self, client, team):
        response = client.get(reverse("learning:employee_jp", args=[team["pns"].pk]))
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


class TestPppkJpPage:
    def test_ledger_and_total_count_the_same_contract_year(self, client, team):
        """The page used to list calendar-year credits under a contract-year total."""
        pppk = team["pppk"]
        today = timezone.localdate()
        start = dt.date(today.year if today >= dt.date(today.year, 3, 1) else today.year - 1, 3, 1)
        before_contract_year = start - dt.timedelta(days=10)
        JpLedgerEntry.objects.create(
            employee=pppk, year=before_contract_year.year, source="EXTERNAL", source_ref=2,
            jp=Decimal("5"), occurred_on=before_contract_year, description="Kursus lama")
        JpLedgerEntry.objects.create(
            employee=pppk, year=start.year, source="EXTERNAL", source_ref=3, jp=Decimal("4"),
            occurred_on=start, description="Kursus baru")
        client.force_login(pppk.user)
        html = client.get(reverse("learning:jp_history")).content.decode()
        assert 'data-testid="jp-cap-explained"' in html and "PP 49/2018" in html
        assert "tahun kontrak" in html
        ledger = html.split('data-testid="jp-ledger"')[1].split("</table>")[0]
        assert "Kursus baru" in ledger and "Kursus lama" not in ledger
        assert '<strong data-testid="jp-total">4</strong>' in html

    def test_external_form_errors_are_summarised_with_a_reattach_note(self, client, team):
        client.force_login(team["pns"].user)
        html = client.post(reverse("learning:jp_history"), {"title": ""}).content.decode()
        assert 'data-testid="form-errors"' in html
        assert 'data-testid="reattach-note"' in html
