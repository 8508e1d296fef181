"""Employee import: formats, validation, all-or-nothing, idempotence, the HR page."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from people.models import Employee, Position, PositionKind, PositionLevel, Unit, User
from people.services.employee_import import employee_import, position_kind_infer
from tests.factories import EmployeeFactory, make_hr_user, make_nip

HEADER = ["nip", "nama", "golongan", "jabatan", "unit_kerja", "jenis_pegawai", "nip_atasan",
          "email"]
BOSS = "19750312 200003 1 002"
STAFF = "199001012015032001"
PPPK = "199508172022012001"


def rows_ok() -> list[list[str]]:
    return [
        # the staff member comes BEFORE their supervisor: forward references are fine
        [STAFF, "Siti Rahmawati, S.E.", "III/b", "Analis SDM Aparatur Ahli Pertama",
         "Bidang Mutasi", "PNS", BOSS, "siti@pemda.go.id"],
        [BOSS, "Drs. Agus Salim", "IV/b", "Kepala Bidang Mutasi", "Bidang Mutasi", "", "",
         "agus@pemda.go.id"],
        [PPPK, "Nur Aini, S.Pd.", "IX", "Guru Ahli Pertama", "Dinas Pendidikan", "PPPK", "", ""],
    ]


def csv_file(rows, *, header=HEADER, delimiter=",", bom=False, name="pegawai.csv"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + out.getvalue()
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, *, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("pegawai.xlsx", out.getvalue())


def errors_of(result) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in result.errors}


@pytest.mark.django_db
class TestEmployeeImport:
    def test_csv_comma_creates_employees_units_positions_and_logins(self):
        result = employee_import(file=csv_file(rows_ok()))
        assert result.ok, result.errors
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        staff = Employee.objects.with_org().get(nip=STAFF)
        assert staff.supervisor.nip == "197503122000031002"
        assert staff.unit.name == "Bidang Mutasi"
        assert staff.position.kind == PositionKind.FUNGSIONAL
        assert staff.position.level == PositionLevel.AHLI_PERTAMA
        assert staff.rank.code == "III/b"
        assert Position.objects.get(name="Kepala Bidang Mutasi").kind == PositionKind.ADMINISTRATOR
        pppk = Employee.objects.get(nip=PPPK)
        assert (pppk.employment_type, pppk.rank.code) == ("PPPK", "IX")
        user = User.objects.get(username=STAFF)
        assert staff.user == user and user.email == "siti@pemda.go.id"
        assert not user.has_usable_password()

    @pytest.mark.parametrize("delimiter,bom", [(";", False), (";", True), (",", True)])
    def test_csv_semicolon_and_bom(self, delimiter, bom):
        result = employee_import(file=csv_file(rows_ok(), delimiter=delimiter, bom=bom))
        assert result.ok, result.errors
        assert result.created == 3

    def test_headers_are_case_insensitive_and_spaces_are_underscores(self):
        header = ["NIP", "Nama", "GOLONGAN", "Jabatan", "Unit Kerja", "Jenis Pegawai",
                  "NIP Atasan", "Email"]
        result = employee_import(file=csv_file(rows_ok(), header=header, delimiter=";"))
        assert result.ok, result.errors
        assert Employee.objects.count() == 3

    def test_xlsx(self):
        result = employee_import(file=xlsx_file(rows_ok()))
        assert result.ok, result.errors
        assert Employee.objects.count() == 3

    def test_xlsx_numeric_nip_cell_is_refused_not_guessed(self):
        rows = rows_ok()
        rows[2][0] = 199508172022012001  # a numeric cell (Excel keeps 15 digits)
        result = employee_import(file=xlsx_file(rows))
        assert errors_of(result) == {(4, "nip")}
        assert "teks" in result.errors[0].message.lower()  # "format the column as Text"
        assert Employee.objects.count() == 0

    @pytest.mark.parametrize("value", ["1,98501E+17", "1.98501E+17", "1E+17"])
    def test_scientific_notation_nip_is_refused_with_reason(self, value):
        rows = rows_ok()
        rows[1][0] = value
        result = employee_import(file=csv_file(rows, delimiter=";"))
        assert (3, "nip") in errors_of(result)
        message = next(e.message for e in result.errors if e.row == 3)
        assert value in message
        assert "1.98501E+17" in message  # says why: the spreadsheet made it a number
        assert Employee.objects.count() == 0

    def test_reimport_same_file_changes_nothing(self):
        assert employee_import(file=csv_file(rows_ok())).created == 3
        before = dict(Employee.objects.values_list("nip", "updated_at"))
        counts = (Unit.objects.count(), Position.objects.count(), User.objects.count())
        result = employee_import(file=csv_file(rows_ok()))
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
        assert result.changed == 0
        assert dict(Employee.objects.values_list("nip", "updated_at")) == before
        assert (Unit.objects.count(), Position.objects.count(), User.objects.count()) == counts

    def test_changed_row_updates_the_employee(self):
        employee_import(file=csv_file(rows_ok()))
        rows = rows_ok()
        rows[0][1] = "Siti Rahmawati, S.E., M.M."
        rows[0][2] = "III/c"
        rows[0][4] = "bidang mutasi"  # same unit, other case: matched, not duplicated
        result = employee_import(file=csv_file(rows))
        assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
        staff = Employee.objects.get(nip=STAFF)
        assert staff.name == "Siti Rahmawati, S.E., M.M." and staff.rank.code == "III/c"
        assert Unit.objects.filter(name__iexact="bidang mutasi").count() == 1

    def test_nip_with_spaces_and_existing_supervisor_in_db(self):
        boss = EmployeeFactory(nip=make_nip(7))
        rows = [[" ".join([STAFF[:8], STAFF[8:14], STAFF[14], STAFF[15:]]), "A", "III/a",
                 "Pengolah Data", "Dinas X", "", boss.nip, ""]]
        result = employee_import(file=csv_file(rows))
        assert result.ok, result.errors
        assert Employee.objects.get(nip=STAFF).supervisor == boss

    def test_existing_employee_is_matched_by_nip_and_keeps_its_login(self):
        employee = EmployeeFactory(nip=STAFF)
        result = employee_import(file=csv_file(rows_ok()))
        assert result.ok, result.errors
        assert (result.created, result.updated) == (2, 1)
        employee.refresh_from_db()
        assert employee.name == "Siti Rahmawati, S.E."
        assert User.objects.filter(username=STAFF).count() == 1

    def test_invalid_rows_write_nothing_and_every_error_has_row_and_column(self):
        EmployeeFactory(nip=make_nip(3), email="taken@pemda.go.id",
                        user__email="taken@pemda.go.id")
        rows = rows_ok() + [
            ["19900101201503200", "Kurang Digit", "III/a", "Staf", "Unit", "", "", ""],  # 5
            ["199013012015031001", "Bulan 13", "III/a", "Staf", "Unit", "", "", ""],  # 6
            [STAFF, "Dobel", "III/a", "Staf", "Unit", "", "", ""],  # 7 duplicate NIP
            ["198001012000011001", "Gol", "IX", "Staf", "Unit", "PNS", "", ""],  # 8 PPPK grade
            ["198001012000011002", "Gol", "III/a", "Staf", "Unit", "PPPK", "", ""],  # 9
            ["198001012000011003", "", "III/a", "Staf", "Unit", "", "", ""],  # 10 no name
            ["198001012000011004", "X", "III/a", "Staf", "Unit", "ASN", "", ""],  # 11
            ["198001012000011005", "X", "III/a", "Staf", "Unit", "", "199901012020011001",
             ""],  # 12 unknown supervisor
            ["198001012000011006", "X", "III/a", "Staf", "Unit", "", "", "bukan-email"],  # 13
            ["198001012000011007", "X", "III/a", "Staf", "Unit", "", "", "TAKEN@pemda.go.id"],
        ]
        result = employee_import(file=csv_file(rows))
        assert not result.ok
        assert errors_of(result) == {
            (5, "nip"), (6, "nip"), (7, "nip"), (8, "golongan"), (9, "golongan"), (10, "nama"),
            (11, "jenis_pegawai"), (12, "nip_atasan"), (13, "email"),
        } or errors_of(result) >= {(5, "nip"), (6, "nip"), (7, "nip"), (8, "golongan"),
                                   (9, "golongan"), (10, "nama"), (11, "jenis_pegawai"),
                                   (13, "email")}
        assert Employee.objects.count() == 1
        assert not Unit.objects.filter(name="Unit").exists()
        assert not User.objects.filter(username=STAFF).exists()

    def test_reference_errors_reported_after_row_errors_are_fixed(self):
        EmployeeFactory(nip=make_nip(3), email="taken@pemda.go.id",
                        user__email="taken@pemda.go.id")
        rows = rows_ok() + [
            ["198001012000011005", "X", "III/a", "Staf", "Unit", "", "199901012020011001", ""],
            ["198001012000011007", "X", "III/a", "Staf", "Unit", "", "", "TAKEN@pemda.go.id"],
        ]
        result = employee_import(file=csv_file(rows))
        assert errors_of(result) == {(5, "nip_atasan"), (6, "email")}
        assert Employee.objects.count() == 1

    def test_supervisor_cycle_is_detected(self):
        a, b, c = "198001012000011001", "198001012000011002", "198001012000011003"
        rows = [
            [a, "A", "III/a", "Staf", "Unit", "", b, ""],
            [b, "B", "III/a", "Staf", "Unit", "", c, ""],
            [c, "C", "III/a", "Staf", "Unit", "", a, ""],
            ["198001012000011004", "D", "III/a", "Staf", "Unit", "", a, ""],
        ]
        result = employee_import(file=csv_file(rows))
        assert errors_of(result) == {(2, "nip_atasan"), (3, "nip_atasan"), (4, "nip_atasan")}
        assert Employee.objects.count() == 0

    def test_cycle_through_the_database_is_detected(self):
        """File says A reports to B (in DB); DB says B reports to A."""
        a = EmployeeFactory(nip=make_nip(1))
        b = EmployeeFactory(nip=make_nip(2), supervisor=a)
        rows = [[a.nip, "A", "III/a", "Staf", "Unit", "", b.nip, ""]]
        result = employee_import(file=csv_file(rows))
        assert errors_of(result) == {(2, "nip_atasan")}
        a.refresh_from_db()
        assert a.supervisor is None

    def test_own_supervisor_is_an_error(self):
        rows = [[STAFF, "A", "III/a", "Staf", "Unit", "", STAFF, ""]]
        assert errors_of(employee_import(file=csv_file(rows))) == {(2, "nip_atasan")}

    def test_missing_required_column_is_reported_on_row_1(self):
        result = employee_import(file=csv_file([["1", "2"]], header=["nip", "nama"]))
        assert {(1, "golongan"), (1, "jabatan"), (1, "unit_kerja")} == errors_of(result)

    def test_not_utf8_and_garbage_files(self):
        latin = SimpleUploadedFile("x.csv", "nip,nama\r\n1,Jos\xe9\r\n".encode("latin-1"))
        result = employee_import(file=latin)
        assert not result.ok and result.errors[0].row == 1
        broken = SimpleUploadedFile("x.xlsx", b"PK\x03\x04 not really a zip")
        result = employee_import(file=broken)
        assert not result.ok and result.errors[0].row == 1

    def test_errors_in_indonesian_by_default_and_english_when_asked(self):
        rows = [["123", "A", "III/a", "Staf", "Unit", "", "", ""]]
        with translation.override("id"):
            message_id = employee_import(file=csv_file(rows)).errors[0].message
        with translation.override("en"):
            message_en = employee_import(file=csv_file(rows)).errors[0].message
        assert "18 digits" in message_en
        assert "18 digit" in message_id and message_id != message_en

    def test_golongan_variants_are_normalized(self):
        rows = rows_ok()
        rows[0][2] = "iii/B"
        rows[1][2] = "IV-b"
        rows[2][2] = "9"
        result = employee_import(file=csv_file(rows))
        assert result.ok, result.errors
        assert Employee.objects.get(nip=PPPK).rank.code == "IX"

    def test_dry_run_writes_nothing_but_counts(self):
        result = employee_import(file=csv_file(rows_ok()), dry_run=True)
        assert result.ok and result.dry_run and result.created == 3
        assert Employee.objects.count() == 0 and Unit.objects.count() == 0
        assert not User.objects.exists()

    def test_jenis_jabatan_column_sets_the_kind(self):
        header = [*HEADER, "jenis_jabatan"]
        rows = [r + [""] for r in rows_ok()]
        rows[1][-1] = "JPT Pratama"
        result = employee_import(file=csv_file(rows, header=header))
        assert result.ok, result.errors
        position = Position.objects.get(name="Kepala Bidang Mutasi")
        assert (position.kind, position.level) == (PositionKind.JPT, PositionLevel.JPT_PRATAMA)

    def test_unknown_jenis_jabatan_is_an_error(self):
        header = [*HEADER, "jenis_jabatan"]
        rows = [r + ["Eselon 9"] for r in rows_ok()]
        result = employee_import(file=csv_file(rows, header=header))
        assert (2, "jenis_jabatan") in errors_of(result)

    @pytest.mark.parametrize("written", ["2022-03-01", "01-03-2022", "01/03/2022"])
    def test_tmt_kontrak_sets_a_pppk_contract_start_and_is_kept_when_absent(self, written):
        import datetime as dt

        header = [*HEADER, "TMT Kontrak"]
        rows = [r + [""] for r in rows_ok()]
        rows[2][-1] = written
        result = employee_import(file=csv_file(rows, header=header))
        assert result.ok, result.errors
        assert Employee.objects.get(nip=PPPK).contract_start == dt.date(2022, 3, 1)
        # A later file without the column (or with an empty cell) keeps the date.
        again = employee_import(file=csv_file(rows_ok()))
        assert again.ok and again.updated == 0
        assert Employee.objects.get(nip=PPPK).contract_start == dt.date(2022, 3, 1)
        # A new date updates it.
        rows[2][-1] = "2026-03-01"
        assert employee_import(file=xlsx_file(rows, header=header)).updated == 1
        assert Employee.objects.get(nip=PPPK).contract_start == dt.date(2026, 3, 1)

    def test_tmt_kontrak_errors(self):
        header = [*HEADER, "tmt_kontrak"]
        rows = [r + [""] for r in rows_ok()]
        rows[0][-1] = "2022-03-01"  # a PNS
        rows[2][-1] = "maret 2022"
        result = employee_import(file=csv_file(rows, header=header))
        assert errors_of(result) == {(2, "tmt_kontrak"), (4, "tmt_kontrak")}
        assert not Employee.objects.exists()

    def test_query_count_does_not_grow_with_rows(self, django_assert_max_num_queries):
        def rows(n):
            return [[make_nip(i), f"P {i}", "III/a", "Pengolah Data", f"Unit {i % 3}", "", "",
                     ""] for i in range(n)]

        with django_assert_max_num_queries(40):
            assert employee_import(file=csv_file(rows(10))).created == 10
        with django_assert_max_num_queries(40):
            assert employee_import(file=csv_file(rows(400))).created == 390


@pytest.mark.parametrize("name,kind,level", [
    ("Kepala Badan Kepegawaian Daerah", "JPT", "JPT_PRATAMA"),
    ("Kepala Dinas Kesehatan", "JPT", "JPT_PRATAMA"),
    ("Sekretaris Daerah", "JPT", "JPT_PRATAMA"),
    ("Kepala Bidang Mutasi", "ADMINISTRATOR", ""),
    ("Kepala Bagian Hukum", "ADMINISTRATOR", ""),
    ("Sekretaris Dinas Sosial", "ADMINISTRATOR", ""),
    ("Kepala Seksi Kurikulum", "PENGAWAS", ""),
    ("Kepala Subbagian Keuangan", "PENGAWAS", ""),
    ("Kepala Subbidang Data", "PENGAWAS", ""),
    ("Analis SDM Aparatur Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA"),
    ("Perencana Ahli Muda", "FUNGSIONAL", "AHLI_MUDA"),
    ("Auditor Ahli Madya", "FUNGSIONAL", "AHLI_MADYA"),
    ("Widyaiswara Ahli Utama", "FUNGSIONAL", "AHLI_UTAMA"),
    ("Polisi Pamong Praja Pemula", "FUNGSIONAL", "PEMULA"),
    ("Perawat Terampil", "FUNGSIONAL", "TERAMPIL"),
    ("Arsiparis Mahir", "FUNGSIONAL", "MAHIR"),
    ("Pranata SDM Aparatur Penyelia", "FUNGSIONAL", "PENYELIA"),
    ("Pengadministrasi Perkantoran", "PELAKSANA", ""),
])
def test_position_kind_inferred_from_name(name, kind, level):
    assert position_kind_infer(name) == (kind, level)


@pytest.mark.django_db
class TestImportCommand:
    def test_command_imports_and_prints_summary(self, tmp_path, capsys):
        path = tmp_path / "p.csv"
        path.write_bytes(csv_file(rows_ok(), delimiter=";").read())
        call_command("import_employees", str(path))
        assert Employee.objects.count() == 3
        call_command("import_employees", str(path))
        out = capsys.readouterr().out
        assert "0 dibuat" in out or "0 created" in out

    def test_command_exits_non_zero_and_prints_errors(self, tmp_path, capsys):
        rows = rows_ok()
        rows[1][0] = "1,98501E+17"
        path = tmp_path / "p.csv"
        path.write_bytes(csv_file(rows, delimiter=";").read())
        with pytest.raises(CommandError):
            call_command("import_employees", str(path))
        err = capsys.readouterr().err
        assert "3" in err and "nip" in err and "1,98501E+17" in err
        assert Employee.objects.count() == 0


def post_and_follow(client, url, data):
    """Upload, let the import job queued on commit run (eagerly, as without a broker),
    and follow the redirect to the page that shows its outcome."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


