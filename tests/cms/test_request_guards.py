"""config.guards (issue 19, docs/foundation.md "Request guards"): bodies capped before
CSRF reads them, NUL bytes and wrong years refused with a message, personal answers
never stored by browsers or proxies."""
from __future__ import annotations

import io

from django.core.cache import cache
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from tests.security.world import world_build

VERIFY_URL = "/sertifikat/verifikasi/"


class _Endless(io.RawIOBase):
    """A request body that says it is 200 MB and counts what is read of it."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"x" * n
        self.read_bytes += n
        return n


class BodyLimitTests(TestCase):
    def test_a_huge_pdf_check_is_refused_before_its_body_is_read(self):
        """200 MB announced: 413 with the reason, not one byte read (CSRF used to
        parse it all first: 2.9 s)."""
        body = _Endless(200 * 1024 * 1024)
        client = Client(HTTP_ACCEPT_LANGUAGE="id")
        response = client.generic(
            "POST", VERIFY_URL, data=b"",
            content_type="multipart/form-data; boundary=batas",
            CONTENT_LENGTH=str(body.size), **{"wsgi.input": body})
        assert body.read_bytes == 0
        assert response.status_code == 413
        assert "lebih besar dari 10 MB" in response.content.decode()

    def test_a_pdf_within_the_limit_is_still_checked(self):
        response = Client().post(VERIFY_URL, {
            "file": io.BytesIO(b"%PDF-1.4 bukan sertifikat")})
        assert response.status_code == 200


class NulByteTests(TestCase):
    def test_nul_in_a_query_is_refused_with_a_message(self):
        response = Client(HTTP_ACCEPT_LANGUAGE="id").get("/pelatihan/", {"q": "a\x00b"})
        assert response.status_code == 400
        assert "NUL" in response.content.decode()
        assert "tidak diizinkan" in response.content.decode()

    def test_nul_in_a_form_is_refused_before_the_view(self):
        world = world_build()
        client = Client(HTTP_ACCEPT_LANGUAGE="id")
        client.force_login(world.users["hr"])
        response = client.post(
            reverse("learning:external_decide", kwargs={"external_id": world.external.pk}),
            {"action": "reject", "reason": "Bukti\x00palsu"})
        assert response.status_code == 400
        world.external.refresh_from_db()
        assert world.external.status == "SUBMITTED"


class YearTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = world_build()

    def test_a_wrong_year_is_a_400_with_its_reason(self):
        client = Client(HTTP_ACCEPT_LANGUAGE="id")
        client.force_login(self.world.users["employee"])
        for value in ("10000", "-5", "99999999999999999999", "abc", "٢٠٢٦"):
            for name in ("learning:jp_history", "learning:plan_mine"):
                response = client.get(reverse(name), {"tahun": value})
                assert response.status_code == 400, (name, value)
                assert "antara 2000 dan 2100" in response.content.decode()
        assert client.get(reverse("learning:jp_history"), {"tahun": "2026"}).status_code == 200


@override_settings(BANGKOM_BENCH_VIEWS=False)
class PrivateCacheTests(TestCase):
    """Plans, certificate PDFs, exports and JP pages: `private, no-store`."""

    @classmethod
    def setUpTestData(cls):
        cls.world = world_build()

    def setUp(self):
        cache.clear()
        self.addCleanup(cache.clear)

    def _client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.world.users[role])
        return client

    def _assert_private(self, response):
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, response["Cache-Control"]

    def test_personal_pages_and_files_are_not_stored(self):
        hr = self._client("hr")
        owner = Client()
        owner.force_login(self.world.owner.user)
        with translation.override("id"):
            self._assert_private(owner.get(reverse("learning:plan_mine")))
            self._assert_private(owner.get(reverse("learning:jp_history")))
            self._assert_private(hr.get(reverse(
                "learning:employee_jp", kwargs={"employee_id": self.world.owner.pk})))
            self._assert_private(hr.get(reverse(
                "learning:plan_detail", kwargs={"plan_id": self.world.plan.pk})))
            self._assert_private(hr.get(reverse(
                "certificates:download", kwargs={"certificate_id": self.world.certificate.pk})))
            self._assert_private(hr.get(reverse("learning:report_sessions"), {"format": "csv"}))
            self._assert_private(hr.get(reverse("learning:report_units"), {"format": "xlsx"}))
            self._assert_private(hr.get(reverse("learning:plan_report"), {"format": "csv"}))

    def test_public_pages_to_visitors_stay_cacheable(self):
        response = Client().get("/pelatihan/")
        assert "no-store" not in response.get("Cache-Control", "")


class BrokenImageTests(TestCase):
    """A broken PNG in the Wagtail image library: the form says so (Willow and
    Pillow's errors used to escape as a 500)."""

    def _upload(self, content: bytes):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from people.models import User

        admin = User.objects.create_superuser("gambar.admin", "g@x.go.id", "Rahasia-123!")
        client = Client(HTTP_ACCEPT_LANGUAGE="id", raise_request_exception=True)
        client.force_login(admin)
        return client.post(reverse("wagtailimages:add"), {
            "title": "Logo", "file": SimpleUploadedFile("logo.png", content, "image/png")})

    def test_a_png_with_a_broken_header_is_refused_with_a_message(self):
        response = self._upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
        assert response.status_code == 200
        assert "rusak" in response.content.decode()

    def test_a_png_with_broken_pixels_is_refused_with_a_message(self):
        from tests.upload_files import png_bytes

        good = png_bytes()
        broken = good.replace(b"IDAT", b"IDAT\x00\x00\x00\x00", 1)  # damaged pixel data
        response = self._upload(broken)
        assert response.status_code == 200
        assert "rusak" in response.content.decode()

    def test_a_good_png_is_still_accepted(self):
        from wagtail.images import get_image_model

        from tests.upload_files import png_bytes

        response = self._upload(png_bytes())
        assert response.status_code == 302
        assert get_image_model().objects.filter(title="Logo").exists()
