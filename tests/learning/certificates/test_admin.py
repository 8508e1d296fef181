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
