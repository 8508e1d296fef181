"""Robustness of policy pages in and around the Wagtail admin (issue 9): policy
attachments follow the page's access, HR can preview a draft, and deleting what
other rows still need explains itself instead of failing with a 500."""
from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from people.models import PositionKind
from socialization.models import PolicyPage
from socialization.services import policy_acknowledge
from tests.cms.socialization_factories import make_hr_publisher, make_policy
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    a = UnitFactory(name="Dinas A")
    b = UnitFactory(name="Dinas B")
    pelaksana = PositionFactory(name="Pengadministrasi", kind=PositionKind.PELAKSANA)
    return {
        "a": a, "b": b,
        "reader": EmployeeFactory(unit=a, position=pelaksana, name="Siti"),
        "outsider": EmployeeFactory(unit=b, position=pelaksana, name="Budi"),
    }


@pytest.fixture
def hr_employee():
    """An HR publisher who is also an employee (as in the demo): the preview path
    that asks whether HR is in the page's audience."""
    user = make_hr_publisher("hr.pegawai")
    EmployeeFactory(user=user, name="Rina HR", unit=UnitFactory(name="BKPSDM"))
    return user


def _document(title: str = "Perbup 1 2026"):
    Document = get_document_model()
    doc = Document(title=title, collection=Collection.get_first_root_node())
    doc.file.save("perbup-1-2026.pdf", ContentFile(b"%PDF-1.4 rahasia"), save=False)
    doc.save()
    return doc


