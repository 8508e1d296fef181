"""The one way Bangkom writes a table for a spreadsheet: every CSV and XLSX export and
every admin report goes through `export_response` (docs/exports.md).

A table is a list of typed columns (`Column`: an Indonesian header and a `Kind`) and
rows of plain Python values; the helper turns each value into what Indonesian Excel
(id-ID: `;` between fields, `,` as the decimal mark) reads correctly:

- CSV: UTF-8 with a BOM (else Excel reads names as Latin-1), `;` between fields, every
  field quoted, decimals with a comma, dates dd/mm/yyyy, datetimes dd/mm/yyyy HH:MM in
  TIME_ZONE, booleans Ya/Tidak, None empty, choices by their label, and NIPs written
  in their official groups ("19870315 201001 2 003"): Excel keeps only 15 significant
  digits of a number, and the spaces make the NIP text without a formula.
- XLSX: one named sheet per table, real date cells, NIPs as text cells ("@"), numbers
  as numbers, a bold frozen header row.

Formula neutralisation (`cell_safe`, `csv_text_safe`): a text field starting with
= + - @ tab or CR gets a leading apostrophe, and so does any formula character that
follows a separator of EITHER locale (`;` or `,`), a quote or a line break inside a
field: Excel opening the file with the other separator splits the field there, and the
piece after the split must not start a formula either.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula character after anything a spreadsheet may split a text field at: either
# locale's separator, a quote, a line break (spaces between do not help).
_INNER_FORMULA = re.compile(r"([;,\"\n\r\t][ \u00a0]*)([=+\-@])")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DELIMITER = ";"
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


class Kind(StrEnum):
    TEXT = "text"
    NIP = "nip"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """One column: its header (Indonesian at export time; lazy strings are fine), its
    kind, for CHOICE the value → label pairs (a Django Choices class or a mapping),
    for DECIMAL the places shown (None: as the value has them)."""

    header: object
    kind: Kind = Kind.TEXT
    choices: object = None
    places: int | None = None


@dataclass
class Table:
    """A named table: `title` names the XLSX sheet; rows are sequences of values in
    column order (an empty row is a blank line)."""

    title: object
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]] = field(default_factory=list)


# --- neutralisation -------------------------------------------------------------------

def cell_safe(value: object) -> object:
    """A text value a spreadsheet would run as a formula gets a leading apostrophe;
    other values pass unchanged (XLSX cells, where nothing splits a field)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text_safe(text: str) -> str:
    """`cell_safe` for a CSV field, which Excel may also split at either locale's
    separator: every formula character after a separator, quote or line break gets
    an apostrophe too."""
    text = _INNER_FORMULA.sub(r"\1'\2", text)
    return "'" + text if text.startswith(FORMULA_START) else text


# --- values ---------------------------------------------------------------------------

def nip_display(nip: str) -> str:
    """An 18-digit NIP in its official groups: birth date, CPNS start, gender,
    sequence ("19870315 201001 2 003"). Other values unchanged."""
    nip = str(nip or "")
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def _choice_label(column: Column, value: object) -> str:
    choices = column.choices
    if choices is not None and hasattr(choices, "choices"):
        choices = dict(choices.choices)
    elif choices is not None and not isinstance(choices, Mapping):
        choices = dict(choices)
    label = (choices or {}).get(value, value)
    return str(label)


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _decimal_text(column: Column, value: object) -> str:
    if column.places is not None:
        text = f"{Decimal(str(value)):.{column.places}f}"
    elif isinstance(value, float):
        text = f"{value:.10g}"
    else:
        text = str(value)
    return text.replace(".", ",")


def csv_value(column: Column, value: object) -> str:
    """The text of one CSV field (before quoting)."""
    if value is None or value == "" and column.kind is not Kind.TEXT:
        return ""
    kind = column.kind
    if kind is Kind.BOOLEAN:
        return _("Yes") if value else _("No")
    if kind is Kind.NIP:
        return nip_display(str(value))
    if kind is Kind.INTEGER:
        return str(int(value))
    if kind is Kind.DECIMAL:
        return _decimal_text(column, value)
    if kind is Kind.DATETIME and isinstance(value, dt.datetime):
        return _local(value).strftime(DATETIME_FORMAT)
    if kind in (Kind.DATE, Kind.DATETIME) and isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            value = _local(value).date()
        return value.strftime(DATE_FORMAT)
    if kind is Kind.CHOICE:
        return csv_text_safe(_choice_label(column, value))
    return csv_text_safe(str(value))


