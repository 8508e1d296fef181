"""The workshop catalog: eligibility, search and filters, pagination, visibility,
the calendar feed token, and constant query counts."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from learning.catalog.bulk import workshops_bulk_create
from learning.catalog.selectors import catalog_index_get
from learning.enrollment.eligibility import workshop_is_eligible, workshops_eligible_for
from learning.models import LearningForm, SessionSeats, WorkshopPage
from learning.models.workshops import CalendarFeedToken
from people.models import PositionKind, Rank, Unit
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory, UserFactory
from tests.learning.catalog_helpers import competency, publish_workshop, session_values

pytestmark = pytest.mark.django_db


def _rank(code: str, kind: str = "PNS") -> Rank:
    return Rank.objects.get(employment_type=kind, code=code)


def _eligible(workshop: WorkshopPage, employee) -> bool:
    """Both forms of the rule, which must agree."""
    one = workshop_is_eligible(workshop=workshop, employee=employee)
    in_sql = workshops_eligible_for(employee=employee).filter(pk=workshop.pk).exists()
    assert one == in_sql, "workshop_is_eligible and workshops_eligible_for disagree"
    return one


class TestEligibility:
    def test_open_workshop_admits_everyone(self):
        workshop = publish_workshop()
        assert _eligible(workshop, EmployeeFactory())

    def test_position_kinds(self):
        workshop = publish_workshop(eligible_position_kinds=["PENGAWAS", "ADMINISTRATOR"])
        staff = EmployeeFactory(position=PositionFactory(kind=PositionKind.PELAKSANA))
        head = EmployeeFactory(position=PositionFactory(kind=PositionKind.PENGAWAS))
        assert not _eligible(workshop, staff)
        assert _eligible(workshop, head)

    def test_golongan_range_and_employment_type(self):
        workshop = publish_workshop(eligible_rank_min=_rank("III/c"),
                                    eligible_rank_max=_rank("IV/a"))
        assert not _eligible(workshop, EmployeeFactory(rank=_rank("III/a")))
        assert _eligible(workshop, EmployeeFactory(rank=_rank("III/c")))
        assert _eligible(workshop, EmployeeFactory(rank=_rank("IV/a")))
        assert not _eligible(workshop, EmployeeFactory(rank=_rank("IV/b")))
        pppk_rank = Rank.objects.filter(employment_type="PPPK").order_by("-order").first()
        pppk = EmployeeFactory(employment_type="PPPK", rank=pppk_rank)
        assert not _eligible(workshop, pppk)

    def test_open_ended_golongan_bound(self):
        workshop = publish_workshop(eligible_rank_min=_rank("III/a"))
        assert not _eligible(workshop, EmployeeFactory(rank=_rank("II/d")))
        assert _eligible(workshop, EmployeeFactory(rank=_rank("IV/e")))

    def test_unit_admits_units_below_it(self):
        dinas = UnitFactory(name="Dinas Kesehatan Uji")
        bidang = Unit.objects.create(name="Bidang P2P Uji", parent=dinas)
        seksi = Unit.objects.create(name="Seksi Surveilans Uji", parent=bidang)
        other = UnitFactory(name="Dinas Pendidikan Uji")
        workshop = publish_workshop()
        workshop.eligible_units.set([bidang])
        assert _eligible(workshop, EmployeeFactory(unit=seksi))
        assert _eligible(workshop, EmployeeFactory(unit=bidang))
        assert not _eligible(workshop, EmployeeFactory(unit=dinas))
        assert not _eligible(workshop, EmployeeFactory(unit=other))

    def test_inactive_or_missing_employee(self):
        workshop = publish_workshop()
        assert not _eligible(workshop, EmployeeFactory(is_active=False))
        assert not workshop_is_eligible(workshop=workshop, employee=None)
        assert not workshops_eligible_for(employee=None).exists()

    def test_page_explains_why_not(self, client):
        workshop = publish_workshop(eligible_position_kinds=["JPT"])
        employee = EmployeeFactory()
        client.force_login(employee.user)
        body = client.get(workshop.url).content.decode()
        assert 'data-testid="eligibility"' in body
        assert "Anda tidak memenuhi syarat" in body


def _titles(response) -> list[str]:
    """Workshop titles on the rendered index, in order (works on cached results too)."""
    import html
    import re

    assert response.status_code == 200
    body = response.content.decode()
    return [html.unescape(t) for t in re.findall(
        r'data-testid="workshop-card">.*?<h2><a href="[^"]*">([^<]*)</a></h2>', body, re.S)]


@pytest.fixture
def employee_client(client):
    employee = EmployeeFactory()
    client.force_login(employee.user)
    client.employee = employee
    return client


class TestFilter:
    def test_competency_and_form(self, employee_client):
        m05, m01 = competency("M.05", "Pelayanan Publik"), competency("M.01", "Integritas")
        service = publish_workshop(title="Pelayanan Prima", competencies=[m05])
        ethics = publish_workshop(title="Integritas ASN", competencies=[m01], form_code="seminar")
        r = employee_client.get("/pelatihan/", {"competency": m05.pk})
        assert _titles(r) == [service.title]
        seminar = LearningForm.objects.get(code="seminar")
        r = employee_client.get("/pelatihan/", {"form": seminar.pk})
        assert _titles(r) == [ethics.title]

    def test_month_of_a_session(self, employee_client):
        soon = publish_workshop(title="Bulan Ini", sessions=[session_values(
            starts_in=dt.timedelta(days=3))])
        later = publish_workshop(title="Dua Bulan Lagi", sessions=[session_values(
            starts_in=dt.timedelta(days=70))])
        month = timezone.localtime(later.sessions.get().starts_at).strftime("%Y-%m")
        r = employee_client.get("/pelatihan/", {"month": month})
        assert _titles(r) == [later.title]
        assert soon.title not in _titles(r)

    def test_seats_available(self, employee_client):
        full = publish_workshop(title="Penuh", sessions=[session_values(capacity=5)])
        SessionSeats.objects.create(session=full.sessions.get(), taken=5)
        free = publish_workshop(title="Masih Ada", sessions=[session_values(capacity=5)])
        SessionSeats.objects.create(session=free.sessions.get(), taken=4)
        r = employee_client.get("/pelatihan/", {"seats": "on"})
        assert _titles(r) == ["Masih Ada"]
        r = employee_client.get(full.url)
        assert "Penuh" in r.content.decode()

    def test_eligible_for_me(self, employee_client):
        publish_workshop(title="Khusus JPT", eligible_position_kinds=["JPT"])
        publish_workshop(title="Untuk Semua")
        r = employee_client.get("/pelatihan/", {"eligible": "on"})
        assert _titles(r) == ["Untuk Semua"]
        assert len(_titles(employee_client.get("/pelatihan/"))) == 2

    def test_search_uses_the_search_backend(self, employee_client):
        publish_workshop(title="Budaya Antikorupsi dan Integritas")
        publish_workshop(title="Pengelolaan Arsip Dinamis")
        r = employee_client.get("/pelatihan/", {"q": "antikorupsi"})
        assert _titles(r) == ["Budaya Antikorupsi dan Integritas"]
        assert _titles(employee_client.get("/pelatihan/", {"q": "zzzyyyxxx"})) == []

    def test_search_ranks_workshops_with_upcoming_sessions_first(self, employee_client):
        """Issue 13: a better text match with no session left comes after one that
        can still be attended."""
        publish_workshop(title="Integritas Integritas Integritas ASN", sessions=[])
        publish_workshop(title="Integritas dan Budaya Kerja",
                         sessions=[session_values(starts_in=dt.timedelta(days=9))])
        titles = _titles(employee_client.get("/pelatihan/", {"q": "integritas"}))
        assert titles == ["Integritas dan Budaya Kerja", "Integritas Integritas Integritas ASN"]

    def test_forged_parameters_show_the_catalog(self, employee_client):
        publish_workshop(title="Tetap Tampil")
        r = employee_client.get("/pelatihan/", {"competency": "abc", "month": "2026-99",
                                                "form": "999999", "page": "x"})
        assert r.status_code == 200
        assert "Tetap Tampil" in _titles(r)

    def test_sorted_by_next_session(self, employee_client):
        publish_workshop(title="Nanti", sessions=[session_values(starts_in=dt.timedelta(days=40))])
        publish_workshop(title="Segera", sessions=[session_values(starts_in=dt.timedelta(days=2))])
        publish_workshop(title="Tanpa Sesi", sessions=[])
        assert _titles(employee_client.get("/pelatihan/")) == ["Segera", "Nanti", "Tanpa Sesi"]


class TestPagination:
    def test_twelve_per_page(self, employee_client):
        workshops_bulk_create(index=catalog_index_get(), count=13, sessions_per_workshop=1)
        first = employee_client.get("/pelatihan/")
        assert len(_titles(first)) == 12
        second = employee_client.get("/pelatihan/", {"page": 2})
        assert len(_titles(second)) == 1
        assert not set(_titles(first)) & set(_titles(second))
        beyond = employee_client.get("/pelatihan/", {"page": 99})
        assert _titles(beyond) == _titles(second)
        assert "13 pelatihan ditemukan" in first.content.decode()
        body = first.content.decode()
        assert "page=2" in body and "Halaman 1 dari 2" in body


class TestVisibility:
    def test_unpublished_workshop_is_hidden(self, employee_client):
        draft = publish_workshop(title="Draf Rahasia", publish=False)
        assert "Draf Rahasia" not in _titles(employee_client.get("/pelatihan/"))
        assert employee_client.get(f"/pelatihan/{draft.slug}/").status_code == 404
        session = draft.sessions.get()
        assert employee_client.get(f"/belajar/sesi/{session.pk}.ics").status_code == 404

    def test_unpublishing_hides_it_everywhere(self, employee_client):
        page = publish_workshop(title="Ditarik Kembali Antikorupsi")
        session = page.sessions.get()
        assert employee_client.get(f"/belajar/sesi/{session.pk}.ics").status_code == 200
        page.unpublish()
        assert employee_client.get(page.url or f"/pelatihan/{page.slug}/").status_code == 404
        assert _titles(employee_client.get("/pelatihan/", {"q": "antikorupsi"})) == []
        assert employee_client.get(f"/belajar/sesi/{session.pk}.ics").status_code == 404

    def test_expired_workshop_is_hidden_before_the_scheduler_runs(self, employee_client):
        page = publish_workshop(title="Kedaluwarsa Antikorupsi")
        WorkshopPage.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1))
        assert WorkshopPage.objects.get(pk=page.pk).live  # still live: no scheduler ran
        assert _titles(employee_client.get("/pelatihan/")) == []
        assert _titles(employee_client.get("/pelatihan/", {"q": "antikorupsi"})) == []
        assert employee_client.get(f"/pelatihan/{page.slug}/").status_code == 404
        session = page.sessions.get()
        assert employee_client.get(f"/belajar/sesi/{session.pk}.ics").status_code == 404

    def test_private_workshop_is_not_listed(self, employee_client):
        page = publish_workshop(title="Khusus Login Lain")
        PageViewRestriction.objects.create(page=page, restriction_type="password",
                                           password="rahasia")
        assert _titles(employee_client.get("/pelatihan/")) == []
        session = page.sessions.get()
        assert employee_client.get(f"/belajar/sesi/{session.pk}.ics").status_code == 404

    def test_session_ics_needs_login(self, client):
        session = publish_workshop().sessions.get()
        response = client.get(f"/belajar/sesi/{session.pk}.ics")
        assert response.status_code == 302 and "/akun/login/" in response["Location"]
        assert client.get("/belajar/sesi/999999.ics").status_code == 302


class TestFeedToken:
    def test_create_regenerate_revoke(self, employee_client):
        employee = employee_client.employee
        response = employee_client.post("/belajar/kalender/", {"action": "regenerate"})
        assert response.status_code == 302
        first = CalendarFeedToken.objects.get(employee=employee).token
        page = employee_client.get("/belajar/kalender/").content.decode()
        assert f"/belajar/kalender/{first}.ics" in page
        ok = employee_client.get(f"/belajar/kalender/{first}.ics")
        assert ok.status_code == 200 and ok["Content-Type"].startswith("text/calendar")

        employee_client.post("/belajar/kalender/", {"action": "regenerate"})
        second = CalendarFeedToken.objects.get(employee=employee).token
        assert second != first
        assert employee_client.get(f"/belajar/kalender/{first}.ics").status_code == 404
        assert employee_client.get(f"/belajar/kalender/{second}.ics").status_code == 200

        employee_client.post("/belajar/kalender/", {"action": "revoke"})
        assert not CalendarFeedToken.objects.filter(employee=employee).exists()
        assert employee_client.get(f"/belajar/kalender/{second}.ics").status_code == 404

    def test_wrong_token_and_inactive_employee(self, client):
        assert client.get("/belajar/kalender/tebakan-asal.ics").status_code == 404
        employee = EmployeeFactory()
        CalendarFeedToken.objects.create(employee=employee, token="t" * 43)
        assert client.get(f"/belajar/kalender/{'t' * 43}.ics").status_code == 200
        employee.is_active = False
        employee.save()
        assert client.get(f"/belajar/kalender/{'t' * 43}.ics").status_code == 404

    def test_settings_page_access(self, client):
        assert client.get("/belajar/kalender/").status_code == 302  # anonymous → login
        client.force_login(UserFactory())  # a login without an employee record
        response = client.get("/belajar/kalender/")  # explained (people.decorators)
        assert response.status_code == 403
        assert "tidak terhubung dengan data pegawai" in response.content.decode()

    def test_unknown_action_changes_nothing(self, employee_client):
        employee_client.post("/belajar/kalender/", {"action": "hapus-semua"})
        assert not CalendarFeedToken.objects.exists()


def _count(client, url: str, *, cached: bool) -> int:
    from django.core.cache import cache

    client.get(url)  # warm Wagtail's site root paths so both sizes compare like for like
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


class TestResultsCache:
    def test_seats_and_publishing_refresh_the_cached_results(self, employee_client):
        from learning.enrollment.services import enrollment_create

        page = publish_workshop(title="Kursi Terbatas", sessions=[session_values(capacity=3)])
        assert "3 kursi tersisa" in employee_client.get("/pelatihan/").content.decode()
        SessionSeats.objects.create(session=page.sessions.get(), taken=1)
        assert "2 kursi tersisa" in employee_client.get("/pelatihan/").content.decode()
        # Seats are taken by the enrollment service's conditional UPDATE (no signal of
        # its own); the enrollment it writes is what refreshes the catalog.
        for _ in range(2):
            enrollment_create(session=page.sessions.get(), employee=EmployeeFactory(),
                              enrolled_by=None)
        body = employee_client.get("/pelatihan/").content.decode()
        assert "Penuh" in body and "kursi tersisa" not in body
        publish_workshop(title="Baru Terbit")
        assert "Baru Terbit" in employee_client.get("/pelatihan/").content.decode()
        page.unpublish()
        assert "Kursi Terbatas" not in employee_client.get("/pelatihan/").content.decode()

    def test_eligible_filter_is_not_shared_between_employees(self, client):
        publish_workshop(title="Khusus Pengawas", eligible_position_kinds=["PENGAWAS"])
        head = EmployeeFactory(position=PositionFactory(kind=PositionKind.PENGAWAS))
        staff = EmployeeFactory()
        client.force_login(head.user)
        assert "Khusus Pengawas" in client.get("/pelatihan/?eligible=on").content.decode()
        client.force_login(staff.user)
        assert "Khusus Pengawas" not in client.get("/pelatihan/?eligible=on").content.decode()


    def test_cached_page_is_never_shown_to_another_user(self, client):
        publish_workshop(title="Untuk Semua")
        first = EmployeeFactory(name="Pegawai Pertama")
        second = EmployeeFactory(name="Pegawai Kedua")
        client.force_login(first.user)
        with CaptureQueriesContext(connection) as miss:
            assert "Pegawai Pertama" in client.get("/pelatihan/").content.decode()
        with CaptureQueriesContext(connection) as hit:
            assert "Pegawai Pertama" in client.get("/pelatihan/").content.decode()
        assert len(hit) < len(miss)
        client.force_login(second.user)  # same browser, same CSRF cookie
        body = client.get("/pelatihan/").content.decode()
        assert "Pegawai Kedua" in body and "Pegawai Pertama" not in body


class TestQueryCount:
    """The catalog index, a workshop page and the home page run the same number of
    queries with 10 and with 500 workshops."""

    def test_constant_queries(self, employee_client):
        index = catalog_index_get()
        comps = [competency("M.05"), competency("M.01")]
        workshops_bulk_create(index=index, count=10, sessions_per_workshop=3,
                              competencies=comps, taken=3)
        one = WorkshopPage.objects.order_by("pk").first()
        urls = ["/pelatihan/", f"/pelatihan/?competency={comps[0].pk}&seats=on&eligible=on",
                "/pelatihan/?page=2&q=pelatihan", one.url, "/"]
        small = {url: _count(employee_client, url, cached=False) for url in urls}
        small_hit = {url: _count(employee_client, url, cached=True) for url in urls}
        workshops_bulk_create(index=index, count=490, sessions_per_workshop=3,
                              competencies=comps, taken=3, code_prefix="BESAR")
        for url in urls:
            assert _count(employee_client, url, cached=False) == small[url], url
            assert _count(employee_client, url, cached=True) == small_hit[url], url
        assert small_hit["/pelatihan/"] < small["/pelatihan/"]  # the cache does save work
        # A catalog page answered from its shared body, to a viewer whose facts and
        # enrollments are cached, runs only the (database) session and the user row.
        assert [small_hit[url] for url in urls[:4]] == [2, 2, 2, 2], small_hit
        assert all(small_hit[url] < small[url] for url in urls[:4]), (small, small_hit)
        # And the counts are small in absolute terms, not just constant.
        assert small["/pelatihan/"] <= 25, small
        assert small[one.url] <= 25, small
