"""The one reader of uploaded tables (CSV and XLSX), with limits.

Every upload that holds rows goes through `table_open` (competency imports, the
employee import, post-test scores, NIP lists for bulk enrollment): one place decides
what a readable file is and how much of it the server will read.

- **Size first.** The upload's size is checked against its kind's cap
  (`BANGKOM_UPLOAD_LIMITS`, docs/foundation.md "Upload limits") before a byte of
  it is parsed. An XLSX is a zip: the sizes its members unpack to are checked
  too, from the zip directory, so a small file that unpacks to gigabytes (an XML
  bomb, millions of rows) is refused at once.
- **Rows while streaming.** Rows come one at a time (csv module; openpyxl in
  read-only mode, constant memory); the row limit is counted as they come, never
  after a whole file was loaded. A CSV line longer than `MAX_LINE_CHARS` (a file
  of one endless line) is refused instead of being built in memory.
- **Every row that is there.** openpyxl's read-only mode trusts the sheet's
  `<dimension>` tag, which other programs leave stale: `reset_dimensions()`
  makes it read the rows themselves.
- **Clear words for a wrong file.** The encoding is detected (UTF-8 with or
  without BOM, UTF-16 with BOM, Windows-1252 as older Excel saves CSV); a picture,
  a PDF, an old .xls or any other binary file is named as "not a CSV or XLSX file"
  in the user's language instead of a codec error.

Callers keep at most `limits.max_errors` row errors (`ErrorList`) and count the
rest, shown as "… and M more".
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

XLSX_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 64 * 1024
# A CSV line (one record, unless a quoted cell spans lines) longer than this is not a
# table row anyone typed: refusing it keeps a one-line 50 MB file out of memory.
MAX_LINE_CHARS = 256 * 1024
# The bytes an XLSX's members may unpack to, per allowed row (plus a fixed allowance
# for styles and shared strings): generous for real sheets (~0.5 KB a row), far below
# what a zip bomb unpacks to.
XLSX_UNPACKED_BYTES_PER_ROW = 4096
XLSX_UNPACKED_BYTES_BASE = 32 * 1024 * 1024
# openpyxl loads the shared-strings table whole, even in read-only mode: its part is
# held to a smaller allowance (a real sheet's unique texts are ~100-200 bytes a row).
XLSX_SHARED_STRINGS_BYTES_PER_ROW = 512
XLSX_SHARED_STRINGS_BYTES_BASE = 16 * 1024 * 1024

# Starts of files that are certainly not CSV text (and not an XLSX zip).
_BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\xd0\xcf\x11\xe0",  # old .xls/.doc
    b"BM", b"II*\x00", b"MM\x00*", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"RIFF",
    b"\x00\x00\x01\x00",
)


class UploadError(Exception):
    """The file as a whole cannot be read, or breaks a limit; str() is the message for
    the user, in the active language."""


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_rows: int
    max_errors: int = 1000

    @property
    def max_unpacked_bytes(self) -> int:
        return XLSX_UNPACKED_BYTES_BASE + self.max_rows * XLSX_UNPACKED_BYTES_PER_ROW

    @property
    def max_shared_strings_bytes(self) -> int:
        return (XLSX_SHARED_STRINGS_BYTES_BASE
                + self.max_rows * XLSX_SHARED_STRINGS_BYTES_PER_ROW)


def upload_limits(kind: str) -> UploadLimits:
    """The limits of one kind of upload ("employees", "competencies", "post_test",
    "nip_list"), from the BANGKOM_UPLOAD_LIMITS setting."""
    return UploadLimits(**settings.BANGKOM_UPLOAD_LIMITS[kind])


def megabytes(size: int) -> str:
    """A byte count as people read it: "50 MB", "1.5 MB", "700 KB"."""
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def upload_size(file: Any) -> int | None:
    """The size of an uploaded or opened file, without reading it."""
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    stream = getattr(file, "file", file)
    try:
        position = stream.tell()
        stream.seek(0, io.SEEK_END)
        end = stream.tell()
        stream.seek(position)
    except (AttributeError, OSError, ValueError):
        return None
    return end


def upload_check_size(*, file: Any, limits: UploadLimits) -> None:
    """Raise UploadError when the file is larger than the kind's cap. Reads nothing."""
    size = upload_size(file)
    if size is not None and size > limits.max_bytes:
        raise UploadError(
            _("The file is %(size)s; the limit is %(max)s. Split it into smaller files.")
            % {"size": megabytes(size), "max": megabytes(limits.max_bytes)}
        )


