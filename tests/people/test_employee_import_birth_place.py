"""The employee import's optional `tempat_lahir` column (place of birth, printed on
certificates): set, kept by an empty cell or a file without the column, changed by a
new value (the batched UPDATE path), and refused when too long."""
from __future__ import annotations

import pytest

from people.models import Employee
from people.services.employee_import import employee_import
from tests.people.test_employee_import import BOSS, STAFF, csv_file

pytestmark = pytest.mark.django_db

HEADER = ["nip", "nama", "golongan", "jabatan", "unit_kerja", "nip_atasan", "tempat_lahir"]


def rows(*, staff_place="Sukamaju", boss_place="Garut"):
    return [
        [STAFF, "Siti Rahmawati", "III/b", "Analis SDM Aparatur Ahli Pertama",
         "Bidang Mutasi", BOSS, staff_place],
        [BOSS, "Agus Salim", "IV/b", "Kepala Bidang Mutasi", "Bidang Mutasi", "", boss_place],
    ]


def place(nip: str) -> str:
    return Employee.objects.get(nip=nip.replace(" ", "")).birth_place


def test_set_kept_and_changed():
    assert employee_import(file=csv_file(rows(), header=HEADER)).ok
    assert (place(STAFF), place(BOSS)) == ("Sukamaju", "Garut")

    again = employee_import(file=csv_file(rows(staff_place=""), header=HEADER))
    assert again.ok and again.updated == 0 and place(STAFF) == "Sukamaju"
    without = employee_import(file=csv_file([r[:-1] for r in rows()], header=HEADER[:-1]))
    assert without.ok and without.updated == 0 and place(BOSS) == "Garut"

    changed = employee_import(file=csv_file(rows(boss_place="Tasikmalaya"), header=HEADER))
    assert changed.ok and changed.updated == 1
    assert (place(STAFF), place(BOSS)) == ("Sukamaju", "Tasikmalaya")


def test_too_long_is_a_row_error():
    result = employee_import(file=csv_file(rows(staff_place="X" * 101), header=HEADER))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, "tempat_lahir")]
    assert "paling banyak 100 karakter" in result.errors[0].message
    assert not Employee.objects.exists()
