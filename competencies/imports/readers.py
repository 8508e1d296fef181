"""Rows of an uploaded result file, read by the project's one table reader
(config.uploads: size and row limits, encoding detection, every XLSX row even under
a stale <dimension> tag, a clear message for a file that is not a table).

Rows come one at a time as (row_number, [cells]); the header is row 1, as the user's
spreadsheet shows it. Wholly empty rows are skipped (spreadsheets leave them behind).
XLSX cells keep their types (numbers stay numbers, so a NIP typed as a number can be
refused).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from config.uploads import UploadError, table_open, table_rows_estimate, upload_limits

# The reader's error: the message is for the user.
FileReadError = UploadError


@dataclass
class SheetRows:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    close: Any = None


def sheet_rows_open(*, file: IO[bytes], file_name: str) -> SheetRows:
    """Open `file` (binary, seekable) as CSV or XLSX, told apart by content, within
    the "competencies" upload limits (BANGKOM_UPLOAD_LIMITS)."""
    table = table_open(file=file, file_name=file_name, limits=upload_limits("competencies"))
    headers = ["" if h is None else str(h) for h in table.headers]
    return SheetRows(headers=headers, rows=table.rows, close=table.close)


def rows_estimate(*, file: IO[bytes]) -> int | None:
    """About how many data rows the file holds (for the progress bar)."""
    return table_rows_estimate(file=file, limits=upload_limits("competencies"))
