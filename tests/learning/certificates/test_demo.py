"""The README's promise: the demo employee (199405202019032004) sees the certificate
of their completed workshop on the home page at first login."""
from __future__ import annotations

import io

import pytest
from django.urls import reverse

from learning.certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_demo_employee_has_a_certificate_on_the_home_page(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from learning import demo as learning_demo
    from learning import demo_completion
    from learning.certificates import demo as certificates_demo
    from people import demo as people_demo

    out = io.StringIO()
    people_demo.seed_demo(stdout=out)
    learning_demo.seed_demo(stdout=out)
    demo_completion.seed_demo(stdout=out)
    certificates_demo.seed_demo(stdout=out)
    nip = people_demo.DEMO_NIPS["employee"]
    assert nip == "199405202019032004"
    mine = Certificate.objects.filter(employee__nip=nip)
    assert mine.exists(), out.getvalue()
    certificate = mine.first()
    assert certificate.is_ready and certificate.context["signatory_name"]

    client.force_login(certificate.employee.user)
    home = client.get("/").content.decode()
    download = reverse("certificates:download", args=[certificate.pk])
    assert 'data-testid="panel-certificates"' in home and download in home
    assert client.get(download).status_code == 200

    # Idempotent: seeding again issues nothing new.
    count = Certificate.objects.count()
    certificates_demo.seed_demo(stdout=out)
    assert Certificate.objects.count() == count
