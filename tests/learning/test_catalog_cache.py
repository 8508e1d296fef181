"""The catalog's page and results caches (learning/catalog/cache.py): what ends a
cached page, and what must never be shared.

A page served from the cache runs no query beyond the session (test settings keep
sessions in the database; with cached sessions it runs none), so "cached" below
means "answered with at most one query"."""
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
from tests.factories import EmployeeFactory, PositionFactory
from tests.learning.catalog_helpers import publish_workshop, session_values

pytestmark = pytest.mark.django_db

SEATS = re.compile(r"(\d+) kursi tersisa")


def _logged_in(employee) -> Client:
    client = Client()
    client.force_login(employee.user)
    return client


def _get(client: Client, url: str):
    """The response and how many queries it ran."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx)


def _cached_twice(client: Client, url: str) -> str:
    """Fill the cache for `url` and check the next answer comes from it."""
    client.get(url)
    response, queries = _get(client, url)
    assert response.status_code == 200
    assert queries <= 1, f"{url} was not answered from the cache ({queries} queries)"
    return response.content.decode()


class PageCacheTests:
    def test_pages_are_answered_from_the_cache(self):
        page = publish_workshop(title="Pelatihan Tersimpan")
        client = _logged_in(EmployeeFactory())
        _, first = _get(client, page.url)
        assert first > 5
        assert "Pelatihan Tersimpan" in _cached_twice(client, page.url)
        assert "Pelatihan Tersimpan" in _cached_twice(client, "/pelatihan/")

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
        response, queries = _get(client, page.url)
        assert response.status_code == 200 and queries > 5

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
        assert _get(client, page.url)[1] > 5
        client.get("/pelatihan/")
        assert _get(client, "/pelatihan/")[1] > 5


class NotSharedTests:
    def test_eligibility_and_name_are_never_shown_to_another_user(self):
        page = publish_workshop(title="Khusus Pengawas",
                                eligible_position_kinds=[PositionKind.PENGAWAS])
        head = EmployeeFactory(name="Kepala Seksi",
                               position=PositionFactory(kind=PositionKind.PENGAWAS))
        staff = EmployeeFactory(name="Staf Pelaksana")
        head_page = _cached_twice(_logged_in(head), page.url)
        assert "Kepala Seksi" in head_page and "Anda memenuhi syarat" in head_page
        staff_page = _logged_in(staff).get(page.url).content.decode()
        assert "Staf Pelaksana" in staff_page and "Kepala Seksi" not in staff_page
        assert "Anda tidak memenuhi syarat" in staff_page

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
        response, queries = _get(second, page.url)
        assert queries <= 1  # from the cache, rendered for the first browser
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                          response.content.decode()).group(1)
        assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
        enrolled = second.post(f"/belajar/sesi/{session.pk}/daftar/",
                               {"csrfmiddlewaretoken": token, "next": page.url})
        assert enrolled.status_code == 302


class CachedSessionsTests:
    def test_with_cached_sessions_a_cached_page_runs_no_query(self, settings):
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
        page = publish_workshop(title="Sesi Tembolok")
        employee = EmployeeFactory(name="Pegawai Tembolok")
        client = _logged_in(employee)
        client.get(page.url)
        response, queries = _get(client, page.url)
        assert queries == 0 and "Pegawai Tembolok" in response.content.decode()
        assert "Cookie" in response["Vary"]
        session_cookie = client.cookies["sessionid"].value
        client.logout()  # deletes the session from the cache and the database
        client.cookies["sessionid"] = session_cookie
        assert "Pegawai Tembolok" not in client.get(page.url).content.decode()


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
        assert catalog_next_change(now=now) == session.starts_at
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
