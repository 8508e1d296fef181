"""The layout a catalog page from a shared body is answered in (learning/catalog/
layout.py) and the personal parts rendered once for most viewers: what they show
must be exactly what the page's own template shows that viewer."""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning.catalog import cache as catalog_cache
from learning.catalog import layout
from learning.models import EnrollmentStatus, SessionSeats
from people.models import EmploymentType, PositionKind, Rank
from people.roles import user_may_access_admin
from tests.factories import EmployeeFactory, PositionFactory, UserFactory
from tests.learning.catalog_helpers import competency, publish_workshop, session_values

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _normalized(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="-"', html)


def _rendered_and_cached(client: Client, url: str) -> tuple[str, str]:
    """The page as Wagtail renders it through its template (nothing cached), then
    as answered from the shared body in the kept layout."""
    cache.clear()
    layout._LAYOUTS.clear()
    with CaptureQueriesContext(connection) as ctx:
        rendered = client.get(url)
    assert any("wagtailcore_page" in q["sql"] for q in ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        cached = client.get(url)
    assert not any("wagtailcore_page" in q["sql"] for q in ctx.captured_queries)
    assert rendered.status_code == cached.status_code == 200
    return rendered.content.decode(), cached.content.decode()


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _viewers() -> dict[str, Client]:
    supervisor = EmployeeFactory(name="Kepala <Seksi> & Co")
    EmployeeFactory(supervisor=supervisor)
    mentor = EmployeeFactory()
    mentor.user.groups.add(Group.objects.get(name="Mentor"))
    return {
        "anonymous": _client(),
        "login without employee": _client(UserFactory()),
        "employee": _client(EmployeeFactory().user),
        "supervisor": _client(supervisor.user),
        "mentor": _client(mentor.user),
    }


class LayoutTests:
    def test_cached_pages_equal_what_the_template_renders_for_each_viewer(self):
        page = publish_workshop(title="Judul <Asli> & Tanda", competencies=[competency("M.05")],
                                sessions=[session_values(), session_values(capacity=0)])
        urls = ["/pelatihan/", "/pelatihan/?q=judul&seats=on", "/pelatihan/?eligible=on",
                page.url]
        for who, client in _viewers().items():
            for url in urls:
                rendered, cached = _rendered_and_cached(client, url)
                assert _normalized(cached) == _normalized(rendered), (who, url)
                if who == "supervisor":
                    assert "Kepala &lt;Seksi&gt; &amp; Co" in cached
                    assert 'data-testid="nav-team"' in cached

    def test_names_titles_and_paths_are_escaped(self):
        page = publish_workshop(title="Judul <script>x</script>")
        employee = EmployeeFactory(name="Nama <b>Tebal</b>")
        client = _client(employee.user)
        client.get(page.url)
        html = client.get(page.url + "?a=<i>").content.decode()
        client.get(page.url + "?a=<i>")
        html = client.get(page.url + "?a=<i>").content.decode()
        assert "<title>Judul &lt;script&gt;x&lt;/script&gt; · Bangkom</title>" in html
        assert "Nama &lt;b&gt;Tebal&lt;/b&gt;" in html and "<b>Tebal" not in html
        assert 'value="/pelatihan/' in html and "?a=<i>" not in html

    def test_one_layout_per_kind_of_viewer_not_per_person(self, settings):
        page = publish_workshop()
        layout._LAYOUTS.clear()
        for _ in range(3):
            client = _client(EmployeeFactory().user)
            client.get(page.url)
            client.get(page.url)
        assert len(layout._LAYOUTS) == 1
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.get(page.url)
        assert "Log out" in client.get(page.url).content.decode()
        assert len(layout._LAYOUTS) == 2

    def test_messages_show_on_a_cached_page(self):
        page = publish_workshop(title="Pesan Tampil")
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        client = _client(EmployeeFactory().user)
        client.get(page.url)
        other = _client(EmployeeFactory().user)
        client.post(f"/belajar/sesi/{session.pk}/daftar/", {"next": page.url})
        other.get(page.url)  # renders the body again (the enrollment renewed the token)
        html = client.get(page.url).content.decode()
        assert 'class="messages"' in html and "msg--success" in html
        # Shown once: the next page has none.
        assert 'class="messages"' not in client.get(page.url).content.decode()

    def test_editors_get_the_editor_bar_through_the_template(self):
        page = publish_workshop(title="Bilah Editor")
        hr = EmployeeFactory()
        hr.user.groups.add(Group.objects.get(name="HR"))
        assert user_may_access_admin(hr.user)
        _client(EmployeeFactory().user).get(page.url)  # fills the shared body
        html = _client(hr.user).get(page.url).content.decode()
        assert "wagtail-userbar" in html and "Bilah Editor" in html


class CommonPartsTests:
    """The enrollment controls and "you are eligible" rendered once per page for
    viewers who are not enrolled there, not HR and not its facilitator, must never
    reach the others."""

    def test_each_kind_of_viewer_sees_their_own_controls(self):
        facilitator = EmployeeFactory()
        page = publish_workshop(title="Kendali", sessions=[session_values(
            delivery_mode="ONLINE", online_url="https://meet.example.go.id/rahasia",
            facilitator_user=facilitator.user)])
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        enrolled = EmployeeFactory()
        from learning.enrollment.services import enrollment_create

        enrollment_create(session=session, employee=enrolled, enrolled_by=None)
        plain = _client(EmployeeFactory().user)
        plain.get(page.url)
        html = plain.get(page.url).content.decode()
        assert f'data-testid="enroll-{session.pk}"' in html and "rahasia" not in html
        html = _client(facilitator.user).get(page.url).content.decode()
        assert "meet.example.go.id/rahasia" in html
        html = _client(enrolled.user).get(page.url).content.decode()
        assert 'data-testid="enroll-state"' in html and "rahasia" in html
        assert f'data-testid="enroll-{session.pk}"' not in html
        assert "rahasia" not in plain.get(page.url).content.decode()

    def test_ineligible_viewers_get_the_ineligible_controls(self):
        page = publish_workshop(title="Hanya Fungsional",
                                eligible_position_kinds=[PositionKind.FUNGSIONAL])
        session = page.sessions.get()
        pelaksana = EmployeeFactory(position=PositionFactory(kind=PositionKind.PELAKSANA))
        fungsional = EmployeeFactory(position=PositionFactory(kind=PositionKind.FUNGSIONAL,
                                                              level="AHLI_PERTAMA"))
        first = _client(fungsional.user)
        first.get(page.url)
        html = first.get(page.url).content.decode()
        assert f'data-testid="enroll-{session.pk}"' in html and "eligible-yes" in html
        html = _client(pelaksana.user).get(page.url).content.decode()
        assert f'data-testid="not-eligible-{session.pk}"' in html
        assert "eligible-no" in html and f'data-testid="enroll-{session.pk}"' not in html

    def test_a_waitlisted_viewer_sees_their_place(self):
        page = publish_workshop(title="Antre", sessions=[session_values(capacity=1)])
        session = page.sessions.get()
        SessionSeats.objects.create(session=session)
        from learning.enrollment.services import enrollment_create

        first, second = EmployeeFactory(), EmployeeFactory()
        enrollment_create(session=session, employee=first, enrolled_by=None)
        waiting = enrollment_create(session=session, employee=second, enrolled_by=None)
        assert waiting.status == EnrollmentStatus.WAITLISTED
        client = _client(second.user)
        client.get(page.url)
        html = client.get(page.url).content.decode()
        assert "Di daftar tunggu, urutan ke-1" in html

    def test_a_pppk_near_the_cap_gets_the_warning_from_a_cached_page(self):
        import datetime as dt
        from decimal import Decimal

        from learning.models import JpLedgerEntry

        today = timezone.localdate()
        pppk = EmployeeFactory(employment_type=EmploymentType.PPPK,
                               rank=Rank.objects.filter(employment_type="PPPK").first(),
                               contract_start=today - dt.timedelta(days=30))
        JpLedgerEntry.objects.create(employee=pppk, year=today.year, source="EXTERNAL",
                                     source_ref=78, jp=Decimal("20"), occurred_on=today,
                                     description="Kursus")
        page = publish_workshop(title="Batas PPPK")
        session = page.sessions.get()
        _client(EmployeeFactory().user).get(page.url)  # fills the shared body
        html = _client(pppk.user).get(page.url).content.decode()
        assert f'data-testid="pppk-cap-warning-{session.pk}"' in html


class SharedRenderTests:
    def test_the_viewers_token_replaces_the_mark(self):
        body = catalog_cache.shared_render("learning/plans/_add_workshop.html", {
            "workshop": type("W", (), {"pk": 1})(), "links": [], "next_path": "/x/"})
        assert body.csrf_mark and body.csrf_mark in "".join(body.chunks)
        html = body.assemble({}, csrf_token="abc123")
        assert 'value="abc123"' in html and body.csrf_mark not in html
        with pytest.raises(ValueError):
            body.assemble({})

    def test_a_real_token_in_a_shared_body_is_refused(self, tmp_path, settings):
        (tmp_path / "leak.html").write_text(
            '<input name="csrfmiddlewaretoken" value="{{ real }}">')
        settings.TEMPLATES = [{**settings.TEMPLATES[0],
                               "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
        with pytest.raises(ValueError, match="CSRF"):
            catalog_cache.shared_render("leak.html", {"real": "stolen-token"})


class AdminAccessTests:
    def test_agrees_with_has_perm(self):
        from django.contrib.auth.models import Permission

        access = Permission.objects.get(content_type__app_label="wagtailadmin",
                                        codename="access_admin")
        plain, by_group, by_user, inactive, superuser = (UserFactory() for _ in range(5))
        by_group.groups.add(Group.objects.get(name="HR"))
        by_user.user_permissions.add(access)
        inactive.user_permissions.add(access)
        inactive.is_active = False
        inactive.save()
        superuser.is_superuser = True
        superuser.save()
        for user in (plain, by_group, by_user, inactive, superuser):
            from people.models import User

            fresh = User.objects.get(pk=user.pk)
            assert user_may_access_admin(fresh) == fresh.has_perm("wagtailadmin.access_admin")
        assert [user_may_access_admin(u) for u in (plain, by_user, superuser)] == [
            False, True, True]
