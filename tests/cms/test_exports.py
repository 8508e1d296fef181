"""The one export helper (config.exports) and every export of the app through it.

Part one tests the helper: Indonesian Excel's CSV dialect, typed cells in XLSX, and
formula neutralisation read back with BOTH locales' separators. Part two opens every
export URL (the project's views that call `export_response`, found by listing the URL
patterns, and Wagtail's admin reports) as HR and checks the same promises on what HR
downloads."""
from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.models import Page

from config.exports import (
    Column,
    Kind,
    Table,
    cell_safe,
    csv_text_safe,
    nip_display,
    table_csv,
    table_xlsx,
)
from people.models import EmploymentType
from tests.security import url_matrix as matrix
from tests.security.test_url_matrix import entry_path, url_patterns
from tests.security.world import world_build

FORMULA = ("=", "+", "-", "@")
NUMBER = re.compile(r"^-?\d+(,\d+)?$")
PAYLOADS = [
    "Budi;=2+5+cmd|' /C calc'!A0;",
    "Budi,=2+5+cmd|' /C calc'!A0,",
    "=HYPERLINK(\"http://x\")", "+62 812", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1",
    'a";=1+1', "a\n=1+1", "a; -1+1", "a, @x", "Dinas;+1", 'x","=1',
]


def _fields_after_naive_split(text: str, separator: str) -> list[str]:
    """What a spreadsheet that splits every line at `separator` (ignoring quotes) sees,
    quote marks stripped."""
    return [f.strip('"') for line in text.splitlines() for f in line.split(separator)]


def _formula_fields(text: str) -> list[str]:
    found = []
    for separator in (";", ","):
        fields = [f for row in csv.reader(io.StringIO(text), delimiter=separator) for f in row]
        fields += _fields_after_naive_split(text, separator)
        found += [f for f in fields if f.startswith(FORMULA) and not NUMBER.match(f)]
    return found


class TestHelper:
    @pytest.fixture(autouse=True)
    def _indonesian(self):
        with translation.override("id"):
            yield

    def test_neutralisation_survives_either_separator(self):
        table = Table("Uji", [Column("Nama"), Column("Nilai", Kind.DECIMAL)],
                      [[p, Decimal("-1.5")] for p in PAYLOADS])
        text = table_csv(table).decode("utf-8-sig")
        assert _formula_fields(text) == []
        # Read back with the file's own separator, each payload is still one field.
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert len(rows) == len(PAYLOADS) + 1 and all(len(r) == 2 for r in rows)
        assert [r[1] for r in rows[1:]] == ["-1,5"] * len(PAYLOADS)

    def test_old_first_character_check_was_bypassed(self):
        # The check before this helper looked at the first character only.
        assert cell_safe("Budi;=2+5") == "Budi;=2+5"
        assert csv_text_safe("Budi;=2+5") == "Budi;'=2+5"
        assert csv_text_safe("Budi,=2+5") == "Budi,'=2+5"
        assert csv_text_safe("=1") == "'=1"
        assert csv_text_safe("Dinas Pendidikan") == "Dinas Pendidikan"

    def test_csv_dialect(self):
        when = dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.UTC)
        table = Table("Uji", [
            Column("Nama"), Column("NIP", Kind.NIP), Column("Jumlah", Kind.INTEGER),
            Column("Persen", Kind.DECIMAL, places=1), Column("Tanggal", Kind.DATE),
            Column("Waktu", Kind.DATETIME), Column("Aktif", Kind.BOOLEAN),
            Column("Jenis", Kind.CHOICE, choices=EmploymentType),
        ], [
            ["Budi", "198703152010012003", 3, 40.0, dt.date(2026, 12, 3), when, True,
             EmploymentType.PPPK],
            ["Ani", None, None, None, None, None, False, None],
        ])
        raw = table_csv(table)
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == ["Nama", "NIP", "Jumlah", "Persen", "Tanggal", "Waktu", "Aktif", "Jenis"]
        assert rows[1] == ["Budi", "19870315 201001 2 003", "3", "40,0", "03/12/2026",
                           "03/12/2026 08:30", "Ya", str(EmploymentType.PPPK.label)]
        assert rows[2] == ["Ani", "", "", "", "", "", "Tidak", ""]
        assert raw.decode("utf-8-sig").startswith('"Nama";"NIP"')

    def test_xlsx_cells(self):
        when = dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.UTC)
        table = Table("Laporan: uji/coba", [
            Column("NIP", Kind.NIP), Column("Persen", Kind.DECIMAL), Column("Tanggal", Kind.DATE),
            Column("Waktu", Kind.DATETIME), Column("Nama"), Column("Aktif", Kind.BOOLEAN),
        ], [["198703152010012003", Decimal("33.3"), dt.date(2026, 12, 3), when, "=1+1", None]])
        book = load_workbook(io.BytesIO(table_xlsx(table, Table("Laporan: uji/coba", [], []))))
        assert book.sheetnames == ["Laporan- uji-coba", "Laporan- uji-coba (2)"]
        sheet = book.worksheets[0]
        assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1])
        nip, share, day, moment, name, flag = sheet[2]
        assert (nip.value, nip.data_type, nip.number_format) == ("198703152010012003", "s", "@")
        assert share.value == 33.3 and share.data_type == "n"
        # openpyxl reads cells back as naive datetimes: local (Jakarta) wall time.
        assert day.value.timetuple()[:5] == (2026, 12, 3, 0, 0) and day.is_date
        assert moment.value.timetuple()[:5] == (2026, 12, 3, 8, 30) and moment.is_date
        assert name.value == "'=1+1" and name.data_type == "s" and flag.value is None

    def test_nip_display(self):
        assert nip_display("199405202019032004") == "19940520 201903 2 004"
        assert nip_display("12345") == "12345"


