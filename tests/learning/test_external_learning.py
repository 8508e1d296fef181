"""Learning done elsewhere: upload validation, HR verification, private proof files."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.completion.services import external_learning_submit, external_learning_verify
from learning.models.completion import (
    ExternalLearning,
    ExternalLearningStatus,
    JpLedgerEntry,
    JpLedgerSource,
)
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user
from tests.learning.completion_world import learning_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(**overrides):
    data = {
        "learning_form": learning_form("seminar").pk, "title": "Seminar Nasional SPBE",
        "provider": "Kementerian PANRB", "start_date": "2026-03-02", "end_date": "2026-03-03",
        "jp_claimed": "8",
        "proof": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def submit(client, **overrides):
    return client.post(reverse("learning:jp_history"), form_data(**overrides))


class TestUploadValidation:
    def test_valid_pdf_is_stored_waiting_for_hr(self, client):
        employee = EmployeeFactory()
        login(client, employee.user)
        response = submit(client)
        assert response.status_code == 302
        external = ExternalLearning.objects.get()
        assert external.status == ExternalLearningStatus.SUBMITTED
        assert external.employee == employee
        assert external.proof.read() == PDF
        assert not JpLedgerEntry.objects.exists(), "nothing counts before HR verifies"

    def test_png_is_accepted(self, client):
        login(client, EmployeeFactory().user)
        submit(client, proof=SimpleUploadedFile("bukti.png", PNG, content_type="image/png"))
        assert ExternalLearning.objects.count() == 1

    @pytest.mark.parametrize("name,content", [
        ("sertifikat.pdf", b"just text pretending to be a PDF"),
        ("sertifikat.pdf", PNG),  # content and extension disagree
        ("skrip.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("sertifikat.docx", PDF),
    ])
    def test_wrong_type_refused_and_nothing_stored(self, client, name, content):
        login(client, EmployeeFactory().user)
        response = submit(client, proof=SimpleUploadedFile(name, content))
        assert response.status_code == 200
        assert "Bukti harus berupa berkas PDF, JPG atau PNG." in response.content.decode()
        assert not ExternalLearning.objects.exists()

    def test_too_big_refused_and_nothing_stored(self, client):
        login(client, EmployeeFactory().user)
        big = PDF + b"0" * (5 * 1024 * 1024)
        response = submit(client, proof=SimpleUploadedFile("besar.pdf", big))
        assert "terlalu besar" in response.content.decode()
        assert not ExternalLearning.objects.exists()

    def test_hours_are_converted_with_jp_minutes(self, client):
        login(client, EmployeeFactory().user)
        submit(client, jp_claimed="", hours="6")
        assert ExternalLearning.objects.get().jp_claimed == Decimal("8.0")  # 360 / 45

    def test_a_claim_above_what_the_hours_allow_is_refused(self, client):
        login(client, EmployeeFactory().user)
        response = submit(client, jp_claimed="8", hours="1.5")
        assert ("Durasi 1 jam 30 menit hanya memungkinkan paling banyak 2 JP (1 JP = 45 menit)."
                in response.content.decode())
        assert not ExternalLearning.objects.exists()
        submit(client, jp_claimed="2", hours="1.5")
        assert ExternalLearning.objects.get().jp_claimed == Decimal("2")

    def test_end_before_start_refused(self, client):
        login(client, EmployeeFactory().user)
        response = submit(client, start_date="2026-03-05", end_date="2026-03-01")
        assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
        assert not ExternalLearning.objects.exists()


def make_external(employee=None, **fields):
    employee = employee or EmployeeFactory()
    values = form_data()
    values.pop("learning_form")
    values.update(fields)
    return external_learning_submit(
        employee=employee, learning_form=fields.pop("form", learning_form("seminar")),
        title=values["title"], provider=values["provider"],
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 3),
        jp_claimed=Decimal(values["jp_claimed"]), proof=values["proof"],
    )


class TestVerification:
    def test_hr_verifies_and_jp_is_credited_once(self, client):
        external = make_external()
        hr = make_hr_user()
        login(client, hr)
        url = reverse("learning:external_decide", args=[external.pk])
        assert client.post(url, {"action": "verify"}).status_code == 302
        assert client.post(url, {"action": "verify"}).status_code == 302  # double click
        external.refresh_from_db()
        assert external.status == ExternalLearningStatus.VERIFIED
        assert external.verified_by == hr
        entry = JpLedgerEntry.objects.get()
        assert entry.source == JpLedgerSource.EXTERNAL and entry.jp == Decimal("8.0")
        assert entry.year == 2026

    def test_rejection_needs_a_reason_and_shows_it(self, client):
        external = make_external()
        login(client, make_hr_user())
        url = reverse("learning:external_decide", args=[external.pk])
        client.post(url, {"action": "reject", "reason": ""})
        external.refresh_from_db()
        assert external.status == ExternalLearningStatus.SUBMITTED
        client.post(url, {"action": "reject", "reason": "Sertifikat tidak terbaca."})
        external.refresh_from_db()
        assert external.status == ExternalLearningStatus.REJECTED
        assert not JpLedgerEntry.objects.exists()
        client.logout()
        login(client, external.employee.user)
        html = client.get(reverse("learning:jp_history")).content.decode()
        assert "Sertifikat tidak terbaca." in html

    def test_monthly_cap_of_the_form_limits_credit(self):
        employee = EmployeeFactory()
        hr = make_hr_user()
        form = learning_form("kursus")  # 4 JP an activity, max 8 JP a month
        claims = [make_external(employee, form=form, jp_claimed=jp) for jp in ("3", "4", "4")]
        awarded = [external_learning_verify(external_id=c.pk, verified_by=hr).jp_awarded
                   for c in claims]
        assert awarded == [Decimal("3.0"), Decimal("4.0"), Decimal("1.0")]
        assert sum(e.jp for e in JpLedgerEntry.objects.all()) == Decimal("8.0")

    def test_the_forms_rule_per_day_or_activity_caps_the_claim(self):
        """Issue 17: no activity earns more JP than its form's rule allows (seminar 4 JP a
        day; kursus 4 JP an activity), and the figure says which rule gave it."""
        from django.utils import translation

        from learning.completion.services import external_learning_jp_figure

        hr = make_hr_user()
        seminar = make_external(jp_claimed="12")  # 2 March–3 March: two days
        with translation.override("id"):
            figure = external_learning_jp_figure(external=seminar)
        assert figure.jp == Decimal("8")
        assert figure.rule == "8 JP: klaim 12 JP, dibatasi 4 JP per hari × 2 hari"
        assert external_learning_verify(external_id=seminar.pk,
                                        verified_by=hr).jp_awarded == Decimal("8")
        kursus = make_external(form=learning_form("kursus"), jp_claimed="7")
        assert external_learning_verify(external_id=kursus.pk,
                                        verified_by=hr).jp_awarded == Decimal("4")
        program = make_external(form=learning_form("pelatihan"), jp_claimed="30")
        assert external_learning_verify(external_id=program.pk,
                                        verified_by=hr).jp_awarded == Decimal("30")

    def test_the_pages_name_the_forms_jp_rule(self, client):
        external = make_external()
        login(client, make_hr_user())
        queue = client.get(reverse("learning:external_verification")).content.decode()
        assert "4 JP per hari (6 JP per hari di luar negeri)" in queue
        external_learning_verify(external_id=external.pk, verified_by=make_hr_user("hr2"))
        client.logout()
        login(client, external.employee.user)
        html = client.get(reverse("learning:jp_history") + "?tahun=2026").content.decode()
        assert 'data-testid="jp-rule">4 JP per hari (6 JP per hari di luar negeri)' in html

    def test_queue_lists_submissions_for_hr_only(self, client):
        external = make_external()
        login(client, external.employee.user)
        assert client.get(reverse("learning:external_verification")).status_code == 403
        assert client.post(reverse("learning:external_decide", args=[external.pk]),
                           {"action": "verify"}).status_code == 403
        external.refresh_from_db()
        assert external.status == ExternalLearningStatus.SUBMITTED
        client.logout()
        login(client, make_hr_user())
        html = client.get(reverse("learning:external_verification")).content.decode()
        assert external.title in html


class TestProofAccess:
    def test_owner_and_hr_may_download(self, client):
        external = make_external()
        url = reverse("learning:external_proof", args=[external.pk])
        login(client, external.employee.user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        client.logout()
        login(client, make_hr_user())
        assert client.get(url).status_code == 200

    def test_another_employee_gets_404(self, client):
        external = make_external()
        login(client, EmployeeFactory().user)
        assert client.get(reverse("learning:external_proof", args=[external.pk])).status_code == 404

    def test_proof_is_not_under_public_media(self, settings):
        external = make_external()
        assert not external.proof.path.startswith(str(settings.MEDIA_ROOT) + "/")
