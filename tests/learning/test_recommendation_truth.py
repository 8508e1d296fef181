"""Issue 17 on the recommendation pages: the JP factor and the JP promise use the
period the JP would count in (PNS: the session's calendar year; PPPK: its contract
year, under the cap), session dates read in TIME_ZONE, reasons written for their
reader, the team page's filters and pages, and nothing offered that the person may
not enroll in (learning.enrollment.eligibility decides, as on the workshop page)."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from competencies.models import Predicate
from learning.completion.selectors.jp import jp_summary_for
from learning.completion.services import session_jp
from learning.enrollment.eligibility import workshop_ineligibility_reasons
from learning.models import Enrollment, JpLedgerEntry, JpPolicy, WorkshopPage
from learning.recommendations.models import Recommendation, RecommendationAssignment
from learning.recommendations.selectors import recommendations_for
from learning.recommendations.services import recommendations_recompute_for_employees
from people.models import EmploymentType, Rank
from tests.factories import EmployeeFactory, UnitFactory
from tests.learning.reco_world import appraise, competency, gap, workshop

pytestmark = pytest.mark.django_db
D = Decimal
WIB = ZoneInfo(settings.TIME_ZONE)


def _days_until(when: dt.datetime) -> float:
    return (when - timezone.now()).total_seconds() / 86400


def _credit(employee, jp, on: dt.date, ref: int) -> None:
    JpLedgerEntry.objects.create(employee=employee, year=on.year, source="EXTERNAL",
                                 source_ref=ref, jp=jp, occurred_on=on, description="uji")


def _recompute(*employees) -> None:
    recommendations_recompute_for_employees(employee_ids=[e.pk for e in employees])


def _reco(employee, page) -> Recommendation:
    return Recommendation.objects.get(employee=employee, workshop=page)


class JpPeriodTests:
    """The factor and the promise use the year and the cap the JP would count in."""

    def _pns_with_5_of_20(self):
        """A PNS (minimum 20 JP) with 5 JP this year and a gap of priority 10."""
        JpPolicy.objects.update_or_create(employment_type="PNS",
                                          defaults={"kind": "MINIMUM", "jp_per_year": 20})
        emp = EmployeeFactory()
        _credit(emp, 5, timezone.localdate(), 1)
        c = competency()
        gap(emp, c, required=3, assessed="2.0")  # priority 10
        return emp, c

    def test_a_next_year_session_uses_next_years_shortfall(self):
        """PNS, minimum 20, 5 JP this year: a session in January counts toward next
        year's 20 still missing (× 1.5), a session this year toward this year's 15."""
        emp, c = self._pns_with_5_of_20()
        today = timezone.localdate()
        january = dt.datetime(today.year + 1, 1, 15, 9, 0, tzinfo=WIB)
        next_year, session = workshop((c, 3), starts_in_days=_days_until(january))
        _recompute(emp)
        rec = _reco(emp, next_year)
        weight = D("0.5")
        assert rec.score == (D(10) * (1 + weight * D(20) / D(20))).quantize(D("0.001"))
        assert rec.reason["score"]["jp_shortfall"] == 20.0
        assert rec.reason["jp_period"] == {"start": f"{today.year + 1}-01-01",
                                           "end": f"{today.year + 1}-12-31", "contract": False}
        with translation.override("id"):
            view = recommendations_for(employee=emp, reader_id=emp.pk)[0]
        assert f"pada tahun {today.year + 1}" in view.score_text
        jp = f"{session_jp(session=session).normalize():f}"
        assert f"Menambah {jp} JP pada tahun {today.year + 1} bila selesai." in view.sentences

    def test_this_years_session_keeps_this_years_shortfall(self):
        emp, c = self._pns_with_5_of_20()
        today = timezone.localdate()
        end_of_year = dt.datetime(today.year, 12, 31, 23, 59, tzinfo=WIB)
        if _days_until(end_of_year) < 1:
            pytest.skip("no room for a session left this year")
        page, _ = workshop((c, 3), starts_in_days=min(0.5, _days_until(end_of_year) / 2),
                           hours=1)
        _recompute(emp)
        assert _reco(emp, page).reason["score"]["jp_shortfall"] == 15.0

    def _pppk(self, *, credited: int):
        JpPolicy.objects.update_or_create(employment_type="PPPK",
                                          defaults={"kind": "CAP", "jp_per_year": 24})
        today = timezone.localdate()
        anniversary = today - dt.timedelta(days=100)
        emp = EmployeeFactory(
            employment_type=EmploymentType.PPPK,
            rank=Rank.objects.filter(employment_type="PPPK").first(),
            contract_start=dt.date(anniversary.year - 2, anniversary.month,
                                   min(anniversary.day, 28)))
        _credit(emp, credited, today - dt.timedelta(days=10), 1)
        return emp

    def test_pppk_promise_counts_only_what_fits_under_the_cap(self, client):
        """16 of 24 JP this contract year: a 24-JP workshop adds 8 that count, one
        in the next contract year all of them."""
        emp = self._pppk(credited=16)
        c = competency()
        gap(emp, c, required=3, assessed="2.0")
        # 18 hours: long enough for 24 JP (1 JP = 45 minutes).
        now_page, now_session = workshop((c, 3), starts_in_days=20, hours=18)
        summary = jp_summary_for(employee=emp)
        later_page, later_session = workshop((c, 3), starts_in_days=(
            summary.period_end - timezone.localdate()).days + 30, hours=18)
        WorkshopPage.objects.filter(pk__in=[now_page.pk, later_page.pk]).update(jp=24)
        now_session.refresh_from_db()
        later_session.refresh_from_db()
        jp_now = session_jp(session=now_session)
        assert jp_now > summary.remaining  # the case: more JP than still fit
        _recompute(emp)
        now_rec, later_rec = _reco(emp, now_page), _reco(emp, later_page)
        assert D(str(now_rec.reason["jp_counted"])) == summary.remaining
        assert D(str(later_rec.reason["jp_counted"])) == session_jp(session=later_session)
        assert now_rec.reason["jp_period"]["contract"] is True
        assert now_rec.reason["jp_period"]["start"] == summary.period_start.isoformat()
        assert later_rec.reason["jp_period"]["start"] == (
            summary.period_end + dt.timedelta(days=1)).isoformat()
        client.force_login(emp.user)
        html = client.get("/").content.decode()
        jp = f"{jp_now.normalize():f}"
        left = f"{summary.remaining.normalize():f}"
        assert f"Memberi {jp} JP bila selesai, tetapi hanya {left} JP yang dihitung" in html
        assert f"Menambah {jp} JP bila selesai" not in html

    def test_pppk_cap_warning_counts_the_sessions_contract_year(self, client):
        """A session in the next contract year does not warn about this year's cap."""
        emp = self._pppk(credited=20)
        c = competency()
        gap(emp, c, required=3, assessed="2.0")
        summary = jp_summary_for(employee=emp)
        later_page, _ = workshop((c, 3), starts_in_days=(
            summary.period_end - timezone.localdate()).days + 30)
        _recompute(emp)
        rec = _reco(emp, later_page)
        client.force_login(emp.user)
        response = client.post(reverse("learning:recommendation_enroll", args=[rec.pk]),
                               {"next": "/"})
        assert response.status_code == 302
        assert Enrollment.objects.filter(employee=emp, session__page=later_page).exists()


