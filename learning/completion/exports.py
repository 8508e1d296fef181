"""CSV and XLSX exports of HR reports. Text cells that a spreadsheet would run as a
formula (starting with = + - @, or a tab/CR) are neutralized with a leading quote."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value):
    """Numbers stay numbers; text that starts like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def export_response(
    *, rows: Iterable[Sequence], headers: Sequence[str], filename: str, fmt: str
) -> HttpResponse:
    """An attachment with `headers` then `rows`, as CSV (`;`-separated, UTF-8 with BOM
    so Excel reads it) or XLSX."""
    if fmt == "xlsx":
        wb = Workbook()
        ws = wb.active
        ws.append([str(h) for h in headers])
        for row in rows:
            ws.append([cell_safe(v) for v in row])
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else cell_safe(v) for v in row])
    response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
