"""Every absolute link (emails, QR codes, calendars) starts with SITE_URL, and SITE_URL
follows the address `make run` serves; allauth's emails name Bangkom, not the host."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learning.catalog.services import calendar_feed_token_regenerate
from learning.models import Enrollment, EnrollmentStatus
from learning.recommendations.models import Recommendation
from tests.factories import EmployeeFactory, UserFactory
from tests.learning.catalog_helpers import publish_workshop
from tests.learning.completion_world import make_session
from tests.learning.test_recommendation_views import employee_with_suggestions

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://bangkom.example:8101"


def _make_site_url(*args: str, env: dict | None = None) -> str:
    """What a Makefile recipe sees as $SITE_URL for `make ARGS`."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | (env or {})
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "Makefile",
         "--eval", "show-site-url: ; @echo $$SITE_URL", "show-site-url", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, check=True)
    return out.stdout.strip()


class TestMakefile:
    def test_site_url_follows_host_and_port(self):
        assert _make_site_url() == "http://127.0.0.1:8000"
        assert _make_site_url("PORT=8101") == "http://127.0.0.1:8101"
        assert _make_site_url("HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"

    def test_a_set_site_url_wins(self):
        assert _make_site_url("PORT=8101", env={"SITE_URL": SITE}) == SITE


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


@pytest.mark.django_db
class TestLinks:
    @pytest.fixture(autouse=True)
    def _site(self, settings):
        settings.SITE_URL = SITE

    def test_password_reset_email_names_bangkom_and_links_to_site_url(self, client):
        employee = EmployeeFactory()
        client.post("/akun/password/reset/", {"email": employee.user.email},
                    HTTP_HOST="127.0.0.1")
        (message,) = mail.outbox
        assert "Halo dari Bangkom!" in message.body
        assert "127.0.0.1" not in message.body and "testserver" not in message.body
        assert message.subject.startswith("[Bangkom] ")
        links = _links(message.body)
        assert links and all(link.startswith(SITE + "/") for link in links)

    def test_calendar_links(self, client):
        employee = EmployeeFactory()
        session = publish_workshop(title="Kalender").sessions.get()
        Enrollment.objects.create(session=session, employee=employee,
                                  status=EnrollmentStatus.ENROLLED)
        client.force_login(employee.user)
        ics = client.get(f"/belajar/sesi/{session.pk}.ics").content.decode()
        token = calendar_feed_token_regenerate(employee=employee).token
        feed = client.get(f"/belajar/kalender/{token}.ics").content.decode()
        settings_page = client.get(reverse("learning:calendar_settings")).content.decode()
        for body in (ics, feed):
            urls = re.findall(r"^URL[^:]*:(\S+)", body.replace("\r\n ", ""), re.M)
            assert urls and all(u.startswith(SITE + "/") for u in urls), body
        assert f"{SITE}/belajar/kalender/{token}.ics" in settings_page

    def test_checkin_qr_link(self, client):
        facilitator = UserFactory()
        session = make_session(first_day=timezone.localdate(), facilitator_user=facilitator)
        client.force_login(facilitator)
        response = client.get(reverse("learning:attendance_qr", args=[session.pk]))
        assert response.context["checkin_url"].startswith(SITE + "/belajar/")

    def test_assignment_email_links_to_the_workshop_at_site_url(
            self, client, django_capture_on_commit_callbacks):
        boss = EmployeeFactory()
        emp, pages = employee_with_suggestions(1, supervisor=boss)
        client.force_login(boss.user)
        rec = Recommendation.objects.get(employee=emp)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("learning:recommendation_assign", args=[rec.pk]))
        (message,) = mail.outbox
        assert f"{SITE}{pages[0].url}" in message.body
        assert "localhost" not in message.body
