"""Bulk enrollment's NIP list and the facilitator's post-test score import: size caps
before reading, row limits while streaming, a few errors shown and the rest counted,
every XLSX row read."""
from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.enrollment.forms import nip_rows_from_file
from learning.models import Enrollment
from learning.models.completion import PostTestScore
from tests.factories import PASSWORD, EmployeeFactory, UserFactory, make_hr_user
from tests.learning.completion_world import enroll
from tests.learning.completion_world import make_session as make_past_session
from tests.learning.enrollment_factories import make_session
from tests.upload_files import xlsx_bomb, xlsx_bytes, xlsx_with_dimension

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


class TestNipList:
    def test_stale_dimension_hides_no_nip(self):
        data = xlsx_with_dimension(xlsx_bytes([["nip"], ["111"], ["222"], ["333"]]), "A1:A2")
        upload = SimpleUploadedFile("nip.xlsx", data.getvalue())
        assert nip_rows_from_file(upload) == [(2, "111"), (3, "222"), (4, "333")]

    def test_five_million_row_bomb_is_refused_at_once(self, client):
        """An XLSX of 5,000,000 rows took 344 s; now the size its zip directory
        declares refuses it before openpyxl parses a row."""
        session = make_session()
        login(client, make_hr_user())
        bomb = xlsx_bomb(5_000_000, header=["nip"])
        response = client.post(reverse("learning:enrollment_bulk", args=[session.pk]),
                               {"file": SimpleUploadedFile("bom.xlsx", bomb.getvalue())})
        assert len(bomb.getvalue()) < 2 * 1024 * 1024  # under the size cap
        assert "berkas ditolak" in response.content.decode()
        assert not Enrollment.objects.exists()

    def test_row_limit_counts_while_reading(self, client):
        session = make_session()
        login(client, make_hr_user())
        body = "nip\n" + "".join(f"{i:018d}\n" for i in range(2001))
        response = client.post(reverse("learning:enrollment_bulk", args=[session.pk]),
                               {"file": SimpleUploadedFile("nip.csv", body.encode())})
        assert "lebih dari 2000 baris data" in response.content.decode()


@pytest.fixture
def facilitator():
    return UserFactory(username="fasilitator-unggah")


@pytest.fixture
def session(facilitator):
    return make_past_session(kind="workshop", facilitator_user=facilitator,
                             passing_score=70)


def post_scores(client, session, content: bytes, name="nilai.csv"):
    return client.post(reverse("learning:post_test_import", args=[session.pk]),
                       {"file": SimpleUploadedFile(name, content)})


class TestPostTestImport:
    def test_file_over_the_cap_is_refused_before_reading(self, client, session, facilitator,
                                                         settings):
        settings.BANGKOM_UPLOAD_LIMITS = {
            **settings.BANGKOM_UPLOAD_LIMITS,
            "post_test": {"max_bytes": 10 * 1024, "max_rows": 5000, "max_errors": 20},
        }
        login(client, facilitator)
        response = post_scores(client, session, b"nip;nilai\n" + b"1;1\n" * 5000)
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("batasnya 10 KB" in t for t in texts), texts

    def test_errors_shown_are_capped_with_a_count_of_the_rest(self, client, session,
                                                              facilitator):
        """A 1 MB file stored 47,662 error messages in the session."""
        login(client, facilitator)
        body = "nip;nilai\n" + "".join(f"{i:018d};50\n" for i in range(500))
        response = post_scores(client, session, body.encode())
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        assert len(texts) == 20 + 2  # 20 rows, "… and 480 more", "Nothing was imported."
        assert "… dan 480 galat lainnya." in texts
        assert not PostTestScore.objects.exists()

    def test_xlsx_scores_are_read(self, client, session, facilitator):
        person = EmployeeFactory()
        enroll(person, session)
        login(client, facilitator)
        data = xlsx_bytes([["nip", "nilai"], [person.nip, 85.5]])
        post_scores(client, session, data, name="nilai.xlsx")
        assert PostTestScore.objects.get().score == 85.5