def _too_many_rows(limits: UploadLimits) -> UploadError:
    return UploadError(
        ngettext(
            "The file has more than %(max)d data row; split it into smaller files.",
            "The file has more than %(max)d data rows; split it into smaller files.",
            limits.max_rows,
        ) % {"max": limits.max_rows}
    )


def not_a_table_error() -> UploadError:
    return UploadError(
        _("This file is not a CSV or XLSX file. Save the spreadsheet as “CSV UTF-8” or "
          "as an Excel workbook (.xlsx) and upload it again.")
    )


# --- Errors kept and counted -------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number, header = 1
    column: str  # the header as written in the file ("" for the whole row or file)
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ErrorList:
    """Row errors of one upload: the first `limit` are kept (and shown), all counted."""

    limit: int = 1000
    kept: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.kept) < self.limit:
            self.kept.append(RowError(row, column, str(message)))

    def add_file_error(self, message: str) -> None:
        """An error about the whole file (too big, too many rows, unreadable): shown
        first, even when the row errors before it filled the list."""
        self.count += 1
        self.kept.insert(0, RowError(1, "", str(message)))

    @property
    def hidden(self) -> int:
        return self.count - len(self.kept)

    def __bool__(self) -> bool:
        return self.count > 0


def more_errors_message(hidden: int) -> str:
    """"… and 12 more" (dan 12 lainnya) after the errors that are shown."""
    return ngettext("… and %(count)d more error.", "… and %(count)d more errors.", hidden) % {
        "count": hidden
    }


# --- Reading -------------------------------------------------------------------------


