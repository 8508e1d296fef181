"""results_import: good files as agencies export them, every kind of bad input (each
checking that nothing was written), re-import updating instead of duplicating."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from competencies.imports.services import results_import
from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    Assessment,
    AssessmentSource,
    Competency,
    ImportBatch,
    ImportStatus,
    Predicate,
)
from tests.competencies.import_files import csv_file, xlsx_file
from tests.factories import EmployeeFactory, make_nip

NIP1, NIP2 = make_nip(101), make_nip(102)
SPACED1 = f"{NIP1[:8]} {NIP1[8:14]} {NIP1[14]} {NIP1[15:]}"
APPRAISAL_HEADER = ["nip", "periode", "Rating Hasil Kerja", "rating perilaku kerja",
                    "predikat", "akuntabel", "kolaboratif"]
ASSESSMENT_HEADER = ["NIP", "Kompetensi", "Level", "Sumber", "Tanggal"]


@pytest.fixture
def employees(db):
    return [EmployeeFactory(nip=NIP1), EmployeeFactory(nip=NIP2)]


def counts() -> tuple[int, int, int, int]:
    return (Appraisal.objects.count(), AppraisalValueRating.objects.count(),
            Assessment.objects.count(), AppraisalPeriod.objects.count())


def run(file, name="hasil.csv", **kwargs):
    with translation.override(kwargs.pop("lang", "id")):
        return results_import(file=file, file_name=name, **kwargs)


# --- Good files ------------------------------------------------------------------------


def test_appraisals_csv_comma_with_derived_predicate(employees):
    report = run(csv_file([
        APPRAISAL_HEADER,
        [NIP1, "2026-T1", "Di Atas Ekspektasi", "di atas", "", "sesuai", "di bawah"],
        [NIP2, "2026-t1", "di bawah ekspektasi", "Sesuai Ekspektasi", "Butuh Perbaikan", "", ""],
    ]))
    assert report.ok, report.errors
    assert (report.kind, report.row_count, report.created, report.updated) == (
        "APPRAISAL", 2, 2, 0)
    first = Appraisal.objects.get(employee=employees[0])
    assert first.period.code == "2026-T1" and first.period.quarter == 1
    assert (first.predicate, first.predicate_was_derived) == (Predicate.SANGAT_BAIK, True)
    assert dict(first.value_ratings.values_list("core_value__code", "rating")) == {
        "akuntabel": "MEETS", "kolaboratif": "BELOW"}
    second = Appraisal.objects.get(employee=employees[1])
    assert (second.predicate, second.predicate_was_derived) == (
        Predicate.BUTUH_PERBAIKAN, False)
    assert report.batch.status == ImportStatus.SUCCEEDED
    assert first.import_batch == report.batch
    assert sorted(report.employee_ids) == sorted(e.pk for e in employees)


def test_assessments_csv_semicolon_bom_decimal_comma_spaced_nip(employees):
    report = run(csv_file([
        ASSESSMENT_HEADER,
        [SPACED1, "m.05", "3,5", "Assessment Centre", "15/03/2026"],
        [SPACED1, "integritas", "4", "atasan langsung", "2026-03-01"],
        [NIP2, "Pelayanan Publik", "2,0", "AC", "01-02-2026"],
        [NIP2, "M.05", "1", "diri sendiri", "01-02-2026"],
        [NIP2, "M.05", "2.5", "rekan kerja", "01-02-2026"],
        [NIP2, "M.02", "5", "Mentor", "01-02-2026"],
    ], sep=";", bom=True))
    assert report.ok, report.errors
    assert report.created == 6
    rows = {
        (a.employee.nip, a.competency.code, a.source): (a.level, a.assessed_on)
        for a in Assessment.objects.select_related("employee", "competency")
    }
    assert rows[(NIP1, "M.05", AssessmentSource.ASSESSMENT_CENTER)] == (
        Decimal("3.5"), dt.date(2026, 3, 15))
    assert rows[(NIP1, "M.01", AssessmentSource.SUPERVISOR)] == (
        Decimal("4"), dt.date(2026, 3, 1))
    assert rows[(NIP2, "M.05", AssessmentSource.ASSESSMENT_CENTER)][0] == Decimal("2.0")
    assert rows[(NIP2, "M.05", AssessmentSource.SELF)][0] == Decimal("1")
    assert rows[(NIP2, "M.05", AssessmentSource.PEER)][0] == Decimal("2.5")
    assert rows[(NIP2, "M.02", AssessmentSource.MENTOR)][0] == Decimal("5")


def test_xlsx_with_text_nip_date_cells_and_numbers(employees):
    report = run(xlsx_file([
        ASSESSMENT_HEADER,
        [NIP1, "M.03", 3.5, "rekan", dt.datetime(2026, 2, 10)],  # noqa: DTZ001 (an Excel cell has no zone)
        [SPACED1, "M.04", 2, "self", dt.date(2026, 2, 11)],
        [None, None, None, None, None],  # an empty row Excel leaves behind
    ], text_columns=(0,)), name="asesmen.xlsx")
    assert report.ok, report.errors
    assert report.row_count == 2
    levels = dict(Assessment.objects.values_list("competency__code", "level"))
    assert levels == {"M.03": Decimal("3.5"), "M.04": Decimal("2")}


def test_xlsx_appraisal_with_numeric_period(employees):
    report = run(xlsx_file([
        ["NIP", "Periode", "Rating Hasil Kerja", "Rating Perilaku Kerja"],
        [NIP1, 2026, "Sesuai Ekspektasi", "Di Bawah Ekspektasi"],
    ]), name="skp.xlsx")
    assert report.ok, report.errors
    appraisal = Appraisal.objects.get()
    assert (appraisal.period.code, appraisal.period.kind) == ("2026", "ANNUAL")
    assert appraisal.predicate == Predicate.KURANG


def test_extra_columns_are_ignored(employees):
    report = run(csv_file([
        ["No", "Nama", *APPRAISAL_HEADER[:4], "Unit Kerja"],
        ["1", "Budi", NIP1, "2026", "sesuai", "sesuai", "Dinas X"],
    ]))
    assert report.ok, report.errors
    assert Appraisal.objects.get().predicate == Predicate.BAIK


# --- Re-import -------------------------------------------------------------------------


def test_reimport_updates_instead_of_duplicating(employees):
    rows = [APPRAISAL_HEADER[:4] + ["akuntabel"],
            [NIP1, "2026", "sesuai", "sesuai", "sesuai"]]
    assert run(csv_file(rows)).ok
    first_id = Appraisal.objects.get().pk
    rows[1] = [NIP1, "2026", "di atas", "di atas", "di bawah"]
    report = run(csv_file(rows))
    assert report.ok
    assert (report.created, report.updated) == (0, 1)
    appraisal = Appraisal.objects.get()
    assert appraisal.pk == first_id and appraisal.predicate == Predicate.SANGAT_BAIK
    assert list(appraisal.value_ratings.values_list("rating", flat=True)) == ["BELOW"]
    assert AppraisalPeriod.objects.count() == 1

    rows = [ASSESSMENT_HEADER, [NIP1, "M.01", "3", "atasan", "2026-01-10"]]
    assert run(csv_file(rows)).ok
    rows[1][2] = "4,5"
    report = run(csv_file(rows, sep=";"))
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 1)
    assert Assessment.objects.get().level == Decimal("4.5")


def test_reimport_without_value_columns_keeps_value_ratings(employees):
    run(csv_file([APPRAISAL_HEADER[:4] + ["loyal"], [NIP1, "2026", "sesuai", "sesuai", "sesuai"]]))
    run(csv_file([APPRAISAL_HEADER[:4], [NIP1, "2026", "di atas", "sesuai"]]))
    assert AppraisalValueRating.objects.get().core_value.code == "loyal"


# --- Bad input: nothing written, errors numbered and in Indonesian ----------------------


def assert_rejected(report, before, *, row, column, contains):
    assert not report.ok
    assert counts() == before, "a rejected import must write nothing"
    assert report.batch.status == ImportStatus.FAILED
    matching = [e for e in report.errors if e.row == row and e.column == column]
    assert matching, report.errors
    assert contains.lower() in matching[0].message.lower(), matching[0].message


GOOD_APPRAISAL = [NIP1, "2026", "sesuai", "sesuai", "", "", ""]
GOOD_ASSESSMENT = [NIP1, "M.01", "3", "atasan", "2026-01-10"]


@pytest.mark.parametrize(
    ("bad_row", "column", "contains"),
    [
        ([NIP1[:-1], "2026", "sesuai", "sesuai", "", "", ""], "nip", "18 digit"),
        (["1,98501E+17", "2026", "sesuai", "sesuai", "", "", ""], "nip", "notasi ilmiah"),
        (["1.98501E+17", "2026", "sesuai", "sesuai", "", "", ""], "nip", "notasi ilmiah"),
        ([make_nip(555), "2026", "sesuai", "sesuai", "", "", ""], "nip", "Tidak ada pegawai"),
        ([NIP2, "2026-T5", "sesuai", "sesuai", "", "", ""], "periode", "bukan periode"),
        ([NIP2, "", "sesuai", "sesuai", "", "", ""], "periode", "bukan periode"),
        ([NIP2, "2026", "luar biasa", "sesuai", "", "", ""], "Rating Hasil Kerja", "bukan rating"),
        ([NIP2, "2026", "sesuai", "", "", "", ""], "rating perilaku kerja", "kosong"),
        ([NIP2, "2026", "sesuai", "sesuai", "Istimewa", "", ""], "predikat", "bukan predikat"),
        ([NIP2, "2026", "di bawah", "sesuai", "Baik", "", ""], "predikat", "Butuh Perbaikan"),
        ([NIP2, "2026", "sesuai", "sesuai", "", "cukup", ""], "akuntabel", "bukan rating"),
        ([NIP1, "2026", "sesuai", "sesuai", "", "", ""], "nip", "baris 2"),
    ],
)
def test_bad_appraisal_rows(employees, bad_row, column, contains):
    before = counts()
    report = run(csv_file([APPRAISAL_HEADER, GOOD_APPRAISAL, bad_row], sep=";"))
    assert_rejected(report, before, row=3, column=column, contains=contains)


def test_contradicting_predicate_names_both(employees):
    report = run(csv_file([APPRAISAL_HEADER,
                           [NIP1, "2026", "di bawah", "sesuai", "Baik", "", ""]]))
    message = report.errors[0].message
    assert "Baik" in message and "Butuh Perbaikan" in message


@pytest.mark.parametrize(
    ("bad_row", "column", "contains"),
    [
        ([NIP2, "X.99", "3", "atasan", "2026-01-10"], "Kompetensi", "Tidak ada kompetensi"),
        ([NIP2, "M.01", "5,5", "atasan", "2026-01-10"], "Level", "antara 1 dan 5"),
        ([NIP2, "M.01", "0", "atasan", "2026-01-10"], "Level", "antara 1 dan 5"),
        ([NIP2, "M.01", "3,25", "atasan", "2026-01-10"], "Level", "satu desimal"),
        ([NIP2, "M.01", "tiga", "atasan", "2026-01-10"], "Level", "bukan angka"),
        ([NIP2, "M.01", "3", "tetangga", "2026-01-10"], "Sumber", "bukan sumber"),
        ([NIP2, "M.01", "3", "atasan", "2026/01/10"], "Tanggal", "bukan tanggal"),
        ([NIP2, "M.01", "3", "atasan", "31/02/2026"], "Tanggal", "bukan tanggal"),
        ([NIP2, "M.01", "3", "atasan", "01/01/2099"], "Tanggal", "masa depan"),
        (["1,98501E+17", "M.01", "3", "atasan", "2026-01-10"], "NIP", "notasi ilmiah"),
        ([make_nip(556), "M.01", "3", "atasan", "2026-01-10"], "NIP", "Tidak ada pegawai"),
        ([NIP1, "Integritas", "4", "atasan langsung", "10/01/2026"], "NIP", "baris 2"),
    ],
)
def test_bad_assessment_rows(employees, bad_row, column, contains):
    before = counts()
    report = run(csv_file([ASSESSMENT_HEADER, GOOD_ASSESSMENT, bad_row], sep=";"))
    assert_rejected(report, before, row=3, column=column, contains=contains)


def test_inactive_competency_is_refused(employees):
    Competency.objects.filter(code="M.08").update(is_active=False)
    before = counts()
    report = run(csv_file([ASSESSMENT_HEADER, [NIP1, "M.08", "3", "atasan", "2026-01-10"]]))
    assert_rejected(report, before, row=2, column="Kompetensi", contains="tidak aktif")


def test_numeric_xlsx_nip_is_refused_with_reason(employees):
    before = counts()
    report = run(xlsx_file([ASSESSMENT_HEADER, [int(NIP1), "M.01", 3, "atasan", "2026-01-10"],
                            [float(NIP2), "M.01", 3, "atasan", "2026-01-10"]]), name="a.xlsx")
    assert_rejected(report, before, row=2, column="NIP", contains="angka")
    assert_rejected(report, before, row=3, column="NIP", contains="kolom NIP menjadi Teks")


def test_every_error_is_listed(employees):
    before = counts()
    report = run(csv_file([
        ASSESSMENT_HEADER,
        ["1,98501E+17", "X", "9", "x", "x"],
        GOOD_ASSESSMENT,
        [NIP2, "M.01", "3", "atasan", "kemarin"],
    ]))
    assert counts() == before
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Kompetensi"), (2, "Level"), (2, "NIP"), (2, "Sumber"), (2, "Tanggal"),
        (4, "Tanggal")]
    assert report.batch.error_count == 6 and len(report.batch.errors) == 6


@pytest.mark.parametrize(
    ("rows", "contains"),
    [
        ([["nama", "alamat"], ["a", "b"]], "tidak cocok"),
        ([["nip", "periode", "rating_hasil_kerja"], [NIP1, "2026", "sesuai"]],
         "rating_perilaku_kerja"),
        ([ASSESSMENT_HEADER], "tidak ada baris data"),
    ],
)
def test_bad_files(employees, rows, contains):
    before = counts()
    report = run(csv_file(rows))
    assert_rejected(report, before, row=1, column=report.errors[0].column, contains=contains)


def test_garbage_and_empty_files(employees):
    before = counts()
    report = run(csv_file([]), name="kosong.csv")
    assert_rejected(report, before, row=1, column="", contains="kosong")
    report = run(csv_file([["x"]]), name="rusak.xlsx")
    assert_rejected(report, before, row=1, column="", contains="Excel")


def test_windows_1252_csv_is_read(employees):
    report = run(csv_file([["nip", "periode", "rating_hasil_kerja", "rating_perilaku_kerja",
                            "catatan"],
                           [NIP1, "2026", "sesuai", "sesuai", "Pegawai teladan – café"]],
                          encoding="cp1252"))
    assert report.ok, report.errors


def test_messages_follow_the_language(employees):
    report = run(csv_file([ASSESSMENT_HEADER, ["1,98501E+17", "M.01", "3", "atasan",
                                              "2026-01-10"]], sep=";"), lang="en")
    assert "scientific notation" in report.errors[0].message


def test_failed_batch_is_recorded(employees):
    run(csv_file([ASSESSMENT_HEADER, [NIP1, "X", "3", "atasan", "2026-01-10"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED
    assert batch.errors[0]["row"] == 2 and batch.errors[0]["column"] == "Kompetensi"


# --- Command ----------------------------------------------------------------------------


def test_import_appraisals_command(employees, tmp_path, capsys):
    path = tmp_path / "skp.csv"
    path.write_bytes(csv_file([APPRAISAL_HEADER[:4], [NIP1, "2026", "sesuai", "sesuai"]]).read())
    call_command("import_appraisals", str(path))
    assert Appraisal.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file([APPRAISAL_HEADER[:4], [NIP1, "2031-T9", "sesuai", "x"]]).read())
    with translation.override("id"), pytest.raises(CommandError) as exc:
        call_command("import_appraisals", str(bad))
    err = capsys.readouterr().err
    assert "Baris 2" in err and "periode" in err and "2031-T9" in err
    assert "tidak ada yang diimpor" in str(exc.value).lower()
    assert Appraisal.objects.count() == 1


def test_command_refuses_other_kinds(employees, tmp_path):
    path = tmp_path / "kamus.csv"
    path.write_bytes(csv_file([["kode", "nama", "jenis"], ["T.X.01", "Uji", "Teknis"]]).read())
    with pytest.raises(CommandError):
        call_command("import_appraisals", str(path))
    assert not Competency.objects.filter(code="T.X.01").exists()
