"""The employee import reads every row that is there (a stale XLSX <dimension> tag let
an invalid row pass --dry-run), stays within its upload limits and names a file
that is not a table."""
from __future__ import annotations

import io

import pytest
from django.utils import translation

from people.models import Employee
from people.services.employee_import import employee_import
from tests.upload_files import png_bytes, xlsx_bomb, xlsx_bytes, xlsx_with_dimension

pytestmark = pytest.mark.django_db

HEADER = ["nip", "nama", "golongan", "jabatan", "unit_kerja"]
GOOD = ["199001012015032001", "Siti Rahmawati", "III/b", "Analis SDM", "BKPSDM"]
BAD = ["199001012015032002", "Budi", "IX/z", "Analis SDM", "BKPSDM"]


def run(file, **kwargs):
    with translation.override("id"):
        return employee_import(file=file, **kwargs)


def test_invalid_row_beyond_a_stale_dimension_fails_the_dry_run():
    data = xlsx_with_dimension(xlsx_bytes([HEADER, GOOD, BAD]), "A1:E2")
    data.name = "pegawai.xlsx"
    result = run(data, dry_run=True)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "golongan")]


def test_every_row_beyond_a_stale_dimension_is_imported():
    other = ["199001012015031003", "Agus", "III/a", "Analis SDM", "BKPSDM"]
    data = xlsx_with_dimension(xlsx_bytes([HEADER, GOOD, other]), "A1:E2")
    result = run(data)
    assert result.ok, result.errors
    assert result.created == 2 and Employee.objects.count() == 2


def test_png_is_named_not_a_table():
    result = run(io.BytesIO(png_bytes()))
    assert result.errors[0].message.startswith("Berkas ini bukan berkas CSV atau XLSX")


def test_row_limit_is_counted_while_streaming(settings):
    settings.BANGKOM_UPLOAD_LIMITS = {
        **settings.BANGKOM_UPLOAD_LIMITS,
        "employees": {"max_bytes": 50 * 2**20, "max_rows": 1000, "max_errors": 10},
    }
    result = run(xlsx_bomb(5_000, header=HEADER))
    assert not result.ok
    assert any("lebih dari 1000 baris data" in e.message for e in result.errors)
    assert not Employee.objects.exists()


def test_errors_are_capped_and_counted(settings):
    settings.BANGKOM_UPLOAD_LIMITS = {
        **settings.BANGKOM_UPLOAD_LIMITS,
        "employees": {"max_bytes": 50 * 2**20, "max_rows": 1000, "max_errors": 10},
    }
    lines = ",".join(HEADER) + "\n" + "".join(f"12{i},X,III/a,A,B\n" for i in range(50))
    result = run(io.BytesIO(lines.encode()))
    assert len(result.errors) == 10 and result.error_count >= 50
