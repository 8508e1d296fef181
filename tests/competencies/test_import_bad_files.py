"""Competency imports read every row that is there (a stale XLSX <dimension> tag
hid rows), read UTF-16 text, and name a file that is not a table."""
from __future__ import annotations

import io

import pytest
from django.utils import translation

from competencies.imports.services import results_import
from competencies.models import Assessment
from tests.factories import EmployeeFactory, make_nip
from tests.upload_files import png_bytes, utf16_csv, xlsx_bytes, xlsx_with_dimension

NIP1, NIP2 = make_nip(301), make_nip(302)
HEADER = ["NIP", "Kompetensi", "Level", "Sumber", "Tanggal"]


@pytest.fixture
def employees(db):
    return [EmployeeFactory(nip=NIP1), EmployeeFactory(nip=NIP2)]


def run(file, name):
    with translation.override("id"):
        return results_import(file=file, file_name=name)


def test_stale_dimension_imports_every_row(employees):
    """A 4-row assessment file whose tag says A1:E2 gave "1 baris diimpor"."""
    rows = [HEADER,
            [NIP1, "M.01", 3, "atasan", "2026-01-10"],
            [NIP1, "M.02", 2, "atasan", "2026-01-10"],
            [NIP2, "M.01", 4, "atasan", "2026-01-10"],
            [NIP2, "M.02", 3, "atasan", "2026-01-10"]]
    report = run(xlsx_with_dimension(xlsx_bytes(rows), "A1:E2"), "asesmen.xlsx")
    assert report.ok, report.errors
    assert report.row_count == 4
    assert Assessment.objects.count() == 4


def test_stale_dimension_does_not_hide_a_bad_row(employees):
    rows = [HEADER, [NIP1, "M.01", 3, "atasan", "2026-01-10"],
            [NIP2, "M.01", 9, "atasan", "2026-01-10"]]
    report = run(xlsx_with_dimension(xlsx_bytes(rows), "A1:E2"), "asesmen.xlsx")
    assert not report.ok and report.errors[0].row == 3
    assert not Assessment.objects.exists()


def test_utf16_csv_is_read(employees):
    """A UTF-16 CSV got "headers match no import kind"."""
    report = run(utf16_csv([HEADER, [NIP1, "M.01", "3", "atasan", "2026-01-10"]]),
                 "asesmen.csv")
    assert report.ok, report.errors
    assert Assessment.objects.count() == 1


def test_png_sent_as_csv_gets_a_clear_message(employees):
    """A picture sent as CSV showed a raw codec error."""
    report = run(io.BytesIO(png_bytes()), "asesmen.csv")
    assert not report.ok
    assert report.errors[0].message.startswith("Berkas ini bukan berkas CSV atau XLSX")
    assert "codec" not in report.errors[0].message


def test_upload_page_refuses_a_file_over_the_cap_before_reading(employees, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from competencies.models import ImportBatch
    from tests.factories import PASSWORD, make_hr_user

    settings.BANGKOM_UPLOAD_LIMITS = {
        **settings.BANGKOM_UPLOAD_LIMITS,
        "competencies": {"max_bytes": 1024, "max_rows": 10, "max_errors": 5},
    }
    hr = make_hr_user()
    assert client.login(username=hr.username, password=PASSWORD)
    body = ";".join(HEADER) + "\n" + f"{NIP1};M.01;3;atasan;2026-01-10\n" * 100
    response = client.post("/kompetensi/impor/",
                           {"file": SimpleUploadedFile("a.csv", body.encode())})
    assert response.status_code == 200
    assert "batasnya 1 KB" in response.content.decode()
    assert not ImportBatch.objects.exists()
