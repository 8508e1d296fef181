"""HR: bulk issue for a session with progress, the ZIP of its PDFs, revoke and
regenerate through the pages, the template preview."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse

from learning.certificates.models import Certificate, CertificateJob
from learning.certificates.services import certificate_template_default
from learning.completion.certificate_subject import WORKSHOP
from tests.factories import make_hr_user
from tests.learning.certificates.helpers import completed, issue, pdf_text
from tests.learning.completion_world import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def hr_client(client):
    client.force_login(make_hr_user())
    return client


def test_bulk_issue_then_zip(hr_client, django_capture_on_commit_callbacks):
    session = make_session(title="Pelatihan Kearsipan")
    names = ["Ani Rahma", "Budi Santoso", "Citra Dewi"]
    for name in names:
        completed(session=session, name=name)
    url = reverse("certificates:hr_session", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(url, {"action": "issue"})
    job = CertificateJob.objects.get(kind="ISSUE")
    assert response.status_code == 302 and f"job={job.pk}" in response["Location"]
    assert Certificate.objects.exclude(sha256="").count() == 3
    status = hr_client.get(reverse("certificates:hr_job_status", args=[job.pk])).json()
    assert status == {**status, "done": 3, "total": 3, "finished": True, "percent": 100}
    page = hr_client.get(response["Location"]).content.decode()
    assert "data-job-progress" in page and "Ani Rahma" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(url, {"action": "zip"})
    zip_job = CertificateJob.objects.get(kind="ZIP")
    assert zip_job.status == "DONE" and zip_job.file
    download = hr_client.get(reverse("certificates:hr_job_download", args=[zip_job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    entries = sorted(archive.namelist())
    assert len(entries) == 3 and all(e.endswith(".pdf") for e in entries)
    assert any("Budi Santoso" in e for e in entries)
    assert "Budi Santoso" in pdf_text(archive.read(next(e for e in entries if "Budi" in e)))


def test_bulk_issue_again_issues_nothing_new(hr_client, django_capture_on_commit_callbacks):
    session = make_session()
    first = issue(completed(session=session))
    completed(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(reverse("certificates:hr_session", args=[session.pk]),
                       {"action": "issue"})
    assert Certificate.objects.count() == 2
    assert Certificate.objects.filter(pk=first.pk, number=first.number).exists()


def test_revoke_and_regenerate_pages(hr_client):
    certificate = issue(completed(name="Dedi"))
    page = reverse("certificates:hr_certificate", args=[certificate.pk])
    assert hr_client.get(page).status_code == 200
    response = hr_client.post(reverse("certificates:hr_regenerate", args=[certificate.pk]))
    new = Certificate.objects.get(supersedes=certificate)
    assert response["Location"] == reverse("certificates:hr_certificate", args=[new.pk])
    hr_client.post(reverse("certificates:hr_revoke", args=[new.pk]),
                   {"reason": "Dobel", "kind": "DATA_ERROR"})
    new.refresh_from_db()
    assert new.revoked_reason == "Dobel"
    assert "Dicabut" in hr_client.get(reverse("certificates:verify",
                                              args=[new.code])).content.decode()


def test_template_preview_renders_sample_data(hr_client):
    template = certificate_template_default(subject_kind=WORKSHOP)
    response = hr_client.get(reverse("certificates:template_preview", args=[template.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    # Made-up sample data, marked CONTOH across the page; never a real employee.
    assert "Nama Peserta Contoh" in text and "CONTOH" in text
    assert "Dewi Lestari" not in text and "19940520 201903 2 004" not in text
    assert not Certificate.objects.exists()


def test_hr_index_lists_sessions_and_finds_certificates(hr_client):
    certificate = issue(completed(name="Fajar Nugroho"))
    html = hr_client.get(reverse("certificates:hr_index")).content.decode()
    assert reverse("certificates:hr_session",
                   args=[Certificate.objects.get().employee.enrollments.get().session_id]) in html
    html = hr_client.get(reverse("certificates:hr_index"), {"q": "Fajar"}).content.decode()
    assert reverse("certificates:hr_certificate", args=[certificate.pk]) in html
