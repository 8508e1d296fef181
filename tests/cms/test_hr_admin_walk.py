"""HR does every admin job without a superuser: as the README's HR login (an employee
in the HR group, and in HR Editor and HR Approver as the demo puts them), every admin
screen of data the docs say HR owns answers 200 — list, add and edit forms, and the
certificate template's preview."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from learning.certificates.models import CertificateTemplate
from learning.certificates.services import certificate_template_default
from mentoring.models import MentoringProgram
from people.roles import HR_GROUP
from socialization.workflow import APPROVER_GROUP, EDITOR_GROUP
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

ALL = ("list", "add", "edit")
# Every snippet in the admin, with the screens HR uses (docs/*.md say who owns what).
# A new snippet fails test_every_snippet_is_decided until it is listed here.
HR_SNIPPETS = {
    "certificates.certificatetemplate": ALL,     # docs/certificates.md
    "learning.learningform": ALL,                # docs/jp-and-completion.md
    "learning.jppolicy": ("list", "edit"),       # yearly targets: edited, never added
    "mentoring.mentoringprogram": ALL,           # docs/mentoring.md
    "competencies.competency": ALL,              # docs/competencies-data.md
    "competencies.competencylevel": ALL,
    "competencies.jobstandarddefault": ALL,
    "competencies.jobstandard": ALL,
    "competencies.sourceweight": ALL,
    "competencies.corevalue": ALL,
    "competencies.corevaluecompetency": ALL,
    "competencies.appraisalperiod": ALL,
    "competencies.appraisal": ALL,
    "competencies.assessment": ALL,
    "competencies.importbatch": ("list",),      # a record of imports, read only
}


@pytest.fixture
def hr_client(client):
    employee = EmployeeFactory(name="Rina Marlina")
    employee.user.groups.add(*Group.objects.filter(
        name__in=[HR_GROUP, EDITOR_GROUP, APPROVER_GROUP]))
    assert not employee.user.is_superuser
    client.force_login(employee.user)
    return client


def _instance(model):
    if model is CertificateTemplate:
        return certificate_template_default(subject_kind="WORKSHOP")
    if model is MentoringProgram and not MentoringProgram.objects.exists():
        from tests.mentoring.world import program
        return program([])
    return model.objects.order_by("pk").first()


def test_every_snippet_is_decided():
    labels = {m._meta.label_lower for m in get_snippet_models()}
    assert labels == set(HR_SNIPPETS), labels ^ set(HR_SNIPPETS)


@pytest.mark.parametrize("label", sorted(HR_SNIPPETS))
def test_hr_walks_each_snippet(hr_client, label):
    model = next(m for m in get_snippet_models() if m._meta.label_lower == label)
    viewset = model.snippet_viewset
    screens = HR_SNIPPETS[label]
    urls = [reverse(viewset.get_url_name("list"))]
    if "add" in screens:
        urls.append(reverse(viewset.get_url_name("add")))
    if "edit" in screens:
        obj = _instance(model)
        if obj is not None:  # rows seeded by migrations (results come from imports)
            urls.append(reverse(viewset.get_url_name("edit"), args=[obj.pk]))
    for url in urls:
        # "Add a subpage" goes straight to the form when one page type is allowed.
        response = hr_client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        assert all(to.startswith("/cms/pages/add/") for to, _ in response.redirect_chain)
        assert "Anda tidak memiliki izin" not in response.content.decode()
        assert "Anda tidak memiliki izin" not in response.content.decode()


def test_hr_previews_and_saves_a_certificate_template(hr_client):
    template = certificate_template_default(subject_kind="WORKSHOP")
    response = hr_client.get(reverse("certificates:template_preview", args=[template.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    listing = hr_client.get(reverse(
        CertificateTemplate.snippet_viewset.get_url_name("list"))).content.decode()
    assert reverse("certificates:template_preview", args=[template.pk]) in listing
    url = reverse(CertificateTemplate.snippet_viewset.get_url_name("edit"), args=[template.pk])
    data = {
        "name": "Sertifikat Pelatihan", "subject_kind": "WORKSHOP", "is_default": "on",
        "page_size": "A4", "orientation": "LANDSCAPE", "body_html": "<h1>{{ name }}</h1>",
        "css": "", "number_pattern": "{seq}/BKPSDM/{code}/{year}", "code": "PLT",
        "seq_digits": "3", "issue_place": "Sukamaju", "signatory_name": "",
        "signatory_title": "", "signatory_nip": "", "validity_months": "",
    }
    response = hr_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert CertificateTemplate.objects.get(pk=template.pk).issue_place == "Sukamaju"


def test_hr_walks_pages_images_and_documents(hr_client):
    home = Page.objects.get(depth=2)
    urls = [reverse("wagtailadmin_home"), reverse("wagtailadmin_explore", args=[home.pk]),
            reverse("wagtailimages:index"), reverse("wagtailimages:add"),
            reverse("wagtaildocs:index"), reverse("wagtaildocs:add")]
    sections = Page.objects.filter(depth=3)  # /sosialisasi/ (and /pelatihan/ when seeded)
    assert sections
    for section in sections:
        urls.append(reverse("wagtailadmin_pages:edit", args=[section.pk]))
        urls.append(reverse("wagtailadmin_pages:add_subpage", args=[section.pk]))
    for url in urls:
        # "Add a subpage" goes straight to the form when one page type is allowed.
        response = hr_client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        assert all(to.startswith("/cms/pages/add/") for to, _ in response.redirect_chain)
        assert "Anda tidak memiliki izin" not in response.content.decode()
