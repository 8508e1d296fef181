"""Verification pages, the hash check, downloads and who may do what."""
from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.certificates import views
from learning.certificates.services import (
    certificate_regenerate,
    certificate_revoke,
)
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.certificates.helpers import completed, issue, stored_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_media")]


def verify_url(certificate) -> str:
    return reverse("certificates:verify", args=[certificate.code])


class VerificationPageTests:
    def test_valid_shows_only_the_named_fields(self, client, django_assert_num_queries):
        certificate = issue(completed(name="Ani Rahma", nip="198501012010012001"))
        with django_assert_num_queries(1):
            response = client.get(verify_url(certificate))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-status="VALID"' in html and "Ani Rahma" in html
        assert certificate.number in html
        assert "19850101" not in html  # no NIP, no birth date on the public page
        assert "verifikasi keaslian" in html.lower()
        assert "TTE" not in html

    def test_revoked_says_revoked_with_date(self, client):
        certificate = issue(completed())
        certificate_revoke(certificate_id=certificate.pk, by=make_hr_user(), reason="Salah",
                           kind="DATA_ERROR")
        html = client.get(verify_url(certificate)).content.decode()
        assert 'data-status="REVOKED"' in html and "dicabut" in html.lower()

    def test_superseded_points_to_the_new_one(self, client):
        old = issue(completed())
        new = certificate_regenerate(certificate_id=old.pk, by=make_hr_user())
        html = client.get(verify_url(old)).content.decode()
        assert 'data-status="SUPERSEDED"' in html
        assert verify_url(new) in html
        assert 'data-status="VALID"' in client.get(verify_url(new)).content.decode()

    def test_expiry_shows_and_expired_says_so(self, client):
        import datetime as dt

        certificate = issue(completed())
        Certificate = type(certificate)
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=dt.date(2030, 1, 31))
        html = client.get(verify_url(certificate)).content.decode()
        assert 'data-status="VALID"' in html and "31 Januari 2030" in html
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=dt.date(2020, 1, 31))
        html = client.get(verify_url(certificate)).content.decode()
        assert 'data-status="EXPIRED"' in html and "Kedaluwarsa" in html

    def test_unknown_code_is_a_plain_404(self, client):
        response = client.get(reverse("certificates:verify", args=["x" * 27]))
        assert response.status_code == 404
        assert "verification-unknown" in response.content.decode()

    def test_rate_limited(self, client, monkeypatch):
        monkeypatch.setattr(views, "VERIFY_LIMIT_PER_MINUTE", 3)
        url = reverse("certificates:verify", args=["y" * 27])
        assert [client.get(url).status_code for _ in range(4)] == [404, 404, 404, 429]

    def test_rate_limit_per_client_behind_the_proxy(self, client, monkeypatch, settings):
        """Behind the documented nginx every request comes from 127.0.0.1: the limit
        follows the client address the proxy adds, as the login throttle does."""
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        monkeypatch.setattr(views, "VERIFY_LIMIT_PER_MINUTE", 2)
        url = reverse("certificates:verify", args=["z" * 27])

        def status(ip: str) -> int:
            return client.get(url, REMOTE_ADDR="127.0.0.1",
                              HTTP_X_FORWARDED_FOR=ip).status_code

        assert [status("203.0.113.7") for _ in range(3)] == [404, 404, 429]
        assert status("198.51.100.9") == 404

    def test_qr_in_the_pdf_leads_to_the_valid_page(self, client):
        """Read the QR from the rendered page with a real decoder and follow it."""
        certificate = issue(completed(name="Budi Santoso"))
        page = pypdfium2.PdfDocument(stored_pdf(certificate))[0]
        image = page.render(scale=2).to_pil()
        codes = [r.text for r in zxingcpp.read_barcodes(image)]
        assert len(codes) == 1
        assert codes[0].startswith("http://testserver/sertifikat/verifikasi/")
        response = client.get(codes[0].removeprefix("http://testserver"))
        assert response.status_code == 200
        assert 'data-status="VALID"' in response.content.decode()
        assert "Budi Santoso" in response.content.decode()


