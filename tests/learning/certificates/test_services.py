"""Issuing: the real renderer into a temporary storage folder, read back with pypdf."""
from __future__ import annotations

import hashlib
import re

import pytest
from django.utils import timezone

from learning.certificates.models import Certificate, CertificateNumberCounter
from learning.certificates.rendering import RefusingURLFetcher, certificate_pdf_render
from learning.certificates.services import (
    CertificateError,
    CertificateSubjectMissing,
    certificate_filename,
    certificate_regenerate,
    certificate_revoke,
    certificate_template_default,
)
from learning.certificates.tasks import certificate_issue_task
from learning.completion.certificate_subject import WORKSHOP
from learning.models.completion import Completion
from tests.factories import make_hr_user
from tests.learning.certificates.helpers import completed, issue, pdf_text, stored_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://bangkom.example.go.id"


class IssueTests:
    def test_issue_renders_stores_and_hashes_the_pdf(self):
        enrollment = completed(name="Ani Rahma, S.Kom.", nip="198501012010012001", jp="12.5")
        certificate = issue(enrollment)
        data = stored_pdf(certificate)
        assert data.startswith(b"%PDF")
        assert certificate.sha256 == hashlib.sha256(data).hexdigest()
        text = pdf_text(data)
        assert "Ani Rahma, S.Kom." in text
        assert "19850101 201001 2 001" in text  # NIP grouped
        assert "1 Januari 1985" in text  # birth date from the NIP, in Indonesian
        assert "12,5 jam pelajaran (JP)" in text
        assert certificate.number in text
        assert re.fullmatch(r"001/BKPSDM/PLT/\d{4}", certificate.number)
        # The verification code is long and random (>= 128 bits).
        assert len(certificate.code) >= 26
        assert certificate.context["verify_url"].endswith(f"/verifikasi/{certificate.code}/")

    def test_a_name_with_markup_prints_as_text(self):
        certificate = issue(completed(name="<script>alert('x')</script> Budi"))
        text = pdf_text(stored_pdf(certificate))
        assert "<script>alert('x')</script> Budi" in text

    def test_indonesian_dates_of_a_multi_day_session(self):
        import datetime as dt

        from tests.learning.completion_world import make_session

        session = make_session(first_day=dt.date(2026, 11, 30), days=3)
        text = pdf_text(stored_pdf(issue(completed(session=session))))
        assert "30 November – 2 Desember 2026" in text

    def test_idempotent_one_certificate_however_often(self):
        enrollment = completed()
        first = issue(enrollment)
        again = issue(enrollment)
        # A retried task (run twice more through Celery's eager path).
        ids = {certificate_issue_task.apply(args=[WORKSHOP, str(enrollment.pk)]).get()
               for _ in range(2)}
        assert again.pk == first.pk and ids == {first.pk}
        assert Certificate.objects.count() == 1
        assert CertificateNumberCounter.objects.get().last == 1

    def test_numbers_run_on_without_gaps(self):
        numbers = [issue(completed()).number for _ in range(3)]
        assert [n.split("/")[0] for n in numbers] == ["001", "002", "003"]

    def test_a_missing_subject_issues_nothing(self):
        with pytest.raises(CertificateSubjectMissing):
            issue(type("E", (), {"pk": 999999})())
        assert certificate_issue_task.apply(args=[WORKSHOP, "999999"]).get() is None
        assert not Certificate.objects.exists()

    def test_issued_certificate_is_frozen(self):
        enrollment = completed(name="Citra Dewi")
        certificate = issue(enrollment)
        before = stored_pdf(certificate)
        employee = enrollment.employee
        employee.name = "Citra Dewi Berubah"
        employee.save()
        template = certificate.template
        template.body_html = "<p>{{ name }} baru</p>"
        template.save()
        again = issue(enrollment)
        assert again.context["name"] == "Citra Dewi"
        assert stored_pdf(again) == before

    def test_recurring_training_is_certified_per_completion(self):
        employee = completed().employee
        second = completed(employee=employee)
        a = issue(Completion.objects.exclude(enrollment=second).get().enrollment)
        b = issue(second)
        assert a.pk != b.pk and a.employee_id == b.employee_id

    def test_file_name_is_safe(self):
        certificate = issue(completed(name='Ani "Rahma" / ../etc'))
        name = certificate_filename(certificate=certificate)
        assert "/" not in name and '"' not in name and ".." not in name
        assert name.startswith("Sertifikat Ani -Rahma")
        assert name.endswith(".pdf") and "001-BKPSDM-PLT" in name

    def test_validity_period(self):
        template = certificate_template_default(subject_kind=WORKSHOP)
        template.validity_months = 24
        template.save()
        certificate = issue(completed())
        today = timezone.localdate()
        assert certificate.valid_until.year == today.year + 2


class CorrectionTests:
    def test_regenerate_supersedes_with_a_new_number(self):
        enrollment = completed(name="Dedi")
        old = issue(enrollment)
        employee = enrollment.employee
        employee.name = "Dedi Kurniawan"
        employee.save()
        new = certificate_regenerate(certificate_id=old.pk, by=make_hr_user())
        old.refresh_from_db()
        assert old.is_superseded and new.supersedes_id == old.pk
        assert new.number != old.number and new.context["name"] == "Dedi Kurniawan"
        assert new.is_ready
        with pytest.raises(CertificateError):
            certificate_regenerate(certificate_id=old.pk, by=make_hr_user())
        # The task for the subject now finds the new one.
        assert issue(enrollment).pk == new.pk

    def test_revoke_keeps_the_record(self):
        certificate = issue(completed())
        hr = make_hr_user()
        with pytest.raises(CertificateError):
            certificate_revoke(certificate_id=certificate.pk, by=hr, reason="  ", kind="DATA_ERROR")
        revoked = certificate_revoke(certificate_id=certificate.pk, by=hr,
                                     reason="Kehadiran salah dicatat",
                                     kind="DATA_ERROR").certificate
        assert revoked.revoked_at and revoked.revoked_reason == "Kehadiran salah dicatat"
        with pytest.raises(CertificateError):
            certificate_revoke(certificate_id=certificate.pk, by=hr, reason="lagi",
                               kind="DATA_ERROR")


class RendererTests:
    def test_remote_resources_are_refused(self):
        template = certificate_template_default(subject_kind=WORKSHOP)
        template.body_html = ('<img src="http://198.51.100.7/x.png">'
                              '<img src="file:///etc/passwd">{{ name }}')
        template.css = ('@import url("https://198.51.100.7/a.css");'
                        ' body { background: url(http://198.51.100.7/b.png) }')
        template.save()
        fetcher = RefusingURLFetcher()
        pdf = certificate_pdf_render(template=template, context={"name": "Eka"},
                                     fetcher=fetcher)
        assert "Eka" in pdf_text(pdf)
        assert "http://198.51.100.7/x.png" in fetcher.refused
        assert "file:///etc/passwd" in fetcher.refused
