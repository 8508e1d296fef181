"""Static files as production serves them: every `{% static %}` name in the project's
templates exists, and the pages that once named a missing file answer 200 under the
manifest storage (tests/conftest.py's manifest_static runs every test with it)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse

from tests.factories import make_hr_user

ROOT = Path(__file__).resolve().parents[2]
STATIC_TAG = re.compile(r"""{%\s*(?:static|versioned_static)\s+(["'])([^"']+)\1""")


def project_templates() -> list[Path]:
    skip = {".venv", "node_modules", "test-artifacts", "var"}
    return [p for p in ROOT.rglob("templates/**/*")
            if p.suffix in (".html", ".txt", ".xml", ".svg")
            and not skip.intersection(p.relative_to(ROOT).parts)]


def test_the_scan_sees_the_templates():
    names = [m[1] for p in project_templates() for m in STATIC_TAG.findall(p.read_text())]
    assert len(names) > 10 and "js/job_progress.js" in names


def test_every_static_name_in_a_template_exists():
    missing = [f"{p.relative_to(ROOT)}: {name}"
               for p in project_templates()
               for _, name in STATIC_TAG.findall(p.read_text())
               if finders.find(name) is None]
    assert not missing, "static files named in templates but missing:\n" + "\n".join(missing)


def test_tests_run_with_the_manifest():
    assert not settings.DEBUG
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        staticfiles_storage.url("competencies/job_progress.js")


@pytest.mark.django_db
def test_hr_pages_with_job_progress_answer(client):
    from learning.certificates.models import CertificateJob
    from tests.learning.completion_world import make_session

    client.force_login(make_hr_user())
    response = client.get(reverse("learning:recommendation_catalog_gaps"))
    assert response.status_code == 200
    assert "js/job_progress." in response.content.decode()
    session = make_session()
    job = CertificateJob.objects.create(session=session, kind="ISSUE", total=3)
    response = client.get(reverse("certificates:hr_session", args=[session.pk]),
                          {"job": job.pk})
    assert response.status_code == 200
    assert "js/job_progress." in response.content.decode()