@dataclass
class TableRows:
    """An opened table: the header row, then data rows as (row number, cells), the
    header being row 1 as the spreadsheet shows it. `rows` raises UploadError past the
    row limit. Call `close()` when not iterating to the end."""

    headers: list[Any]
    rows: Iterator[tuple[int, list[Any]]]
    format: str  # "csv" or "xlsx"
    close: Callable[[], None] = lambda: None


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _csv_encoding(head: bytes) -> str:
    """The encoding of a CSV from its first bytes; UploadError for binary content."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(_BINARY_SIGNATURES) or b"\x00" in head:
        # NUL bytes without a UTF-16 BOM: a binary file (or UTF-16 nobody can tell).
        raise not_a_table_error()
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and len(head) == SNIFF_BYTES:
            return "utf-8"  # a multi-byte character cut at the end of the sample
    try:
        text = head.decode("cp1252")
    except UnicodeDecodeError:
        raise not_a_table_error() from None
    # Control characters other than tabs and line breaks: not text anyone typed.
    if sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n") > len(text) // 100:
        raise not_a_table_error()
    return "cp1252"


def _csv_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _bounded_lines(text: IO[str]) -> Iterator[str]:
    """Lines of `text`, refusing one longer than MAX_LINE_CHARS without building it."""
    number = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise UploadError(
                _("Line %(line)d of the file is longer than %(max)d characters: this is "
                  "not a table.") % {"line": number, "max": MAX_LINE_CHARS}
            )
        yield line


def _csv_open(binary: IO[bytes], limits: UploadLimits, skip_blank: bool) -> TableRows:
    head = binary.read(SNIFF_BYTES)
    binary.seek(0)
    if not head.strip():
        raise UploadError(_("The file is empty."))
    encoding = _csv_encoding(head)
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    lines = _bounded_lines(text)
    try:
        first_line = next(lines)
    except UnicodeDecodeError:
        raise not_a_table_error() from None
    except StopIteration:
        raise UploadError(_("The file is empty.")) from None
    delimiter = _csv_delimiter(first_line)
    reader = csv.reader(_prepend(first_line, lines), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise UploadError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise UploadError(
            _("Row 1 cannot be read as CSV: %(error)s") % {"error": exc}
        ) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number, data_rows = 1, 0
        try:
            for record in reader:
                number += 1
                if skip_blank and _is_blank(record):
                    continue
                data_rows += 1
                if data_rows > limits.max_rows:
                    raise _too_many_rows(limits)
                yield number, record
        except UnicodeDecodeError:
            raise UploadError(
                _("Row %(row)d is not valid text (%(encoding)s). Save the file as “CSV "
                  "UTF-8” and upload it again.") % {"row": number + 1, "encoding": encoding}
            ) from None
        except csv.Error as exc:
            raise UploadError(
                _("Row %(row)d cannot be read as CSV: %(error)s")
                % {"row": number + 1, "error": exc}
            ) from None
        finally:
            text.detach()  # leave the caller's binary file open

    return TableRows(headers=list(headers), rows=rows(), format="csv")


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _xlsx_check_unpacked(binary: IO[bytes], limits: UploadLimits) -> None:
    """Refuse a workbook whose parts unpack too far, from the zip directory alone
    (zipfile stops a part at its declared size, so the directory cannot lie)."""
    try:
        with zipfile.ZipFile(binary) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadError(_("The file cannot be opened as an Excel (XLSX) workbook.")) from None
    finally:
        binary.seek(0)
    unpacked = sum(info.file_size for info in members)
    shared = sum(info.file_size for info in members
                 if info.filename.lower().endswith("sharedstrings.xml"))
    if unpacked > limits.max_unpacked_bytes or shared > limits.max_shared_strings_bytes:
        raise UploadError(
            _("The workbook unpacks to %(size)s, more than a file of %(max)d rows can "
              "hold: it is refused.") % {"size": megabytes(unpacked), "max": limits.max_rows}
        )


def _xlsx_count_rows(binary: IO[bytes], stop_after: int) -> int | None:
    """The rows with content in the workbook's first sheet (their closing </row>
    tags; the empty rows spreadsheets keep for formatting are self-closing and not
    counted), counted in the decompressed XML 1 MB at a time (bounded memory; ~0.5 s
    for 5,000,000 rows): far cheaper than parsing them, and honest where the
    <dimension> tag is not or is missing. Stops counting past `stop_after`. None when
    the workbook has no sheet to find. Nothing here builds a ReadOnlyWorksheet:
    openpyxl's constructor of one looks for <dimension> by parsing the whole sheet
    when the tag is missing. A writer using a namespace prefix (</x:row>) counts 0
    here; the row limit while streaming still holds for it. Leaves `binary` at its
    start."""
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(binary, read_only=True, keep_links=False)
        reader.read_manifest()
        reader.read_workbook()  # workbook.xml and its relationships only
        path = next((rel.target for _sheet, rel in reader.parser.find_sheets()
                     if rel.target in reader.valid_files and "chartsheet" not in rel.Type),
                    None)
        if path is None:
            return None
        count, tail = 0, b""
        with reader.archive.open(path) as source:
            while chunk := source.read(1024 * 1024):
                buf = tail + chunk
                cut = max(len(buf) - 5, 0)
                # Count the tags that start before `cut`; the rest go on with the tail.
                count += buf[:cut + 5].count(b"</row>")
                tail = buf[cut:]
                if count > stop_after:
                    return count
        return count
    finally:
        binary.seek(0)


def _xlsx_open(binary: IO[bytes], limits: UploadLimits, skip_blank: bool) -> TableRows:
    from openpyxl import load_workbook  # defusedxml is installed: XML bombs are refused

    _xlsx_check_unpacked(binary, limits)
    # Count the rows before openpyxl opens the sheet (it parses a sheet without a
    # <dimension> tag whole, just to size it): a bomb whose tag is missing or lies
    # (A1:A2) is refused here. Rows of blank cells are skipped later, hence the
    # allowance.
    try:
        rows = _xlsx_count_rows(binary, 2 * limits.max_rows + 1)
    except Exception:  # openpyxl raises many kinds for a corrupt or foreign file
        raise UploadError(_("The file cannot be opened as an Excel (XLSX) workbook.")) from None
    if rows is not None and rows > 2 * limits.max_rows + 1:
        raise _too_many_rows(limits)
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a corrupt or foreign file
        raise UploadError(_("The file cannot be opened as an Excel (XLSX) workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        declared = sheet.max_row if sheet.max_row else 0
        if declared - 1 > limits.max_rows:
            # The sheet says so itself (an honest tag): no need to read it.
            raise _too_many_rows(limits)
        # The <dimension> tag may be stale (written by another program): read the
        # rows that are really there, not the ones the tag announces.
        sheet.reset_dimensions()
        iterator = sheet.iter_rows(values_only=True)
        header_cells = next(iterator)
    except StopIteration:
        workbook.close()
        raise UploadError(_("The file is empty.")) from None
    except UploadError:
        workbook.close()
        raise
    except Exception:
        workbook.close()
        raise UploadError(_("The file cannot be opened as an Excel (XLSX) workbook.")) from None
    headers = list(header_cells)
    while headers and headers[-1] is None:
        headers.pop()  # formatted but empty columns at the right
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number, data_rows = 1, 0
        try:
            for record in iterator:
                number += 1
                cells = list(record[:width]) + [None] * (width - len(record))
                if skip_blank and _is_blank(cells):
                    continue
                data_rows += 1
                if data_rows > limits.max_rows:
                    raise _too_many_rows(limits)
                yield number, cells
        except UploadError:
            raise
        except Exception:  # a corrupt sheet part
            raise UploadError(
                _("Row %(row)d of the workbook cannot be read.") % {"row": number + 1}
            ) from None
        finally:
            workbook.close()

    return TableRows(headers=headers, rows=rows(), format="xlsx", close=workbook.close)


def binary_stream(file: Any) -> IO[bytes]:
    """The seekable binary stream behind an UploadedFile, a File or an open file."""
    stream = getattr(file, "file", file)  # Django's UploadedFile wraps the real file
    stream.seek(0)
    return stream


def table_open(
    *, file: Any, file_name: str = "", limits: UploadLimits, skip_blank: bool = True
) -> TableRows:
    """Open an uploaded CSV or XLSX (told apart by content, not by name) within
    `limits`. Raises UploadError (a message for the user) when the file is too big,
    is not a table, or cannot be read; iterating `rows` raises it past the row limit
    or at an unreadable row. XLSX cells keep their types (a NIP typed as a number
    stays a number, so it can be refused); CSV cells are strings. Wholly empty rows
    are skipped unless `skip_blank` is false (row numbers still count them)."""
    upload_check_size(file=file, limits=limits)
    binary = binary_stream(file)
    start = binary.read(4)
    binary.seek(0)
    name = (file_name or getattr(file, "name", "") or "").lower()
    if start == XLSX_MAGIC:
        return _xlsx_open(binary, limits, skip_blank)
    if name.endswith(".xls") and start == b"\xd0\xcf\x11\xe0":
        raise UploadError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV.")
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise UploadError(_("The file cannot be opened as an Excel (XLSX) workbook."))
    return _csv_open(binary, limits, skip_blank)


def table_rows_estimate(*, file: IO[bytes], limits: UploadLimits | None = None) -> int | None:
    """About how many data rows the file holds, read cheaply (for a progress bar):
    the line count of a CSV (quoted line breaks count too), the rows with content of
    an XLSX's first sheet, counted in one streaming pass over its XML that stops
    past the row allowance (never `max_row`: without a <dimension> tag openpyxl
    parses the whole sheet to answer it, 46 s for 5,000,000 rows, inside the web
    request). None when the file does not say, when an XLSX unpacks past `limits`
    (openpyxl would load its shared strings here) or holds more rows than it may
    (the job will refuse it). Leaves the file at its start."""
    try:
        if file.read(4) == XLSX_MAGIC:
            file.seek(0)
            return _xlsx_rows_estimate(file, limits or upload_limits("employees"))
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


def _xlsx_rows_estimate(file: IO[bytes], limits: UploadLimits) -> int | None:
    try:
        _xlsx_check_unpacked(file, limits)
    except UploadError:
        return None
    # The same allowance as table_open (rows of blank cells are skipped there).
    allowance = 2 * limits.max_rows + 1
    rows = _xlsx_count_rows(file, allowance)
    if rows is None or rows > allowance:
        return None
    return max(rows - 1, 0)
