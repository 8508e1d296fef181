"""The catalog's shared page bodies and results caches (learning/catalog/cache.py):
what ends a cached body, and what must never be shared.

A page answered from a shared body is never routed by Wagtail, so it runs no query
on the page tree: that is what "from the cache" means below. It still runs the
queries of its personal part (the user, their employee record and roles, their
enrollments), a constant number."""
from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from learning.catalog import cache as catalog_cache
from learning.catalog.selectors import catalog_next_change, workshop_next_change, workshop_sessions
from learning.enrollment.services import enrollment_create, session_cancel_enrollments
from learning.models import SessionSeats, WorkshopPage, WorkshopSession
from people.models import PositionKind
from tests.factories import EmployeeFactory, PositionFactory, UserFactory
from tests.learning.catalog_helpers import publish_workshop, session_values

pytestmark = pytest.mark.django_db

SEATS = re.compile(r"(\d+) kursi tersisa")


def _logged_in(employee) -> Client:
    client = Client()
    client.force_login(employee.user)
    return client


def _get(client: Client, url: str):
    """The response and whether it came from a shared body (no page-tree query)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, not any("wagtailcore_page" in q["sql"] for q in ctx.captured_queries)


def _cached(client: Client, url: str) -> str:
    """Check this answer comes from a shared body."""
    response, shared = _get(client, url)
    assert response.status_code == 200
    assert shared, f"{url} was not answered from the shared cache"
    return response.content.decode()


def _cached_twice(client: Client, url: str) -> str:
    """Fill the cache for `url` and check the next answer comes from it."""
    client.get(url)
    return _cached(client, url)


class PageCacheTests:
    def test_pages_are_answered_from_the_cache(self):
        page = publish_workshop(title="Pelatihan Tersimpan")
        client = _logged_in(EmployeeFactory())
        _, shared = _get(client, page.url)
        assert not shared
        assert "Pelatihan Tersimpan" in _cached_twice(client, page.url)
        assert "Pelatihan Tersimpan" in _cached_twice(client, "/pelatihan/")

    def test_other_employees_get_the_shared_body(self):
        """One employee's visit fills the cache for every employee: another one's first
        visit is answered from it."""
        page = publish_workshop(title="Untuk Banyak Pegawai")
        # Saving an employee renews the catalog token: all of them first.
        first, second, third = (_logged_in(EmployeeFactory()) for _ in range(3))
        first.get(page.url)
        first.get("/pelatihan/?seats=on")
        assert "Untuk Banyak Pegawai" in _cached(second, page.url)
        assert "Untuk Banyak Pegawai" in _cached(third, "/pelatihan/?seats=on")

    def test_audiences_do_not_share_a_body(self):
        """Anonymous visitors and logins without an employee record get bodies of
        their own (no enrollment controls, no eligibility, a login button)."""
        page = publish_workshop(title="Tiga Pembaca")
        employee_page = _cached_twice(_logged_in(EmployeeFactory()), page.url)
        assert 'data-testid="eligibility"' in employee_page
        anonymous, shared = _get(Client(), page.url)
        body = anonymous.content.decode()
        assert not shared and "Masuk untuk mendaftar" in body
        assert 'data-testid="eligibility"' not in body and "enroll-actions" not in body
        login = Client()
        login.force_login(UserFactory())
        body, shared = _get(login, page.url)
        assert not shared and 'data-testid="eligibility"' not in body.content.decode()

    def test_a_taken_seat_shows_at_once(self):
        """Seats are taken by the enrollment service's conditional UPDATE, which sends
        no signal; the enrollment row it writes ends every cached page."""
        page = publish_workshop(title="Kursi Sedikit", sessions=[session_values(capacity=4)])
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)  # as the first enrollment leaves it
        other = EmployeeFactory()
        client = _logged_in(EmployeeFactory())
        assert SEATS.findall(_cached_twice(client, page.url)) == ["4"]
        assert SEATS.findall(_cached_twice(client, "/pelatihan/")) == ["4"]
        enrollment_create(session=session, employee=other, enrolled_by=None)
        assert SEATS.findall(client.get(page.url).content.decode()) == ["3"]
        assert SEATS.findall(client.get("/pelatihan/").content.decode()) == ["3"]

    def test_cancelling_a_session_ends_the_cached_page(self):
        """session_cancel_enrollments ends enrollments and frees seats with queryset
        updates, which send no signal: it renews the token itself."""
        page = publish_workshop(title="Akan Dibatalkan", sessions=[session_values(capacity=4)])
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        employee = EmployeeFactory()
        enrollment_create(session=session, employee=employee, enrolled_by=None)
        # Marked cancelled without a signal, as a page publish leaves it.
        WorkshopSession.objects.filter(pk=session.pk).update(is_cancelled=True)
        client = _logged_in(employee)
        assert "Anda terdaftar" in _cached_twice(client, page.url)
        session.refresh_from_db()
        assert session_cancel_enrollments(session=session)
        assert "Anda terdaftar" not in client.get(page.url).content.decode()

    def test_own_enrollment_shows_after_the_redirect_and_later(self):
        page = publish_workshop(title="Daftar Sendiri")
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        client = _logged_in(EmployeeFactory())
        assert 'data-testid="enroll-state"' not in _cached_twice(client, page.url)
        response = client.post(f"/belajar/sesi/{session.pk}/daftar/", {"next": page.url},
                               follow=True)
        assert "Anda terdaftar" in response.content.decode()
        body = client.get(page.url).content.decode()
        assert 'data-testid="enroll-state"' in body and "Anda terdaftar" in body

    def test_unpublished_page_is_not_served_from_the_cache(self):
        page = publish_workshop(title="Akan Ditarik")
        client = _logged_in(EmployeeFactory())
        _cached_twice(client, page.url)
        assert "Akan Ditarik" in _cached_twice(client, "/pelatihan/")
        page.unpublish()
        assert client.get(page.url).status_code == 404
        assert "Akan Ditarik" not in client.get("/pelatihan/").content.decode()

    def test_expiry_ends_the_cached_page_without_any_signal(self, monkeypatch):
        """Wagtail unpublishes expired pages only when publish_scheduled runs; the
        cached copies must not outlive the expiry date on their own."""
        page = publish_workshop(title="Segera Kedaluwarsa")
        expires = timezone.now() + dt.timedelta(seconds=30)
        WorkshopPage.objects.filter(pk=page.pk).update(expire_at=expires)
        cache.clear()  # the raw UPDATE above sent no signal
        client = _logged_in(EmployeeFactory())
        _cached_twice(client, page.url)
        assert "Segera Kedaluwarsa" in _cached_twice(client, "/pelatihan/")
        later = expires + dt.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        monkeypatch.setattr(catalog_cache.time, "time", lambda: later.timestamp())
        assert client.get(page.url).status_code == 404
        assert "Segera Kedaluwarsa" not in client.get("/pelatihan/").content.decode()

    def test_no_entry_outlives_max_age(self, monkeypatch):
        """What no signal reports (a raw UPDATE) shows after MAX_AGE at the latest."""
        page = publish_workshop(title="Judul Lama")
        client = _logged_in(EmployeeFactory())
        _cached_twice(client, page.url)
        WorkshopPage.objects.filter(pk=page.pk).update(title="Judul Baru")
        assert "Judul Lama" in client.get(page.url).content.decode()  # within MAX_AGE
        now = time.time()
        monkeypatch.setattr(catalog_cache.time, "time", lambda: now + catalog_cache.MAX_AGE + 1)
        assert "Judul Baru" in client.get(page.url).content.decode()

    def test_view_restricted_page_is_never_cached(self):
        page = publish_workshop(title="Hanya Login")
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        client = _logged_in(EmployeeFactory())
        assert client.get(page.url).status_code == 200
        response, shared = _get(client, page.url)
        assert response.status_code == 200 and not shared
        # Nor is the restricted catalog index.
        PageViewRestriction.objects.create(page=page.get_parent(), restriction_type="login")
        client.get("/pelatihan/")
        response, shared = _get(client, "/pelatihan/")
        assert response.status_code == 200 and not shared

    def test_restriction_added_later_ends_the_cached_page(self):
        page = publish_workshop(title="Jadi Rahasia")
        client = _logged_in(EmployeeFactory())
        _cached_twice(client, page.url)
        PageViewRestriction.objects.create(page=page, restriction_type="password",
                                           password="rahasia")
        body = client.get(page.url).content.decode()
        assert 'name="password"' in body and 'data-testid="session"' not in body

    def test_switched_off_caches_nothing(self, settings):
        settings.BANGKOM_CATALOG_CACHE = False
        page = publish_workshop()
        client = _logged_in(EmployeeFactory())
        client.get(page.url)
        assert not _get(client, page.url)[1]
        client.get("/pelatihan/")
        assert not _get(client, "/pelatihan/")[1]

    def test_a_preview_neither_reads_nor_fills_the_cache(self):
        """A draft shown in the editor's preview must not reach visitors, and the
        preview must show the draft, not the cached published body."""
        page = publish_workshop(title="Judul Terbit")
        client = _logged_in(EmployeeFactory())
        assert "Judul Terbit" in _cached_twice(client, page.url)
        draft = page.get_latest_revision_as_object()
        draft.title = "Judul Draf Rahasia"
        draft.save_revision()
        other = _logged_in(EmployeeFactory())
        assert "Judul Terbit" in _cached_twice(client, page.url)  # after those saves
        preview = draft.make_preview_request().content.decode()
        assert "Judul Draf Rahasia" in preview
        assert "Judul Draf Rahasia" not in _cached(client, page.url)
        assert "Judul Draf Rahasia" not in other.get(page.url).content.decode()
        index = page.get_parent().specific
        index.make_preview_request()
        assert "Judul Draf Rahasia" not in other.get("/pelatihan/").content.decode()

    def test_rich_text_cannot_pose_as_a_personal_slot(self):
        """Slot marks carry a random value of each render: an editor typing one in
        a description gets it shown as text, never filled with someone's data."""
        page = publish_workshop(title="Teks Aneh")
        WorkshopPage.objects.filter(pk=page.pk).update(
            description="<p><!--catalog-slot-0000000000000000:eligibility:--></p>")
        cache.clear()
        body = _cached_twice(_logged_in(EmployeeFactory()), page.url)
        assert body.count('data-testid="eligibility"') == 1