# --- every export of the app ----------------------------------------------------------

# Views that take the format as a query parameter (the rest have it in the URL).
QUERY_FORMAT = {"learning:report_sessions", "learning:report_units", "learning:plan_report",
                "mentoring:hr_report"}
CSV_ONLY = {"competencies:gap_list_export"}
# URL patterns with the format in their arguments or route, and each format they serve.
PATH_FORMAT = {
    "socialization:report_csv": ("csv", {}), "socialization:report_xlsx": ("xlsx", {}),
    "competencies:gap_list_export": ("csv", {}),
}
# Import keys, not prose: the reference exports are re-importable files.
MACHINE_HEADERS = {"competencies:reference_export"}
WAGTAIL_REPORTS = ["wagtailadmin_reports:locked_pages", "wagtailadmin_reports:aging_pages",
                   "wagtailadmin_reports:site_history", "wagtailadmin_reports:workflow",
                   "wagtailadmin_reports:workflow_tasks"]
# Words an Indonesian header may share with English.
SAME_IN_BOTH = {"unit", "nip", "jp", "status", "mentor", "mentee", "total", "id", "data", "optimal"}


def _view_exports(callback) -> bool:
    func = inspect.unwrap(callback)
    try:
        return "export_response(" in inspect.getsource(func)
    except (OSError, TypeError):
        return False


def _raw_codes() -> set[str]:
    """Stored choice values that differ from their label (e.g. "WORKSHOP"): an export
    must show the label."""
    codes = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or ():
                if isinstance(value, str) and value.isupper() and value != str(label):
                    codes.add(value)
    return codes