class TimeZoneTests:
    def test_reason_dates_are_local(self, client):
        """A session at 00:38 WIB on 22 December (17:38 UTC the day before) reads
        "22 Desember" in the reasons, on the home page and beside the gap."""
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=3, assessed="2.0")
        year = timezone.localdate().year
        when = dt.datetime(year, 12, 22, 0, 38, tzinfo=WIB)
        if _days_until(when) < 2:
            when = when.replace(year=year + 1)
        assert when.astimezone(dt.UTC).day == 21
        page, _ = workshop((c, 3), starts_in_days=_days_until(when), hours=2)
        _recompute(emp)
        with translation.override("id"):
            view = recommendations_for(employee=emp, reader_id=emp.pk)[0]
        assert any(f"22 Desember {when.year}" in s for s in view.sentences)
        assert not any("21 Desember" in s for s in view.sentences)
        client.force_login(emp.user)
        profile = client.get(reverse("competencies:my_profile")).content.decode()
        assert f"22 Desember {when.year}" in profile


    def test_file_names_carry_the_local_day(self, client):
        """The .ics download of a session at 00:38 WIB on 22 December is named for
        the 22nd; the admin's label of a matching run shows the local time."""
        from mentoring.models import MatchingRun

        when = dt.datetime(timezone.localdate().year + 1, 12, 22, 0, 38, tzinfo=WIB)
        _page, session = workshop((competency(), 3), starts_in_days=_days_until(when))
        client.force_login(EmployeeFactory().user)
        response = client.get(f"/belajar/sesi/{session.pk}.ics")
        assert response.status_code == 200
        assert f"-{when.year}1222.ics" in response["Content-Disposition"]
        run = MatchingRun(program_id=1, status="DONE", created_at=when)
        assert f"{when.year}-12-22 00:38" in str(run)