class NotSharedTests:
    def test_eligibility_and_name_are_never_shown_to_another_user(self):
        page = publish_workshop(title="Khusus Pengawas",
                                eligible_position_kinds=[PositionKind.PENGAWAS])
        head = EmployeeFactory(name="Kepala Seksi",
                               position=PositionFactory(kind=PositionKind.PENGAWAS))
        staff = EmployeeFactory(name="Staf Pelaksana")
        head_page = _cached_twice(_logged_in(head), page.url)
        assert "Kepala Seksi" in head_page and "Anda memenuhi syarat" in head_page
        staff_page = _cached(_logged_in(staff), page.url)  # the same shared body
        assert "Staf Pelaksana" in staff_page and "Kepala Seksi" not in staff_page
        assert "Anda tidak memenuhi syarat" in staff_page

    def test_enrollment_state_is_never_shown_to_another_user(self):
        page = publish_workshop(title="Satu Terdaftar")
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        enrolled = EmployeeFactory(name="Pegawai Terdaftar")
        other = _logged_in(EmployeeFactory(name="Pegawai Lain"))
        enrollment_create(session=session, employee=enrolled, enrolled_by=None)
        mine = _cached_twice(_logged_in(enrolled), page.url)
        assert "Anda terdaftar" in mine and f"cancel-{session.pk}" in mine
        theirs = _cached(other, page.url)
        assert "Anda terdaftar" not in theirs and f"cancel-{session.pk}" not in theirs
        assert f'data-testid="enroll-{session.pk}"' in theirs
        assert "Pegawai Terdaftar" not in theirs and "Pegawai Lain" in theirs

    def test_hr_controls_only_for_hr(self):
        page = publish_workshop(title="Kontrol HR")
        session = page.sessions.get()
        hr = EmployeeFactory()
        hr.user.groups.add(Group.objects.get(name="HR"))
        staff = _logged_in(EmployeeFactory())
        bulk = f"/belajar/sesi/{session.pk}/daftarkan/"
        assert bulk not in _cached_twice(staff, page.url)
        # HR's page comes from the same body (the editor's bar HR gets reads the
        # page tree itself, so it is not checked by query here).
        assert bulk in _logged_in(hr).get(page.url).content.decode()
        assert bulk not in _cached(staff, page.url)

    def test_same_browser_after_switching_user(self):
        page = publish_workshop(title="Satu Peramban")
        first = EmployeeFactory(name="Pegawai Pertama")
        second = EmployeeFactory(name="Pegawai Kedua")
        client = _logged_in(first)
        assert "Pegawai Pertama" in _cached_twice(client, page.url)
        client.force_login(second.user)  # same browser, same CSRF cookie
        body = client.get(page.url).content.decode()
        assert "Pegawai Kedua" in body and "Pegawai Pertama" not in body

    def test_logged_out_session_gets_no_cached_page(self):
        page = publish_workshop(title="Sesudah Keluar")
        employee = EmployeeFactory(name="Pegawai Keluar")
        client = _logged_in(employee)
        _cached_twice(client, page.url)
        session_cookie = client.cookies["sessionid"].value
        client.logout()
        client.cookies["sessionid"] = session_cookie  # a copy of the old cookie
        body = client.get(page.url).content.decode()
        assert "Pegawai Keluar" not in body and "Masuk untuk mendaftar" in body

    def test_password_change_elsewhere_ends_the_cached_page(self):
        page = publish_workshop(title="Ganti Sandi")
        employee = EmployeeFactory(name="Pegawai Sandi")
        client = _logged_in(employee)
        _cached_twice(client, page.url)
        employee.user.set_password("kata-sandi-baru-123")
        employee.user.save()
        assert "Pegawai Sandi" not in client.get(page.url).content.decode()

    def test_joining_hr_shows_the_hr_menu(self):
        employee = EmployeeFactory()
        client = _logged_in(employee)
        assert 'href="/cms/"' not in _cached_twice(client, "/pelatihan/")
        employee.user.groups.add(Group.objects.get(name="HR"))
        assert 'href="/cms/"' in client.get("/pelatihan/").content.decode()

    def test_csrf_token_is_made_for_each_browser(self):
        """Two browsers of one session (the same session cookie, their own CSRF
        cookies) each get a token that passes their own CSRF check."""
        page = publish_workshop(title="Token Sendiri")
        session = page.sessions.get()
        employee = EmployeeFactory()
        first = _logged_in(employee)
        _cached_twice(first, page.url)
        second = Client(enforce_csrf_checks=True)
        second.cookies["sessionid"] = first.cookies["sessionid"].value
        response, shared = _get(second, page.url)
        assert shared  # from the shared body the first browser's visit left
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                          response.content.decode()).group(1)
        assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
        enrolled = second.post(f"/belajar/sesi/{session.pk}/daftar/",
                               {"csrfmiddlewaretoken": token, "next": page.url})
        assert enrolled.status_code == 302


