"""CSV and XLSX exports of a policy report. Cells that a spreadsheet would run as a
formula (starting with = + - @, or a tab/CR) are prefixed with a quote."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from socialization.selectors import PolicyReport

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: object) -> object:
    """Neutralize spreadsheet formula injection in text cells."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def report_rows(*, report: PolicyReport) -> Iterator[list[object]]:
    """Header, then one row per audience member who has not acknowledged, after the
    per-unit summary. Streams the stragglers (one query)."""
    yield [_("Unit"), _("Audience"), _("Acknowledged"), _("Rate (%)")]
    for unit in report.units:
        yield [unit.unit_name, unit.total, unit.acknowledged, unit.rate]
    yield [_("Total"), report.total, report.acknowledged, report.rate]
    yield []
    yield [_("NIP"), _("Name"), _("Unit"), _("Position"), _("Status")]
    for employee in report.stragglers.iterator(chunk_size=2000):
        yield [employee.nip, employee.name, employee.unit.name, employee.position.name,
               _("Not yet acknowledged")]


def report_csv(*, report: PolicyReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in report_rows(report=report):
        writer.writerow([cell_safe(v) for v in row])
    # BOM so Excel opens Indonesian names correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(*, report: PolicyReport) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Report")[:31])
    for row in report_rows(report=report):
        sheet.append([cell_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
