"""The employee import's optional `unit_induk` column: the unit tree (dinas → bidang →
seksi) that workshop eligibility and HR's views follow."""
from __future__ import annotations

import pytest

from people.models import Unit
from people.services.employee_import import employee_import
from tests.people.test_employee_import import BOSS, PPPK, STAFF, csv_file

pytestmark = pytest.mark.django_db

HEADER = ["nip", "nama", "golongan", "jabatan", "unit_kerja", "nip_atasan", "unit_induk"]


def rows(*, staff_unit="Bidang Mutasi", staff_parent="BKPSDM", boss_parent="BKPSDM"):
    return [
        [STAFF, "Siti Rahmawati", "III/b", "Analis SDM Aparatur Ahli Pertama", staff_unit,
         BOSS, staff_parent],
        [BOSS, "Agus Salim", "IV/b", "Kepala Bidang Mutasi", "Bidang Mutasi", "",
         boss_parent],
    ]


def errors_of(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_parent_units_are_created_and_linked():
    result = employee_import(file=csv_file(rows(), header=HEADER))
    assert result.ok, result.errors
    bidang = Unit.objects.select_related("parent").get(name="Bidang Mutasi")
    assert bidang.parent.name == "BKPSDM" and bidang.parent.parent is None
    assert result.units_created == 2  # the parent, named only in unit_induk, too


def test_a_later_file_moves_a_unit_and_an_empty_cell_keeps_its_parent():
    employee_import(file=csv_file(rows(), header=HEADER))
    Unit.objects.create(name="Sekretariat Daerah")
    moved = employee_import(file=csv_file(
        rows(staff_parent="Sekretariat Daerah", boss_parent="Sekretariat Daerah"),
        header=HEADER))
    assert moved.ok, moved.errors
    assert moved.units_moved == 1
    assert Unit.objects.get(name="Bidang Mutasi").parent.name == "Sekretariat Daerah"
    kept = employee_import(file=csv_file(rows(staff_parent="", boss_parent=""), header=HEADER))
    assert kept.ok and kept.units_moved == 0
    assert Unit.objects.get(name="Bidang Mutasi").parent.name == "Sekretariat Daerah"


def test_dry_run_counts_moves_and_writes_nothing():
    employee_import(file=csv_file(rows(), header=HEADER))
    Unit.objects.create(name="Setda")
    result = employee_import(file=csv_file(rows(staff_parent="Setda", boss_parent="Setda"),
                                           header=HEADER), dry_run=True)
    assert result.ok and result.units_moved == 1
    assert Unit.objects.get(name="Bidang Mutasi").parent.name == "BKPSDM"


def test_bad_parents_are_row_errors_and_nothing_is_written():
    own = employee_import(file=csv_file(rows(staff_parent="bidang  MUTASI"), header=HEADER))
    assert [(r, c) for r, c, _m in errors_of(own)] == [(2, "unit_induk")]
    assert "induknya sendiri" in own.errors[0].message

    conflicting = employee_import(file=csv_file(rows(boss_parent="Setda"), header=HEADER))
    assert errors_of(conflicting) == [
        (3, "unit_induk", "Baris 2 memberi unit ini unit induk yang lain.")]
    assert not Unit.objects.exists()


def test_a_cycle_with_the_stored_tree_is_refused():
    bkpsdm = Unit.objects.create(name="BKPSDM")
    Unit.objects.create(name="Bidang Mutasi", parent=bkpsdm)
    # The file puts BKPSDM under Bidang Mutasi, which is stored under BKPSDM.
    cycle = [[PPPK, "Nur Aini", "IX", "Guru Ahli Pertama", "BKPSDM", "PPPK", "Bidang Mutasi"]]
    result = employee_import(file=csv_file(
        cycle, header=[*HEADER[:5], "jenis_pegawai", "unit_induk"]))
    assert [(r, c) for r, c, _m in errors_of(result)] == [(2, "unit_induk")]
    assert "lingkaran" in result.errors[0].message
    assert "BKPSDM → Bidang Mutasi → BKPSDM" in result.errors[0].message
    assert Unit.objects.get(name="BKPSDM").parent is None
    assert not result.created


def test_the_sample_file_offered_to_hr_imports_cleanly():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from people.models import Employee
    from people.views import SAMPLE_CSV

    result = employee_import(file=SimpleUploadedFile(
        "contoh.csv", ("\ufeff" + SAMPLE_CSV).encode("utf-8")))
    assert result.ok, result.errors
    assert result.created == 3
    assert Unit.objects.get(name="Bidang Mutasi dan Promosi").parent.name == "BKPSDM"
    assert str(Employee.objects.get(nip=PPPK).contract_start) == "2022-01-01"
