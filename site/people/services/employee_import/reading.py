"""Reading the file: the header and the data rows as text, through the project's one
table reader."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from config.uploads import UploadError, table_open, upload_limits
from people.services.employee_import.results import EmployeeImportError


class Numeric(str):
    """A cell the spreadsheet stored as a number (an XLSX numeric cell)."""


def _open_binary(file: Any) -> tuple[Any, str, bool]:
    """(file, file name, whether we opened it and must close it)."""
    if isinstance(file, str | Path):
        return open(file, "rb"), str(file), True  # noqa: SIM115 - closed by the caller
    return file, getattr(file, "name", "") or "", False


def header_key(value: Any) -> str:
    text = str(value or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _cell_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = str(value)
        return Numeric(text[:-2] if text.endswith(".0") else text)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rows_read(file: Any) -> Iterator[tuple[int, list[Any]]]:
    """The header as row 1, then the data rows, through the project's one table
    reader (config.uploads: size and row limits of BANGKOM_UPLOAD_LIMITS["employees"],
    encoding detection, every XLSX row even under a stale <dimension> tag)."""
    stream, name, opened = _open_binary(file)
    try:
        try:
            table = table_open(file=stream, file_name=name, limits=upload_limits("employees"))
            yield 1, [_cell_text(v) for v in table.headers]
            for number, values in table.rows:
                yield number, [_cell_text(v) for v in values]
        except UploadError as exc:
            raise EmployeeImportError(str(exc)) from None
    finally:
        if opened:
            stream.close()