@override_settings(BANGKOM_BENCH_VIEWS=False)
class TestEveryExport(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = world_build()
        Page.objects.filter(pk=cls.world.policy.pk).update(
            locked=True, locked_at=timezone.now(), locked_by=cls.world.users["hr"])

    def setUp(self):
        self.hr = Client()
        self.hr.force_login(self.world.users["hr"])
        self.admin = Client()
        self.admin.force_login(self.world.users["superuser"])

    def _export_urls(self) -> list[tuple[str, str, str]]:
        """(name, format, path) of every export of the project's own URLs: the views
        whose code calls export_response."""
        from django.urls import resolve

        urls = []
        for pattern in url_patterns():
            if not pattern.name or pattern.route.startswith(("cms/", "django-admin/")):
                continue
            entry = matrix.ENTRIES.get(pattern.name)
            if not isinstance(entry, matrix.Entry):
                continue
            try:
                path = entry_path(pattern, entry, self.world).split("?")[0]
            except AssertionError:  # an argument the world has no object for: no export
                continue
            if not _view_exports(resolve(path).func):
                continue
            if pattern.name in PATH_FORMAT:
                urls.append((pattern.name, PATH_FORMAT[pattern.name][0], path))
            elif pattern.name in QUERY_FORMAT:
                urls += [(pattern.name, fmt, f"{path}?format={fmt}") for fmt in ("csv", "xlsx")]
            else:
                assert "fmt" in pattern.arg_names, f"{pattern.name}: how is its format chosen?"
                fillers = {**matrix.ARGUMENTS, **entry.kwargs}
                for fmt in ("csv", "xlsx"):
                    kwargs = {a: fillers[a](self.world) for a in pattern.arg_names}
                    kwargs["fmt"] = fmt
                    urls.append((pattern.name, fmt, reverse(pattern.name, kwargs=kwargs)))
        return urls

    def test_every_export_is_found(self):
        names = {name for name, _fmt, _path in self._export_urls()}
        assert names >= {
            "socialization:report_csv", "socialization:report_xlsx",
            "competencies:analysis_export", "competencies:gap_list_export",
            "competencies:reference_export", "learning:report_sessions",
            "learning:report_units", "learning:recommendation_catalog_gaps_export",
            "learning:plan_report", "mentoring:hr_report",
        }

    def _get(self, client, path, language="id"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, body

    def _check_csv(self, name, body, english_body=None):
        assert body.startswith(b"\xef\xbb\xbf"), f"{name}: no BOM"
        text = body.decode("utf-8-sig")
        assert text.splitlines()[0].startswith('"') and '";"' in text.splitlines()[0], name
        tables = [[]]
        for row in csv.reader(io.StringIO(text), delimiter=";"):
            if row:
                tables[-1].append(row)
            else:
                tables.append([])
        codes = _raw_codes()
        for table in tables:
            header, rows = table[0], table[1:]
            assert all(len(r) == len(header) for r in rows), f"{name}: ragged rows"
            nip_columns = [i for i, h in enumerate(header) if h == "NIP"]
            for row in rows:
                for i, field in enumerate(row):
                    assert field not in {"True", "False", "None"}, (name, field)
                    assert field not in codes, f"{name}: raw code {field!r}"
                    assert not re.search(r"(^|\s)-?\d+\.\d+(\s|$)", field), (
                        f"{name}: decimal point {field}")
                    assert not re.match(r"^\d{4}-\d{2}-\d{2}", field), f"{name}: ISO date {field}"
                    assert not re.match(r"^\d{16,}$", field), f"{name}: NIP as a number {field}"
                    if i in nip_columns and field:
                        assert re.match(r"^\d{8} \d{6} \d \d{3}$", field), (name, field)
        if english_body is not None:
            english = next(csv.reader(io.StringIO(english_body.decode("utf-8-sig")), delimiter=";"))
            untranslated = [h for h, en in zip(tables[0][0], english, strict=True)
                            if h == en and h.lower() not in SAME_IN_BOTH]
            assert untranslated == [], f"{name}: headers not translated"
        assert _formula_fields(text) == [], name
        return tables

    def _check_xlsx(self, name, body, english_body=None):
        book = load_workbook(io.BytesIO(body))
        codes = _raw_codes()
        for sheet in book.worksheets:
            assert not re.match(r"^Sheet\d*$", sheet.title), f"{name}: sheet {sheet.title}"
            assert sheet.freeze_panes == "A2", name
            header = [c.value for c in sheet[1]]
            assert all(c.font.bold for c in sheet[1]), name
            for row in sheet.iter_rows(min_row=2):
                for cell, head in zip(row, header, strict=False):
                    value = cell.value
                    if isinstance(value, str):
                        assert value not in {"True", "False", "None"} | codes, (name, value)
                        assert not value.startswith("="), (name, value)
                        assert not re.match(r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})", value), (
                            f"{name}: date as text {value}")
                        if re.match(r"^\d{18}$", value):
                            assert cell.number_format == "@", f"{name}: NIP cell not text"
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        assert value < 1e15, f"{name}: NIP as a number {value}"
                    if head == "NIP" and value is not None:
                        assert cell.data_type == "s" and cell.number_format == "@", name
                    if isinstance(value, dt.datetime):
                        assert cell.is_date and "DD" in cell.number_format.upper(), name
        if english_body is not None:
            english = load_workbook(io.BytesIO(english_body))
            untranslated = []
            for sheet, en_sheet in zip(book.worksheets, english.worksheets, strict=True):
                pairs = [(sheet.title, en_sheet.title)] + [
                    (str(c.value), str(e.value))
                    for c, e in zip(sheet[1], en_sheet[1], strict=True)]
                untranslated += [h for h, en in pairs if h == en and h.lower() not in SAME_IN_BOTH]
            assert untranslated == [], f"{name}: headers or sheet names not translated"

    def test_every_project_export(self):
        seen = set()
        for name, fmt, path in self._export_urls():
            response, body = self._get(self.hr, path)
            english = None if name in MACHINE_HEADERS else self._get(self.hr, path, "en")[1]
            assert f'.{fmt}"' in response["Content-Disposition"], name
            if fmt == "csv":
                tables = self._check_csv(name, body, english)
                if name in MACHINE_HEADERS:
                    assert all(h == h.lower() for h in tables[0][0]), name
            else:
                self._check_xlsx(name, body, english)
            seen.add((name, fmt))
        assert ("learning:report_sessions", "xlsx") in seen

    def test_names_stand_beside_nips(self):
        """Where a person is listed, the name comes first and the NIP is spaced text."""
        owner = self.world.owner
        tables = {}
        for path in (reverse("socialization:report_csv", args=[self.world.policy.pk]),
                     reverse("competencies:gap_list_export")):
            text = self._get(self.hr, path)[1].decode("utf-8-sig")
            rows = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r]
            header = next(r for r in rows if "NIP" in r)
            assert header[:2] == ["Nama", "NIP"]
            tables[path] = (text, rows)
        # The policy's audience includes the owner, who has not read it.
        text, rows = tables[reverse("socialization:report_csv", args=[self.world.policy.pk])]
        assert [owner.name, nip_display(owner.nip)] in [r[:2] for r in rows]
        assert owner.nip not in text

    def test_wagtail_admin_reports(self):
        for name in WAGTAIL_REPORTS:
            url = reverse(name)
            for fmt in ("csv", "xlsx"):
                response, body = self._get(self.admin, f"{url}?export={fmt}")
                english = self._get(self.admin, f"{url}?export={fmt}", "en")[1]
                assert response["Content-Disposition"].endswith(f'.{fmt}"'), name
                if fmt == "csv":
                    self._check_csv(name, body, english)
                else:
                    self._check_xlsx(name, body, english)

    def test_locked_pages_report_reads_as_indonesian(self):
        url = reverse("wagtailadmin_reports:locked_pages") + "?export=csv"
        body = self._get(self.admin, url)[1]
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        policy = next(r for r in rows if r[0] == self.world.policy.title)
        hr = self.world.hr_employee
        assert hr.name in policy and hr.nip not in policy
        assert any(re.match(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$", f) for f in policy)


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@1", "\t1", "\r1"])
def test_cell_safe_first_character(value):
    assert cell_safe(value) == "'" + value and csv_text_safe(value) == "'" + value


def test_sample_files_write_nips_in_groups():
    """The import samples HR downloads open in Excel too: an 18-digit NIP there would
    become 1,99508E+17 when HR fills the sample in and saves it."""
    from competencies.views_import import SAMPLES
    from people.views import SAMPLE_CSV

    for text in [SAMPLE_CSV, *SAMPLES.values()]:
        assert re.findall(r"(?<![\d ])\d{18}(?![\d ])", text) == []
