"""The HR upload page (/kompetensi/impor/), exports and the admin menu: HR only."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from competencies.models import Appraisal, Assessment, ImportBatch
from tests.competencies.import_files import csv_file
from tests.factories import PASSWORD, EmployeeFactory, UserFactory, make_hr_user, make_nip

URL = "/kompetensi/impor/"
NIP = make_nip(301)


def post_file(client, upload: SimpleUploadedFile):
    """Upload, let the import job queued on commit run (eagerly, as without a broker),
    and follow the redirect to the page that shows its outcome."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL, {"file": upload})
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def upload(client, rows, name="hasil.csv", sep=";"):
    data = csv_file(rows, sep=sep, bom=True).read()
    return post_file(client, SimpleUploadedFile(name, data, "text/csv"))


@pytest.fixture
def hr_client(client, db):
    client.force_login(make_hr_user())
    return client


def test_hr_uploads_assessments(hr_client):
    EmployeeFactory(nip=NIP)
    response = upload(hr_client, [["nip", "kompetensi", "level", "sumber", "tanggal"],
                                  [NIP, "M.05", "3,5", "atasan", "01/03/2026"]])
    assert response.status_code == 200
    assert Assessment.objects.count() == 1
    body = response.content.decode()
    assert "Impor selesai" in body and 'data-testid="created">1<' in body


def test_hr_sees_row_errors_and_nothing_is_written(hr_client):
    EmployeeFactory(nip=NIP)
    response = upload(hr_client, [
        ["nip", "periode", "rating_hasil_kerja", "rating_perilaku_kerja"],
        [NIP, "2026", "sesuai", "sesuai"],
        [NIP, "2026-T7", "sesuai", "sesuai"],
    ])
    assert response.status_code == 422
    assert Appraisal.objects.count() == 0
    body = response.content.decode()
    assert "yang diimpor" in body
    assert "<td>3</td><td><code>periode</code></td>" in body
    assert "bukan periode" in body


def test_wrong_extension_is_refused(hr_client):
    upload = SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")
    response = hr_client.post(URL, {"file": upload})
    assert response.status_code == 200
    assert "Unggah berkas .csv atau .xlsx" in response.content.decode()
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize("path", [URL, "/kompetensi/impor/contoh/penilaian-kinerja.csv",
                                  "/kompetensi/ekspor/kamus.xlsx"])
def test_non_hr_gets_403(client, db, path):
    employee = EmployeeFactory(nip=NIP)
    client.force_login(employee.user)
    assert client.get(path).status_code == 403
    response = client.post(URL, {"file": SimpleUploadedFile("a.csv", b"nip\n1", "text/csv")})
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_exports_round_trip(hr_client):
    for fmt in ("csv", "xlsx"):
        response = hr_client.get(f"/kompetensi/ekspor/kamus.{fmt}")
        assert response.status_code == 200
        assert b"Integritas" in response.content or fmt == "xlsx"
    csv_bytes = hr_client.get("/kompetensi/ekspor/kamus.csv").content
    response = post_file(hr_client, SimpleUploadedFile("kamus.csv", csv_bytes))
    assert response.status_code == 200, response.content.decode()[:2000]
    assert 'data-testid="updated">9<' in response.content.decode()
    assert hr_client.get("/kompetensi/ekspor/lainnya.csv").status_code == 403


def test_page_queries_do_not_grow_with_history(hr_client, django_assert_max_num_queries):
    user = UserFactory()
    for n in range(3):
        ImportBatch.objects.create(file_name=f"f{n}.csv", imported_by=user)
    with django_assert_max_num_queries(15) as small:
        hr_client.get(URL)
    for n in range(20):
        ImportBatch.objects.create(file_name=f"g{n}.csv", imported_by=user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        hr_client.get(URL)


def test_hr_reaches_admin_snippets(client, db):
    hr = make_hr_user()
    hr.is_staff = False
    hr.save()
    client.login(username=hr.username, password=PASSWORD)
    response = client.get("/cms/snippets/competencies/competency/")
    assert response.status_code == 200
    assert "M.01" in response.content.decode()
