"""The Wagtail admin for certificate templates: listing with the preview button,
the edit form with the placeholder list, and refusal of unknown placeholders."""
from __future__ import annotations

import pytest
from django.urls import reverse

from learning.certificates.models import CertificateTemplate
from learning.certificates.services import certificate_template_default
from tests.factories import make_hr_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = make_hr_user()
    user.is_superuser = True  # Wagtail admin access in tests without group permissions
    user.save()
    client.force_login(user)
    return client


def test_listing_has_a_preview_button(admin_client):
    template = certificate_template_default(subject_kind="WORKSHOP")
    html = admin_client.get("/cms/snippets/certificates/certificatetemplate/").content.decode()
    assert reverse("certificates:template_preview", args=[template.pk]) in html


def test_edit_form_lists_placeholders_and_refuses_unknown_ones(admin_client):
    template = certificate_template_default(subject_kind="WORKSHOP")
    url = f"/cms/snippets/certificates/certificatetemplate/edit/{template.pk}/"
    html = admin_client.get(url).content.decode()
    assert "{{ birth_place_date }}" in html
    data = {
        "name": template.name, "subject_kind": "WORKSHOP", "is_default": "on",
        "page_size": "A4", "orientation": "LANDSCAPE", "body_html": "{{ name }} {{ gaji }}",
        "css": "", "number_pattern": "{seq}/BKPSDM/{code}/{year}", "code": "PLT",
        "seq_digits": "3", "issue_place": "", "signatory_name": "", "signatory_title": "",
        "signatory_nip": "", "validity_months": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "gaji" in response.content.decode()
    template.refresh_from_db()
    assert "gaji" not in template.body_html
    data["body_html"] = "<h1>{{ name }}</h1>"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert CertificateTemplate.objects.get(pk=template.pk).body_html == "<h1>{{ name }}</h1>"


def test_hr_without_superuser_edits_the_agency_identity(client):
    """The kop is HR's to set: the HR group's permission (data migration), not a
    superuser's."""
    from learning.certificates.models import AgencyIdentity

    hr = make_hr_user()
    assert not hr.is_superuser and hr.has_perm("certificates.change_agencyidentity")
    client.force_login(hr)
    url = reverse("wagtailsettings:edit", args=["certificates", "agencyidentity"])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "PEMERINTAH KABUPATEN SUKAMAJU" in response.content.decode()  # the help text
    edit_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = client.post(edit_url, {
        "government": "PEMERINTAH KABUPATEN SUKAMAJU",
        "agency": "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "address": "Jl. Merdeka No. 1, Sukamaju", "logo": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    identity = AgencyIdentity.load()
    assert identity.government == "PEMERINTAH KABUPATEN SUKAMAJU"
    assert identity.address == "Jl. Merdeka No. 1, Sukamaju"
    # And the menu shows it to HR under Settings.
    assert "agencyidentity" in client.get("/cms/").content.decode()