class HashCheckTests:
    def upload(self, client, data: bytes, name="sertifikat.pdf"):
        return client.post(reverse("certificates:verify_upload"),
                           {"file": SimpleUploadedFile(name, data, "application/pdf")})

    def test_the_issued_file_matches(self, client):
        certificate = issue(completed(name="Citra"))
        html = self.upload(client, stored_pdf(certificate)).content.decode()
        assert "hash-match" in html and certificate.number in html
        assert "signature-none" in html  # not signed without a configured certificate

    def test_an_altered_file_does_not(self, client):
        data = bytearray(stored_pdf(issue(completed())))
        data[-10:] = b"%%EOF    \n"
        html = self.upload(client, bytes(data)).content.decode()
        assert "hash-no-match" in html

    def test_revoked_file_says_revoked(self, client):
        certificate = issue(completed())
        certificate_revoke(certificate_id=certificate.pk, by=make_hr_user(), reason="x",
                           kind="DATA_ERROR")
        html = self.upload(client, stored_pdf(certificate)).content.decode()
        assert 'data-status="REVOKED"' in html

    def test_size_capped(self, client, monkeypatch):
        monkeypatch.setattr(views, "UPLOAD_MAX_BYTES", 1000)
        response = self.upload(client, b"%PDF" + b"0" * 2000)
        assert "hash-match" not in response.content.decode()
        assert "hash-no-match" not in response.content.decode()
        assert "MB" in response.content.decode()


class DownloadAccessTests:
    def test_owner_downloads_with_a_safe_name(self, client):
        enrollment = completed(name="Dewi Lestari")
        certificate = issue(enrollment)
        client.force_login(enrollment.employee.user)
        response = client.get(reverse("certificates:download", args=[certificate.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == stored_pdf(certificate)
        disposition = response["Content-Disposition"]
        assert "attachment" in disposition and "Dewi Lestari" in disposition
        assert "001-BKPSDM-PLT" in disposition

    def test_another_employee_gets_404_for_any_id(self, client):
        mine = issue(completed())
        theirs = issue(completed())
        client.force_login(mine.employee.user)
        for pk in (theirs.pk, theirs.pk + 100, 0):
            response = client.get(reverse("certificates:download", args=[pk]))
            assert response.status_code == 404

    def test_anonymous_is_sent_to_login(self, client):
        certificate = issue(completed())
        response = client.get(reverse("certificates:download", args=[certificate.pk]))
        assert response.status_code == 302 and "/akun/login/" in response["Location"]

    def test_hr_may_download_any(self, client):
        certificate = issue(completed())
        client.force_login(make_hr_user())
        assert client.get(reverse("certificates:download",
                                  args=[certificate.pk])).status_code == 200

    def test_owner_cannot_download_a_revoked_one(self, client):
        certificate = issue(completed())
        certificate_revoke(certificate_id=certificate.pk, by=make_hr_user(), reason="x",
                           kind="DATA_ERROR")
        client.force_login(certificate.employee.user)
        assert client.get(reverse("certificates:download",
                                  args=[certificate.pk])).status_code == 404

    def test_hr_pages_are_hr_only(self, client):
        certificate = issue(completed())
        client.force_login(EmployeeFactory().user)
        for url in (reverse("certificates:hr_index"),
                    reverse("certificates:hr_certificate", args=[certificate.pk]),
                    reverse("certificates:hr_session", args=[1])):
            assert client.get(url).status_code == 403
        assert client.post(reverse("certificates:hr_revoke", args=[certificate.pk]),
                           {"reason": "x"}).status_code == 403


class PanelTests:
    def test_home_panel_and_my_enrollments_link_the_pdf(self, client):
        enrollment = completed(name="Eka Putri")
        certificate = issue(enrollment)
        client.force_login(enrollment.employee.user)
        download = reverse("certificates:download", args=[certificate.pk])
        assert download in client.get("/").content.decode()
        assert download in client.get(reverse("learning:enrollment_mine")).content.decode()
        assert download in client.get(reverse("certificates:mine")).content.decode()

    def test_my_certificates_page_queries_do_not_grow(self, client,
                                                       django_assert_max_num_queries):
        from tests.learning.completion_world import make_session

        first = completed()
        employee = first.employee
        issue(first)
        client.force_login(employee.user)
        url = reverse("certificates:mine")
        with django_assert_max_num_queries(10) as one:
            client.get(url)
        for _ in range(3):
            issue(completed(employee=employee, session=make_session()))
        with django_assert_max_num_queries(len(one.captured_queries)):
            assert client.get(url).content.decode().count("/unduh/") == 4

