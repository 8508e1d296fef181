"""Stream the rows of an uploaded CSV or XLSX file, whatever the exporting program.

- CSV: comma or semicolon (sniffed from the header line), UTF-8 with or without BOM
  (Windows-1252 when the start of the file is not UTF-8, as older Excel saves it).
- XLSX: openpyxl in read_only mode (constant memory), first sheet, cell values as
  typed (numbers stay numbers, so a NIP typed as a number can be refused).

Rows come one at a time as (row_number, [cells]); the header is row 1, as the user's
spreadsheet shows it. Wholly empty rows are skipped (spreadsheets leave them behind).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 64 * 1024


class FileReadError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class SheetRows:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    close: Any = None


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _csv_rows(binary: IO[bytes]) -> SheetRows:
    head = binary.read(SNIFF_BYTES)
    binary.seek(0)
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the end of the sample is still UTF-8.
        encoding = "utf-8-sig" if exc.start >= len(head) - 3 else "cp1252"
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    first_line = head.decode(encoding, errors="replace").splitlines()[0] if head else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    reader = csv.reader(text, delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise FileReadError(_("The file is empty.")) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileReadError(
            _("The file cannot be read as CSV: %(error)s") % {"error": exc}
        ) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for record in reader:
                number += 1
                if not _is_blank(record):
                    yield number, record
        except UnicodeDecodeError:
            raise FileReadError(
                _("Row %(row)d is not valid text (UTF-8). Save the file as “CSV UTF-8”.")
                % {"row": number + 1}
            ) from None
        except csv.Error as exc:
            raise FileReadError(
                _("Row %(row)d cannot be read as CSV: %(error)s")
                % {"row": number + 1, "error": exc}
            ) from None

    return SheetRows(headers=[str(h) for h in headers], rows=rows())


def _xlsx_rows(binary: IO[bytes]) -> SheetRows:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a corrupt or foreign file
        raise FileReadError(_("The file cannot be opened as an Excel (XLSX) workbook.")) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header_cells = next(iterator)
    except StopIteration:
        workbook.close()
        raise FileReadError(_("The file is empty.")) from None
    headers = ["" if h is None else str(h) for h in header_cells]
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for record in iterator:
                number += 1
                cells = list(record[:width]) + [None] * (width - len(record))
                if not _is_blank(cells):
                    yield number, cells
        finally:
            workbook.close()

    return SheetRows(headers=headers, rows=rows(), close=workbook.close)


def sheet_rows_open(*, file: IO[bytes], file_name: str) -> SheetRows:
    """Open `file` (binary, seekable) as CSV or XLSX, told apart by content."""
    start = file.read(4)
    file.seek(0)
    if start == XLSX_MAGIC:
        return _xlsx_rows(file)
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise FileReadError(_("The file cannot be opened as an Excel (XLSX) workbook."))
    if file_name.lower().endswith(".xls"):
        raise FileReadError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV.")
        )
    return _csv_rows(file)


def rows_estimate(*, file: IO[bytes]) -> int | None:
    """About how many data rows the file holds, read cheaply (for a progress bar):
    the line count of a CSV (quoted line breaks count too), the dimension an XLSX
    sheet declares. None when the file does not say. Leaves the file at its start."""
    try:
        if file.read(4) == XLSX_MAGIC:
            file.seek(0)
            from openpyxl import load_workbook

            workbook = load_workbook(file, read_only=True)
            try:
                max_row = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            return max(max_row - 1, 0) if max_row else None
        file.seek(0)
        lines, last = 0, b""
        while chunk := file.read(1024 * 1024):
            lines += chunk.count(b"\n")
            last = chunk
        if last and not last.endswith(b"\n"):
            lines += 1  # a last line without a line break
        return max(lines - 1, 0)
    except Exception:  # a broken file: the import itself will say what is wrong
        return None
    finally:
        file.seek(0)