class CachedSessionsTests:
    def test_with_cached_sessions_only_the_personal_part_is_queried(
            self, settings, django_assert_num_queries):
        """Production's cached sessions: a page from a shared body reads the user
        row and nothing else; the viewer's employee record, roles and admin access
        come from their cached facts and their enrollments from the catalog cache,
        read with the body. After a catalog change (here: someone's enrollment) the
        first workshop page reads the viewer's enrollments again, once."""
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        page = publish_workshop(title="Sesi Tembolok")
        other_page = publish_workshop(title="Sesi Lain")
        employee = EmployeeFactory(name="Pegawai Tembolok")
        someone = EmployeeFactory()  # (a change about people: before the facts are kept)
        client = _logged_in(employee)
        for url in (page.url, other_page.url, "/pelatihan/"):
            client.get(url)
        with django_assert_num_queries(1):
            response = client.get("/pelatihan/")
        with django_assert_num_queries(1):
            response = client.get(page.url)
        enrollment_create(session=other_page.sessions.get(), employee=someone,
                          enrolled_by=None)
        _logged_in(someone).get(page.url)  # the body rendered again, by someone else
        with django_assert_num_queries(2):  # the user row, the viewer's enrollments
            client.get(page.url)
        with django_assert_num_queries(1):
            response = client.get(page.url)
        assert "Pegawai Tembolok" in response.content.decode()
        assert "Cookie" in response["Vary"]
        session_cookie = client.cookies["sessionid"].value
        client.logout()  # deletes the session from the cache and the database
        client.cookies["sessionid"] = session_cookie
        assert "Pegawai Tembolok" not in client.get(page.url).content.decode()


