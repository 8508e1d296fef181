"""Builders of import files as real exports come (CSV with ; or , and BOM, XLSX)."""
from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook


def csv_file(rows: list[list[Any]], *, sep: str = ",", bom: bool = False,
             encoding: str = "utf-8") -> io.BytesIO:
    text = "\r\n".join(sep.join("" if c is None else str(c) for c in row) for row in rows)
    data = text.encode(encoding)
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


def xlsx_file(rows: list[list[Any]], *, text_columns: tuple[int, ...] = ()) -> io.BytesIO:
    """An XLSX workbook; cells in `text_columns` get Excel's Text format (@)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for col in text_columns:
        for cells in sheet.iter_rows(min_col=col + 1, max_col=col + 1):
            for cell in cells:
                cell.number_format = "@"
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out