@pytest.mark.django_db
class TestImportPage:
    url = "/pegawai/impor/"

    def test_anonymous_goes_to_login_employee_gets_403(self, client):
        assert client.get(self.url)["Location"].startswith("/akun/login/")
        employee = EmployeeFactory()
        client.force_login(employee.user)
        assert client.get(self.url).status_code == 403
        assert client.post(self.url, {"file": csv_file(rows_ok())}).status_code == 403
        assert Employee.objects.count() == 1

    def test_hr_uploads_and_sees_summary(self, client):
        client.force_login(make_hr_user())
        assert client.get(self.url).status_code == 200
        response = post_and_follow(client, self.url, {"file": csv_file(rows_ok())})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="import-summary"' in html and "Dibuat" in html
        assert Employee.objects.count() == 3

    def test_hr_sees_row_numbered_errors_and_nothing_is_written(self, client):
        client.force_login(make_hr_user())
        rows = rows_ok()
        rows[2][2] = "III/a"  # not a PPPK grade
        response = post_and_follow(client, self.url, {"file": csv_file(rows)})
        assert response.status_code == 422
        html = response.content.decode()
        assert html.count('data-testid="import-error"') == 1
        assert "<td>4</td>" in html and "golongan" in html
        assert "bukan golongan PPPK" in html
        assert Employee.objects.count() == 0

    def test_dry_run_from_the_page(self, client):
        client.force_login(make_hr_user())
        response = post_and_follow(client, self.url,
                                   {"file": xlsx_file(rows_ok()), "dry_run": "on"})
        assert response.status_code == 200
        assert "Pemeriksaan lolos: belum ada yang disimpan" in response.content.decode()
        assert Employee.objects.count() == 0

    def test_wrong_extension_is_refused(self, client):
        client.force_login(make_hr_user())
        upload = SimpleUploadedFile("x.pdf", b"%PDF")
        assert client.post(self.url, {"file": upload}).status_code == 200
        assert Employee.objects.count() == 0

    def test_hr_dashboard_links_to_the_import(self, client):
        client.force_login(make_hr_user())
        assert self.url in client.get("/hr/").content.decode()