# --- CSV ------------------------------------------------------------------------------

class _Echo:
    def write(self, value: str) -> str:
        return value


def table_csv_lines(*tables: Table) -> Iterator[str]:
    """The CSV text line by line (the first starts with the BOM); tables follow one
    another with a blank line between. Rows are read lazily, so a streamed queryset
    stays streamed."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, quoting=csv.QUOTE_ALL,
                        lineterminator="\r\n")
    yield "\ufeff"
    for index, table in enumerate(tables):
        if index:
            yield "\r\n"
        yield writer.writerow([csv_text_safe(str(c.header)) for c in table.columns])
        for row in table.rows:
            if not row:
                yield "\r\n"
                continue
            yield writer.writerow(
                [csv_value(c, v) for c, v in zip(table.columns, row, strict=True)])


def table_csv(*tables: Table) -> bytes:
    return "".join(table_csv_lines(*tables)).encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------

def sheet_title(title: object, taken: set[str]) -> str:
    """A valid, unique sheet name (Excel: at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_TITLE_BAD.sub("-", str(title)).strip()[:SHEET_TITLE_MAX] or _("Data")
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_TITLE_MAX - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _xlsx_cell(sheet, column: Column, value: object):
    from openpyxl.cell import WriteOnlyCell

    kind = column.kind
    number_format = None
    if value is None or value == "" and kind is not Kind.TEXT:
        value = None
    elif kind is Kind.BOOLEAN:
        value = _("Yes") if value else _("No")
    elif kind is Kind.NIP:
        value, number_format = str(value), "@"
    elif kind is Kind.INTEGER:
        value = int(value)
    elif kind is Kind.DECIMAL:
        value = float(value)
        if column.places is not None:
            number_format = "0" + ("." + "0" * column.places if column.places else "")
    elif kind is Kind.DATETIME and isinstance(value, dt.datetime):
        value, number_format = _local(value), XLSX_DATETIME_FORMAT
    elif kind in (Kind.DATE, Kind.DATETIME) and isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            value = _local(value).date()
        number_format = XLSX_DATE_FORMAT
    elif kind is Kind.CHOICE:
        value = cell_safe(_choice_label(column, value))
    else:
        value = cell_safe(str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text
    if number_format:
        cell.number_format = number_format
    return cell


def table_xlsx(*tables: Table) -> bytes:
    """One sheet per table, named by its title."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(title=sheet_title(table.title, taken))
        sheet.freeze_panes = "A2"
        for index, column in enumerate(table.columns, start=1):
            width = max(len(str(column.header)) + 2, 22 if column.kind is Kind.NIP else 10)
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 50)
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=cell_safe(str(column.header)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, c, v) for c, v in zip(table.columns, row, strict=True)]
                         if row else [])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- responses ------------------------------------------------------------------------

FORMATS: Mapping[str, Callable[..., bytes]] = {"csv": table_csv, "xlsx": table_xlsx}


def export_response(*, tables: Table | Sequence[Table], filename: str, fmt: str,
                    stream: bool = False) -> HttpResponse | StreamingHttpResponse:
    """`tables` as an attachment `filename`.csv or .xlsx. `stream` sends a CSV line by
    line (big lists read with .iterator()); an XLSX is always built whole."""
    if isinstance(tables, Table):
        tables = [tables]
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if fmt == "csv" and stream:
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            (line.encode("utf-8") for line in table_csv_lines(*tables)),
            content_type=CSV_CONTENT_TYPE)
    else:
        content_type = CSV_CONTENT_TYPE if fmt == "csv" else XLSX_CONTENT_TYPE
        response = HttpResponse(FORMATS[fmt](*tables), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