def _team(n: int, boss=None, **fields):
    boss = boss or EmployeeFactory(name="Ir. Bambang Uji")
    members = []
    for i in range(n):
        emp = EmployeeFactory(supervisor=boss, name=f"Anggota {i:02d} Uji", **fields)
        members.append(emp)
    return boss, members


class ReaderTests:
    def _world(self):
        JpPolicy.objects.update_or_create(employment_type="PNS",
                                          defaults={"kind": "MINIMUM", "jp_per_year": 20})
        boss = EmployeeFactory(name="Ir. Bambang Uji")
        dewi = EmployeeFactory(supervisor=boss, name="Dewi Lestari Uji")
        appraise(dewi, Predicate.KURANG)
        c = competency()
        gap(dewi, c, required=4, assessed="2.0", behaviour=True)
        page, session = workshop((c, 4), starts_in_days=6, hours=4)
        # Dewi is in another session at the same time: a clash.
        other, _ = workshop((competency(), 3), starts_in_days=6, hours=4)
        Enrollment.objects.create(session=other.sessions.first(), employee=dewi,
                                  status="ENROLLED")
        _recompute(dewi)
        return boss, dewi, page

    def test_employee_reads_you_supervisor_reads_the_name(self, client):
        boss, dewi, page = self._world()
        client.force_login(boss.user)
        html = client.get(reverse("learning:recommendation_team")).content.decode()
        member = html[html.index('data-testid="team-suggestion"'):]
        member = member[:member.index("</details>")]
        assert page.title in member
        label = Predicate.KURANG.label
        assert f"Predikat kinerja terakhir Dewi Lestari Uji ({label})" in member
        assert "bentrok dengan salah satu sesi Dewi Lestari Uji" in member
        assert "Dewi Lestari Uji masih kurang" in member
        assert "penilaian kinerja terakhir Dewi Lestari Uji" in member
        assert "Anda" not in member
        client.force_login(dewi.user)
        home = client.get("/").content.decode()
        panel = home[home.index('data-testid="panel-recommendations"'):]
        assert f"Predikat kinerja terakhir Anda ({label})" in panel
        assert "salah satu sesi Anda" in panel
        assert "Dewi Lestari Uji" not in panel

    def test_command_writes_in_the_third_person(self):
        _boss, dewi, _page = self._world()
        out = io.StringIO()
        call_command("recommend", dewi.nip, stdout=out)
        text = out.getvalue()
        assert "Predikat kinerja terakhir Dewi Lestari Uji" in text
        assert "Anda" not in text


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class TeamPageTests:
    def _members_with_gaps(self, members, comps):
        for i, emp in enumerate(members):
            gap(emp, comps[i % len(comps)], required=4, assessed="2.0")
        _recompute(*members)

    def test_filter_by_person_and_competency(self, client):
        boss, members = _team(3)
        a, b = competency(), competency()
        pa, _ = workshop((a, 4))
        pb, _ = workshop((b, 4))
        self._members_with_gaps(members, [a, b])  # members 0, 2: a; member 1: b
        client.force_login(boss.user)
        url = reverse("learning:recommendation_team")
        html = client.get(url, {"pegawai": members[1].pk}).content.decode()
        assert html.count('data-testid="team-member"') == 1
        assert f'data-employee="{members[1].pk}"' in html and pb.title in html
        html = client.get(url, {"kompetensi": a.pk}).content.decode()
        shown = {m.pk for m in members if f'data-employee="{m.pk}"' in html}
        assert shown == {members[0].pk, members[2].pk}
        assert pb.title not in html
        assert "Pegawai" in html and "Kompetensi" in html  # Indonesian labels
        # The choices are the team's, by name.
        assert ">Anggota 00 Uji<" in html and members[0].nip not in html

    def test_someone_outside_the_team_is_refused_in_indonesian(self, client):
        boss, members = _team(2)
        outsider = EmployeeFactory(name="Orang Luar Uji")
        client.force_login(boss.user)
        html = client.get(reverse("learning:recommendation_team"),
                          {"pegawai": outsider.pk}).content.decode()
        assert 'data-testid="team-filter-errors"' in html
        assert "Masukkan pilihan yang valid" in html
        assert "Orang Luar Uji" not in html
        html = client.get(reverse("learning:recommendation_team"),
                          {"pegawai": "abc"}).content.decode()
        assert "Masukkan pilihan yang valid" in html

    def test_paged_and_constant_queries(self, client):
        c = competency()
        workshop((c, 4))
        boss, members = _team(3)
        self._members_with_gaps(members, [c])
        client.force_login(boss.user)
        url = reverse("learning:recommendation_team")
        small = _count(client, url)
        filtered = _count(client, f"{url}?kompetensi={c.pk}&pegawai={members[0].pk}")
        _boss, more = _team(11, boss=boss, unit=UnitFactory(parent=members[0].unit))
        for _ in range(2):
            d = competency()
            workshop((d, 4))
            self._members_with_gaps(more, [c, d])
        assert _count(client, url) == small
        assert _count(client, f"{url}?kompetensi={c.pk}&pegawai={members[0].pk}") == filtered
        html = client.get(url).content.decode()
        assert html.count('data-testid="team-member"') == 10
        assert 'data-testid="team-pages"' in html
        page2 = client.get(url, {"halaman": 2}).content.decode()
        assert page2.count('data-testid="team-member"') == 4


