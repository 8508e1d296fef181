"""HR's audit trail report (Laporan → Jejak audit, docs/audit.md): filters by person,
action and period, exports in Indonesian, stays read-only and closed to everyone but
HR; admin edits carry their before → after; role changes are recorded wherever made."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from config.audit import ACTIONS, AuditContextMiddleware, audit_record
from learning.models import LearningForm
from tests.factories import EmployeeFactory, UserFactory, make_hr_user

pytestmark = pytest.mark.django_db
URL = "/cms/reports/jejak-audit/"
IP = "198.51.100.23"


def decide(subject, action="bangkom.plan.approve", *, by=None, days_ago=0):
    entry = audit_record(subject, action, user=by, subject=subject,
                         before={"status": "SUBMITTED"}, after={"status": "APPROVED"},
                         ip=IP)
    if days_ago:
        ModelLogEntry.objects.filter(pk=entry.pk).update(
            timestamp=timezone.now() - dt.timedelta(days=days_ago))
    return entry


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else
                    [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


class TestReport:
    def test_hr_filters_by_person_action_and_period_and_exports(self, client):
        hr = make_hr_user()
        dewi, budi = EmployeeFactory(name="Dewi Lestari"), EmployeeFactory(name="Budi Santoso")
        decide(dewi, by=hr)
        decide(dewi, "bangkom.certificate.revoke", by=hr)
        decide(dewi, by=hr, days_ago=40)
        decide(budi, by=hr)
        client.force_login(hr)

        page = client.get(URL)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Jejak audit" in html and "Pegawai (nama atau NIP)" in html
        assert html.count("<tr data-action=") >= 4  # and the HR group given to `hr`

        def listed(query: str) -> int:
            return client.get(URL + query).content.decode().count("<tr data-action=")

        assert listed("?person=Dewi") == 3
        assert listed(f"?person={budi.nip}") == 1
        assert listed("?person=Dewi&action=bangkom.certificate.revoke") == 1
        since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
        assert listed(f"?person=Dewi&timestamp_from={since}") == 2

        export = client.get(URL + f"?person=Dewi&timestamp_from={since}&export=csv")
        rows = rows_of(export)
        assert rows[0] == ["Tanggal/Waktu", "Pelaku", "Tindakan", "Objek", "Jenis objek",
                           "Pegawai", "Alamat IP", "Perubahan (sebelum → sesudah)",
                           "Rincian"]
        assert len(rows) == 3
        assert {r[2] for r in rows[1:]} == {"Rencana pengembangan disetujui",
                                           "Sertifikat dicabut"}
        assert all(r[5] == "Dewi Lestari" and r[6] == IP for r in rows[1:])
        assert rows[1][7] == "status: SUBMITTED → APPROVED"
        xlsx = client.get(URL + "?export=xlsx")
        assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith(
            "application/vnd.openxmlformats")

    def test_constant_queries_whatever_the_number_of_entries(self, client):
        hr = make_hr_user()
        client.force_login(hr)
        client.get(URL)  # warm the per-process caches (content types, log actions)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(URL).status_code == 200
            return len(captured)

        for _ in range(3):
            decide(EmployeeFactory(), by=hr)
        few = queries()
        for _ in range(6):
            decide(EmployeeFactory(), by=UserFactory())
        assert queries() == few

    def test_closed_to_an_admin_user_who_is_not_hr(self, client):
        editor = UserFactory()
        editor.user_permissions.add(Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"))
        client.force_login(editor)
        assert client.get("/cms/").status_code == 200
        # Wagtail's answer to PermissionDenied in its admin: back to the dashboard.
        for url in (URL, URL + "?export=csv", URL + "results/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == "/cms/"
        assert "jejak-audit" not in client.get("/cms/").content.decode()

    def test_read_only(self, client):
        """No page edits or deletes an entry: the report answers only GET, and
        neither the Django admin nor the snippets know the log models."""
        from wagtail.models import PageLogEntry
        from wagtail.snippets.models import get_snippet_models

        hr = make_hr_user()
        entry = decide(EmployeeFactory(), by=hr)
        client.force_login(hr)
        assert client.post(URL, {"pk": entry.pk}).status_code == 405
        for model in (ModelLogEntry, PageLogEntry):
            assert model not in admin.site._registry
            assert model not in get_snippet_models()
        assert ModelLogEntry.objects.get(pk=entry.pk).data["ip"] == IP

    def test_every_action_has_an_indonesian_label(self):
        def labels(language: str) -> dict[str, str]:
            with translation.override(language):
                return {code: str(log_action_registry.get_action_label(code))
                        for code in ACTIONS}

        indonesian, english = labels("id"), labels("en")
        assert indonesian["bangkom.personal_data.export"] == "Data pribadi diunduh"
        assert not [c for c in ACTIONS if indonesian[c] == english[c]]


class TestAdminEditsAndRoles:
    def test_snippet_edit_records_before_and_after(self, client):
        """HR edits a learning form in the admin: Wagtail's own `wagtail.edit` entry
        now says what changed, with the client's address."""
        hr = make_hr_user()
        form_row = LearningForm.objects.order_by("pk").first()
        old_name = form_row.name
        viewset = LearningForm.snippet_viewset
        form = viewset.get_form_class()(instance=form_row, for_user=hr)
        data = {}
        for name in form.fields:
            value = form[name].value()
            if value is False or value is None:
                continue
            data[name] = "on" if value is True else value
        data["name"] = "Seminar (diubah)"
        client.force_login(hr)
        url = reverse(viewset.get_url_name("edit"), args=[form_row.pk])
        response = client.post(url, data, REMOTE_ADDR=IP)
        assert response.status_code == 302, response.content.decode()[:2000]
        entry = ModelLogEntry.objects.filter(action="wagtail.edit").latest("pk")
        assert entry.user_id == hr.pk and entry.object_id == str(form_row.pk)
        assert entry.data["before"] == {"name": old_name}
        assert entry.data["after"] == {"name": "Seminar (diubah)"}
        assert entry.data["ip"] == IP

    def test_role_and_permission_changes_say_who_and_from_where(self):
        hr = make_hr_user()
        target = EmployeeFactory(name="Rudi Hartono")
        request = RequestFactory().post("/cms/users/", REMOTE_ADDR=IP)
        request.user = hr

        def change(request):
            target.user.groups.add(Group.objects.get(name="HR"))
            target.user.is_superuser = True
            target.user.save()
            Group.objects.get(name="Mentor").permissions.add(Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"))

        before = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        AuditContextMiddleware(change)(request)
        entries = list(ModelLogEntry.objects.filter(action="bangkom.role.change",
                                                    pk__gt=before or 0).order_by("pk"))
        assert [e.data["after"] for e in entries] == [
            {"groups": ["HR"]}, {"is_superuser": True},
            {"permissions": ["wagtailadmin.access_admin"]}]
        assert entries[1].data["before"] == {"is_superuser": False}
        assert all(e.user_id == hr.pk and e.data["ip"] == IP for e in entries)
        assert entries[0].data["subject_id"] == target.pk
        assert entries[2].label == "Mentor"


@pytest.mark.django_db(transaction=True)
def test_hr_reads_the_trail_in_the_browser(page):
    """The report as HR sees it, filtered to one person (screenshot kept)."""
    from tests.conftest import ARTIFACTS, browser_login
    from tests.factories import PASSWORD

    hr = make_hr_user()
    dewi = EmployeeFactory(name="Dewi Lestari")
    decide(dewi, by=hr)
    decide(EmployeeFactory(name="Budi Santoso"), "bangkom.certificate.revoke", by=hr)
    browser_login(page, hr.username, PASSWORD)
    page.goto(f"{page.base_url}{URL}?person=Dewi")
    page.wait_for_load_state("networkidle")
    table = page.locator("[data-audit-trail]")
    assert table.locator("tbody tr").count() == 1
    text = table.inner_text()
    assert "Rencana pengembangan disetujui" in text and "Dewi Lestari" in text
    assert IP in text and "status: SUBMITTED → APPROVED" in text
    assert "Budi Santoso" not in text and dewi.nip not in text, "people by name only"
    page.screenshot(path=str(ARTIFACTS / "audit-trail-report.png"), full_page=True)