class ViewerFactsTests:
    @staticmethod
    def _loads_viewer(client: Client, url: str) -> bool:
        """Whether answering `url` loaded the viewer's employee record (their cached
        facts were missing or stale)."""
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return any(q["sql"].startswith('SELECT "people_employee"."id"')
                   and '"people_rank"' in q["sql"] for q in ctx.captured_queries)

    def test_enrollments_keep_the_facts_and_people_changes_end_them(self):
        page = publish_workshop(title="Fakta Pembaca")
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        employee, other = EmployeeFactory(), EmployeeFactory()
        client = _logged_in(employee)
        assert self._loads_viewer(client, "/pelatihan/")
        assert not self._loads_viewer(client, page.url)
        # Someone enrolls: the bodies are rendered again, the viewer's facts kept.
        enrollment_create(session=session, employee=other, enrolled_by=None)
        assert not self._loads_viewer(client, page.url)
        # Joining a group (roles, permissions) ends them.
        employee.user.groups.add(Group.objects.get(name="HR"))
        assert self._loads_viewer(client, page.url)
        assert 'href="/cms/"' in client.get(page.url).content.decode()
        # So does a change to the employee record (name, unit, position, golongan).
        employee.name = "Nama Baru Pegawai"
        employee.save()
        assert self._loads_viewer(client, page.url)
        assert "Nama Baru Pegawai" in client.get(page.url).content.decode()