class EligibilityTests:
    def test_home_never_offers_what_the_workshop_page_refuses(self, client):
        """Moved to another unit before the next recomputation: the suggestion of a
        workshop for her old unit is not offered (home, profile, catalog filter,
        team), and the workshop page indeed refuses her."""
        old_unit, new_unit = UnitFactory(), UnitFactory()
        boss = EmployeeFactory()
        emp = EmployeeFactory(unit=old_unit, supervisor=boss)
        c = competency()
        gap(emp, c, required=4, assessed="2.0")
        page, _ = workshop((c, 4))
        page.eligible_units.add(old_unit)
        open_page, _ = workshop((c, 4), starts_in_days=12)
        _recompute(emp)
        assert Recommendation.objects.filter(employee=emp, workshop=page).exists()
        type(emp).objects.filter(pk=emp.pk).update(unit=new_unit)  # no recomputation
        emp.refresh_from_db()
        assert workshop_ineligibility_reasons(workshop=page, employee=emp)
        client.force_login(emp.user)
        home = client.get("/").content.decode()
        panel = home[home.index('data-testid="panel-recommendations"'):]
        assert f'data-workshop="{page.pk}"' not in panel
        assert f'data-workshop="{open_page.pk}"' in panel
        profile = client.get(reverse("competencies:my_profile")).content.decode()
        assert page.title not in profile and open_page.title in profile
        catalog = client.get("/pelatihan/", {"gap": "on"}).content.decode()
        assert page.title not in catalog and open_page.title in catalog
        detail = client.get(page.url).content.decode()
        assert "tidak memenuhi syarat" in detail
        client.force_login(boss.user)
        team = client.get(reverse("learning:recommendation_team")).content.decode()
        assert page.title not in team and open_page.title in team
        stale = Recommendation.objects.get(employee=emp, workshop=page)
        response = client.post(reverse("learning:recommendation_assign", args=[stale.pk]),
                               follow=True)
        assert "tidak dapat mendaftar" in response.content.decode()
        assert not RecommendationAssignment.objects.filter(employee=emp).exists()

    def test_an_ineligible_rank_is_never_shown(self, client):
        """A golongan range set on the workshop without a recomputation (a queryset
        update sends no signal)."""
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=4, assessed="2.0")
        page, _ = workshop((c, 4))
        _recompute(emp)
        high = Rank.objects.filter(employment_type="PNS").order_by("-order").first()
        assert high.order > emp.rank.order
        WorkshopPage.objects.filter(pk=page.pk).update(eligible_rank_min=high)
        assert recommendations_for(employee=emp, reader_id=emp.pk) == []

