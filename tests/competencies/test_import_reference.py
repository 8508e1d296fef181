"""Dictionary and job-standard files: import (all-or-nothing, update by key), export
round trip, and the management commands."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from competencies.imports.reference import dictionary_rows, table_export
from competencies.imports.services import results_import
from competencies.models import Competency, CompetencyLevel, JobStandard
from tests.competencies.import_files import csv_file, xlsx_file
from tests.factories import PositionFactory


def run(file, name="data.csv"):
    return results_import(file=file, file_name=name)


@pytest.mark.django_db
def test_dictionary_import_creates_and_updates():
    report = run(xlsx_file([
        ["Kode", "Nama", "Jenis", "Definisi", "Level 1", "Indikator Level 1"],
        ["t.kep.09", "Analisis Jabatan", "Teknis", "Menyusun analisis jabatan.",
         "Memahami konsep anjab.", "Mengenali istilah | Mengikuti pedoman"],
        ["M.01", "Integritas", "Manajerial", "Definisi baru.", "", ""],
    ]), name="kamus.xlsx")
    assert report.ok, report.errors
    assert (report.kind, report.created, report.updated) == ("DICTIONARY", 1, 1)
    new = Competency.objects.get(code="T.KEP.09")
    assert new.type == "TECHNICAL"
    assert CompetencyLevel.objects.get(competency=new, level=1).indicators == [
        "Mengenali istilah", "Mengikuti pedoman"]
    m01 = Competency.objects.get(code="M.01")
    assert m01.definition == "Definisi baru."
    assert m01.levels.count() == 5  # levels not in the file are kept


@pytest.mark.django_db
def test_dictionary_bad_rows_write_nothing():
    before = (Competency.objects.count(), CompetencyLevel.objects.count())
    report = run(csv_file([
        ["kode", "nama", "jenis"],
        ["T.A.01", "Baru", "Teknis"],
        ["T.A.02", "integritas", "Teknis"],  # name of M.01
        ["T.A.03", "Lain", "Hiburan"],
    ]))
    assert not report.ok
    assert (Competency.objects.count(), CompetencyLevel.objects.count()) == before
    assert [(e.row, e.column) for e in report.errors] == [(3, "nama"), (4, "jenis")]


@pytest.mark.django_db
def test_dictionary_export_round_trip_changes_nothing():
    headers, rows = dictionary_rows()
    content = table_export(headers=headers, rows=rows, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[:3] == ("kode", "nama", "jenis")
    snapshot = list(CompetencyLevel.objects.values_list("competency__code", "level",
                                                        "description", "indicators"))
    report = run(io.BytesIO(content), name="kamus.xlsx")
    assert report.ok and report.created == 0 and report.updated == len(rows)
    assert list(CompetencyLevel.objects.values_list("competency__code", "level",
                                                    "description", "indicators")) == snapshot


def test_export_neutralizes_formulas():
    data = table_export(headers=["a"], rows=[["=HYPERLINK(1)"], ["-2"]], fmt="csv")
    assert "'=HYPERLINK" in data.decode("utf-8-sig") and "'-2" in data.decode("utf-8-sig")


@pytest.mark.django_db
def test_standards_import_and_reimport():
    position = PositionFactory(name="Analis SDM Aparatur Ahli Muda")
    file_rows = [["Jabatan", "Kompetensi", "Level Standar"],
                 ["analis sdm aparatur ahli muda", "M.01", "4"],
                 ["Analis SDM Aparatur Ahli Muda", "Pelayanan Publik", "3"]]
    assert run(csv_file(file_rows, sep=";")).ok
    file_rows[1][2] = "5"
    report = run(csv_file(file_rows, sep=";"))
    assert (report.kind, report.created, report.updated) == ("STANDARD", 0, 2)
    assert dict(JobStandard.objects.filter(position=position).values_list(
        "competency__code", "required_level")) == {"M.01": 5, "M.05": 3}


@pytest.mark.django_db
def test_standards_bad_rows_write_nothing():
    PositionFactory(name="Pranata Komputer Ahli Pertama")
    report = run(csv_file([["jabatan", "kompetensi", "level_standar"],
                           ["Pranata Komputer Ahli Pertama", "M.01", "3"],
                           ["Jabatan Fiktif", "M.01", "3"],
                           ["Pranata Komputer Ahli Pertama", "M.02", "3,5"]], sep=";"))
    assert not report.ok
    assert JobStandard.objects.count() == 0
    assert [(e.row, e.column) for e in report.errors] == [(3, "jabatan"), (4, "level_standar")]


@pytest.mark.django_db
def test_commands(tmp_path):
    out = tmp_path / "kamus.csv"
    call_command("import_competencies", str(out), "--export")
    assert "Integritas" in out.read_text(encoding="utf-8-sig")
    call_command("import_competencies", str(out))
    PositionFactory(name="Perencana Ahli Muda")
    std = tmp_path / "standar.csv"
    std.write_bytes(csv_file([["jabatan", "kompetensi", "level_standar"],
                              ["Perencana Ahli Muda", "M.04", "3"]]).read())
    call_command("import_standards", str(std))
    assert JobStandard.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_standards", str(out))  # a dictionary file


@pytest.mark.django_db
def test_reference_commands_share_one_base(tmp_path, monkeypatch):
    """Both reference commands are the one base with their kind and rows as data: a
    change to the base's --export reaches both, and each exports its own table."""
    from competencies.management.commands import import_competencies, import_standards
    from competencies.management.commands._import_base import ReferenceImportCommand

    for module in (import_competencies, import_standards):
        assert issubclass(module.Command, ReferenceImportCommand)
        assert "handle" not in vars(module.Command)
    written = []
    monkeypatch.setattr(
        "competencies.management.commands._import_base.table_export",
        lambda *, headers, rows, fmt: written.append(headers[0]) or b"x",
    )
    call_command("import_competencies", str(tmp_path / "k.xlsx"), "--export")
    call_command("import_standards", str(tmp_path / "s.csv"), "--export")
    assert written == ["kode", "jabatan"]