class WorkshopPageTests:
    def test_seats_left_shown_once_per_session(self):
        page = publish_workshop(sessions=[session_values(capacity=9),
                                          session_values(starts_in=dt.timedelta(days=20),
                                                         capacity=7)])
        body = _logged_in(EmployeeFactory()).get(page.url).content.decode()
        # Next to the enroll button it used to say it again ("sisa 9 kursi").
        assert re.findall(r"(\d+) kursi tersisa|sisa (\d+) kursi", body) == [
            ("9", ""), ("7", "")]


class NextChangeTests:
    def test_next_change_of_the_index(self):
        now = timezone.now()
        assert catalog_next_change(now=now) is None
        page = publish_workshop(sessions=[session_values(starts_in=dt.timedelta(days=3))])
        session = page.sessions.get()
        # Registration closing changes the card (and the seats filter) first.
        assert catalog_next_change(now=now) == session.registration_closes_at
        assert catalog_next_change(now=session.registration_closes_at) == session.starts_at
        WorkshopPage.objects.filter(pk=page.pk).update(expire_at=now + dt.timedelta(hours=1))
        assert catalog_next_change(now=now) == now + dt.timedelta(hours=1)
        # Ongoing session: its end is next.
        assert catalog_next_change(now=session.starts_at + dt.timedelta(minutes=1)) == (
            session.ends_at)

    def test_next_change_of_a_workshop_page(self):
        page = publish_workshop(sessions=[session_values(starts_in=dt.timedelta(days=3))])
        session = page.sessions.get()
        rows = workshop_sessions(workshop=page)
        now = timezone.now()
        # Registration is open: it closes first.
        assert workshop_next_change(workshop=page, sessions=rows, now=now) == (
            session.registration_closes_at)