def _policy_with_document(org, doc, **kw) -> PolicyPage:
    return make_policy(
        title="Kebijakan Dinas A", audience_all=False, units=[org["a"]],
        body=[("document", {"document": doc, "title": "Unduh Perbup"})], **kw,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


class TestPolicyDocuments:
    """A document attached to a policy page is served only to who may read the page."""

    def _get(self, client, doc):
        return client.get(doc.url)

    def test_anonymous_is_sent_to_login(self, client, org, media):
        doc = _document()
        _policy_with_document(org, doc)
        response = self._get(client, doc)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/login/")

    def test_outside_audience_gets_404(self, client, org, media):
        doc = _document()
        _policy_with_document(org, doc)
        client.force_login(org["outsider"].user)
        assert self._get(client, doc).status_code == 404

    def test_audience_member_downloads_it(self, client, org, media):
        doc = _document()
        page = _policy_with_document(org, doc)
        client.force_login(org["reader"].user)
        assert "Unduh Perbup" in client.get(page.url).content.decode()
        response = self._get(client, doc)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 rahasia"

    def test_hr_downloads_it(self, client, org, media, hr_employee):
        doc = _document()
        _policy_with_document(org, doc)
        client.force_login(hr_employee)
        assert self._get(client, doc).status_code == 200

    def test_draft_only_attachment_is_hr_only(self, client, org, media):
        """A policy that was never published: nobody but HR may read it, nor its file."""
        doc = _document()
        _policy_with_document(org, doc, publish=False)
        client.force_login(org["reader"].user)
        assert self._get(client, doc).status_code == 404

    def test_document_used_nowhere_keeps_wagtails_rule(self, client, media):
        doc = _document("Formulir umum")
        assert self._get(client, doc).status_code == 200

    def test_media_url_of_a_document_is_not_served_in_debug(self, client, org, media,
                                                             settings):
        """In DEBUG the media folder is served; documents must not leak through it."""
        import importlib

        from django.urls import Resolver404, clear_url_caches, resolve

        import config.urls

        doc = _document()
        _policy_with_document(org, doc)
        settings.DEBUG = True
        try:
            debug_urls = importlib.reload(config.urls)
            assert resolve("/media/images/foto.jpg", urlconf=debug_urls)
            with pytest.raises(Resolver404):
                resolve(f"/media/{doc.file.name}", urlconf=debug_urls)
        finally:
            settings.DEBUG = False
            importlib.reload(config.urls)
            clear_url_caches()


class TestDraftPreview:
    def test_hr_views_a_draft_with_units(self, client, org, hr_employee):
        page = make_policy(title="Draf Dinas A", audience_all=False, units=[org["a"]],
                           publish=False)
        client.force_login(hr_employee)
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
        assert response.status_code == 200
        assert "Draf Dinas A" in response.content.decode()

    def test_hr_previews_an_edit_with_units(self, client, org, hr_employee):
        from wagtail.test.utils.form_data import nested_form_data, streamfield

        page = make_policy(title="Draf Pratinjau", audience_all=False, units=[org["a"]],
                           publish=False)
        client.force_login(hr_employee)
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        data = nested_form_data({
            "title": "Pratinjau Baru", "slug": page.slug, "summary": "Ringkas.",
            "regulation": "", "body": streamfield([]), "deadline": "",
        })
        data["audience_units"] = [org["a"].pk, org["b"].pk]
        posted = client.post(url, data)
        assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
        response = client.get(url)
        assert response.status_code == 200
        assert "Pratinjau Baru" in response.content.decode()


class TestDeleteProtected:
    """Deleting what acknowledgements or appraisals still need is refused with a
    reason in Indonesian, through the real Wagtail admin views; nothing is deleted."""

    def test_policy_with_acknowledgements(self, client, org, hr_employee):
        page = make_policy(title="Kebijakan Dibaca")
        policy_acknowledge(page=page, employee=org["reader"])
        client.force_login(hr_employee)
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        confirm = client.get(url)
        assert confirm.status_code == 200
        assert "tidak dapat dihapus" in confirm.content.decode()  # warned before confirming
        response = client.post(url, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "tidak dapat dihapus" in html
        assert "pernyataan" in html.lower()
        assert PolicyPage.objects.filter(pk=page.pk).exists()

    def test_policy_without_acknowledgements_is_deleted(self, client, org, hr_employee):
        page = make_policy(title="Kebijakan Belum Dibaca")
        client.force_login(hr_employee)
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert response.status_code == 302
        assert not PolicyPage.objects.filter(pk=page.pk).exists()

    def _snippet_delete(self, obj):
        meta = obj._meta
        return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:delete",
                       args=[obj.pk])

    def test_core_value_in_use(self, client, org):
        from competencies.models import Appraisal, AppraisalPeriod, CoreValue

        value = CoreValue.objects.first()
        assert value is not None, "the data migration seeds BerAKHLAK"
        period = AppraisalPeriod.objects.create(code="2026-T1", year=2026, quarter=1,
                                                kind="QUARTERLY")
        appraisal = Appraisal.objects.create(employee=org["reader"], period=period,
                                             result_rating="MEETS", behaviour_rating="MEETS",
                                             predicate="BAIK")
        _rate_core_value(appraisal, value)
        client.force_login(_superuser())
        url = self._snippet_delete(value)
        confirm = client.get(url)
        assert confirm.status_code == 200 and "tidak dapat dihapus" in confirm.content.decode()
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "tidak dapat dihapus" in response.content.decode()
        assert CoreValue.objects.filter(pk=value.pk).exists()

    def test_appraisal_period_in_use(self, client, org):
        from competencies.models import Appraisal, AppraisalPeriod

        period = AppraisalPeriod.objects.create(code="2026-T2", year=2026, quarter=2,
                                                kind="QUARTERLY")
        Appraisal.objects.create(employee=org["reader"], period=period,
                                 result_rating="MEETS", behaviour_rating="MEETS",
                                             predicate="BAIK")
        client.force_login(_superuser())
        url = self._snippet_delete(period)
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "tidak dapat dihapus" in response.content.decode()
        assert AppraisalPeriod.objects.filter(pk=period.pk).exists()

    def test_unused_appraisal_period_is_deleted(self, client):
        from competencies.models import AppraisalPeriod

        period = AppraisalPeriod.objects.create(code="2027-T1", year=2027, quarter=1,
                                                kind="QUARTERLY")
        client.force_login(_superuser())
        response = client.post(self._snippet_delete(period))
        assert response.status_code == 302
        assert not AppraisalPeriod.objects.filter(pk=period.pk).exists()


class TestBulkDeleteProtected:
    """The bulk delete of the admin listings refuses the same way, deleting nothing."""

    def test_snippets(self, client, org):
        from competencies.models import Appraisal, AppraisalPeriod

        used = AppraisalPeriod.objects.create(code="2026-T3", year=2026, quarter=3,
                                              kind="QUARTERLY")
        unused = AppraisalPeriod.objects.create(code="2026-T4", year=2026, quarter=4,
                                                kind="QUARTERLY")
        Appraisal.objects.create(employee=org["reader"], period=used, result_rating="MEETS",
                                 behaviour_rating="MEETS", predicate="BAIK")
        client.force_login(_superuser())
        url = reverse("wagtail_bulk_action",
                      args=["competencies", "appraisalperiod", "delete"])
        url += f"?id={used.pk}&id={unused.pk}"
        response = client.post(url, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "tidak dapat dihapus" in html and "Tidak ada yang dihapus" in html
        assert AppraisalPeriod.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2

    def test_pages(self, client, org, hr_employee):
        read = make_policy(title="Kebijakan Sudah Dibaca")
        unread = make_policy(title="Kebijakan Lain")
        policy_acknowledge(page=read, employee=org["reader"])
        client.force_login(hr_employee)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        url += f"?id={read.pk}&id={unread.pk}"
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "tidak dapat dihapus" in response.content.decode()
        assert PolicyPage.objects.filter(pk__in=[read.pk, unread.pk]).count() == 2


def _superuser():
    from tests.factories import UserFactory

    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _rate_core_value(appraisal, value) -> None:
    from competencies.models import AppraisalValueRating

    AppraisalValueRating.objects.create(appraisal=appraisal, core_value=value, rating="MEETS")
