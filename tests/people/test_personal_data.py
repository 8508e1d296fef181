"""The personal-data archive (docs/personal-data.md, UU 27/2022): what a seeded demo
employee downloads is every section, each equal to the rows the database holds about
them, with their certificate PDFs byte for byte; HR answers an access request the same
way; both downloads are in Wagtail's log (the audit trail). Who may download whose
archive is in tests/security/url_matrix.py.

`seed_demo` runs once for the module; each test runs in its own savepoint on top."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from competencies.models import Assessment, CompetencyGap
from learning.certificates.models import Certificate
from learning.models import Enrollment, JpLedgerEntry
from learning.plans.models import Plan, PlanItem
from learning.recommendations.models import Recommendation
from mentoring.models import MentoringPair, MentoringSession
from people.demo import DEMO_NIPS
from people.models import Employee, User
from people.personal_data import (
    PERSONAL_DATA_EXPORT_ACTION,
    personal_data_sections,
)
from socialization.models import Acknowledgement

MENTEE_NIP = "198110222006072001"  # Lilis Suhendar: three confirmed sessions


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _download(client, nip: str, url: str) -> zipfile.ZipFile:
    client.force_login(User.objects.get(username=nip))
    response = client.post(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _csv_rows(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _audit(employee: Employee) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(
        action=PERSONAL_DATA_EXPORT_ACTION, object_id=str(employee.pk)).order_by("pk"))


@pytest.mark.django_db
def test_employee_downloads_every_section_equal_to_their_rows(demo, client):
    employee = Employee.objects.get(nip=DEMO_NIPS["employee"])
    archive = _download(client, employee.nip, reverse("people:personal_data_mine"))
    names = set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    sections = data["sections"]

    # Every registered section is there, as CSV (header + one line a row) and JSON.
    keys = [s.key for s in personal_data_sections()]
    assert {"profil", "akun", "persetujuan_kebijakan", "asesmen", "kesenjangan",
            "pendaftaran", "jp", "rekomendasi", "rencana", "rencana_butir",
            "mentoring_pasangan", "mentoring_sesi", "sertifikat"} <= set(keys)
    assert "README.txt" in names and "data.json" in names
    for key in keys:
        assert f"{key}.csv" in names
        assert len(_csv_rows(archive, f"{key}.csv")) == 1 + len(sections[key]["rows"]), key
    assert data["employee"] == {"id": employee.pk, "nip": employee.nip, "name": employee.name}
    assert data["requested_by"] == "self"

    # Each section equals the rows the database holds about her, read here independently.
    assert sections["profil"]["rows"][0]["nip"] == employee.nip
    assert sections["profil"]["rows"][0]["unit__name"] == employee.unit.name
    assert sections["profil"]["rows"][0]["supervisor__name"] == employee.supervisor.name
    assert [r["username"] for r in sections["akun"]["rows"]] == [employee.user.username]
    assert "password" not in json.dumps(sections["akun"])

    acknowledgements = Acknowledgement.objects.filter(employee=employee)
    assert sorted((r["page__title"], r["revision_id"])
                  for r in sections["persetujuan_kebijakan"]["rows"]) == sorted(
        (a.page.title, a.revision_id) for a in acknowledgements)
    recommendations = Recommendation.objects.filter(employee=employee)
    assert sorted((r["workshop__title"], r["kind"], r["rank"])
                  for r in sections["rekomendasi"]["rows"]) == sorted(
        (r.workshop.title, r.kind, r.rank) for r in recommendations)

    assessments = Assessment.objects.filter(employee=employee)
    assert sorted((r["competency__code"], r["level"], r["source"], r["assessed_on"])
                  for r in sections["asesmen"]["rows"]) == sorted(
        (a.competency.code, str(a.level), a.source, a.assessed_on.isoformat())
        for a in assessments)
    gaps = CompetencyGap.objects.filter(employee=employee)
    assert sorted((r["competency__code"], r["gap"]) for r in sections["kesenjangan"]["rows"]) == \
        sorted((g.competency.code, None if g.gap is None else str(g.gap)) for g in gaps)
    assert len(gaps) >= 2  # the README's two gaps (Komunikasi, Literasi Digital)

    enrollments = Enrollment.objects.filter(employee=employee).select_related("session__page")
    assert sorted((r["session__page__title"], r["status"])
                  for r in sections["pendaftaran"]["rows"]) == sorted(
        (e.session.page.title, e.status) for e in enrollments)
    assert len(enrollments) >= 3

    ledger = JpLedgerEntry.objects.filter(employee=employee)
    assert sorted((r["year"], r["jp"], r["description"]) for r in sections["jp"]["rows"]) == \
        sorted((e.year, str(e.jp), e.description) for e in ledger)
    assert sum(float(r["jp"]) for r in sections["jp"]["rows"]) >= 14  # 14 of 20 JP

    plans = Plan.objects.filter(employee=employee)
    assert [(r["year"], r["status"]) for r in sections["rencana"]["rows"]] == \
        [(p.year, p.status) for p in plans.order_by("year")]
    assert len(sections["rencana_butir"]["rows"]) == PlanItem.objects.filter(
        plan__employee=employee).count() > 0

    # Her certificates, each PDF in the archive with the hash the register holds.
    certificates = Certificate.objects.filter(employee=employee).exclude(pdf="")
    assert certificates.exists()
    assert sorted(r["number"] for r in sections["sertifikat"]["rows"]) == sorted(
        Certificate.objects.filter(employee=employee).values_list("number", flat=True))
    for certificate in certificates:
        pdf = archive.read(f"files/sertifikat/sertifikat-{certificate.pk}.pdf")
        assert hashlib.sha256(pdf).hexdigest() == certificate.sha256
        assert pdf.startswith(b"%PDF")

    readme = archive.read("README.txt").decode()
    assert "Data pribadi" in readme and employee.name in readme
    assert "sertifikat.csv" in readme

    entries = _audit(employee)
    assert [(e.user_id, e.data["by"]) for e in entries] == [(employee.user_id, "self")]
    assert log_registry.get_action_label(PERSONAL_DATA_EXPORT_ACTION) == "Data pribadi diunduh"


@pytest.mark.django_db
def test_mentoring_sections_hold_the_pairs_and_sessions(demo, client):
    mentee = Employee.objects.get(nip=MENTEE_NIP)
    data = json.loads(_download(client, mentee.nip, reverse("people:personal_data_mine"))
                      .read("data.json"))["sections"]
    pairs = MentoringPair.objects.filter(mentee=mentee)
    assert sorted(r["id"] for r in data["mentoring_pasangan"]["rows"]) == sorted(
        p.pk for p in pairs) and pairs.exists()
    sessions = MentoringSession.objects.filter(pair__mentee=mentee)
    assert sorted((r["id"], r["status"], r["duration_minutes"])
                  for r in data["mentoring_sesi"]["rows"]) == sorted(
        (s.pk, s.status, s.duration_minutes) for s in sessions)
    assert sessions.filter(status="CONFIRMED").count() == 3


@pytest.mark.django_db
def test_hr_answers_an_access_request_and_it_is_audited(demo, client):
    employee = Employee.objects.get(nip=DEMO_NIPS["employee"])
    hr = User.objects.get(username=DEMO_NIPS["hr"])
    archive = _download(client, hr.username,
                        reverse("people:personal_data_employee", args=[employee.pk]))
    data = json.loads(archive.read("data.json"))
    assert data["employee"]["nip"] == employee.nip and data["requested_by"] == "hr"
    assert "permintaan akses" in archive.read("README.txt").decode()
    assert [(e.user_id, e.data["by"]) for e in _audit(employee)] == [(hr.pk, "hr")]


@pytest.mark.django_db
def test_supervisor_cannot_download_a_team_members_data(demo, client):
    employee = Employee.objects.get(nip=DEMO_NIPS["employee"])
    client.force_login(User.objects.get(username=DEMO_NIPS["supervisor"]))
    response = client.post(reverse("people:personal_data_employee", args=[employee.pk]))
    assert response.status_code == 404
    assert _audit(employee) == []


@pytest.mark.django_db
def test_profile_pages_offer_the_download(demo, client):
    employee = Employee.objects.get(nip=DEMO_NIPS["employee"])
    client.force_login(employee.user)
    client.cookies["django_language"] = "id"
    page = client.get(reverse("competencies:my_profile")).content.decode()
    assert "Unduh data pribadi saya" in page
    assert reverse("people:personal_data_mine") in page
    client.force_login(User.objects.get(username=DEMO_NIPS["supervisor"]))
    page = client.get(reverse("competencies:employee_profile", args=[employee.pk]))
    assert reverse("people:personal_data_employee", args=[employee.pk]) not in \
        page.content.decode()
    client.force_login(User.objects.get(username=DEMO_NIPS["hr"]))
    page = client.get(reverse("competencies:employee_profile", args=[employee.pk]))
    assert reverse("people:personal_data_employee", args=[employee.pk]) in \
        page.content.decode()


@pytest.mark.django_db
def test_the_archive_runs_a_constant_number_of_queries(demo):
    """One query per part and per part's files, whatever the person holds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.personal_data import personal_data_archive

    counts = []
    for nip in (DEMO_NIPS["employee"], MENTEE_NIP, DEMO_NIPS["hr"]):
        employee = Employee.objects.get(nip=nip)
        with CaptureQueriesContext(connection) as queries:
            personal_data_archive(employee=employee, requested_by="self").close()
        counts.append(len(queries))
    sections = personal_data_sections()
    assert counts == [len(sections) + sum(1 for s in sections if s.files)] * 3
