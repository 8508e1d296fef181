"""CSV and XLSX exports of the training-needs analysis (AKPK) for HR.

Every text cell goes through `cell_safe`: a cell starting with = + - @ (or a tab /
carriage return) is a formula to a spreadsheet, so a unit or competency named
"=HYPERLINK(...)" would run when HR opens the file. Such cells get a leading quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from openpyxl import Workbook

from competencies.gaps.selectors import gap_heatmap, jpm_distribution
from competencies.gaps.units import UnitRollup, unit_rollup
from competencies.models import CompetencyGap

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: object) -> object:
    """Neutralize a text value that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def heatmap_table(rollup: UnitRollup | None = None) -> list[list[object]]:
    """Header + one row per (unit, competency) cell of the heatmap (its rows of
    units: the top level, or those below the unit HR drilled into)."""
    heat = gap_heatmap(rollup=rollup)
    rows: list[list[object]] = [
        [
            _("Unit"),
            _("Competency code"),
            _("Competency"),
            _("Employees"),
            _("With a gap"),
            _("Not assessed yet"),
            _("Share with a gap (%)"),
            _("Average gap"),
        ]
    ]
    for unit, cells in heat.rows():
        for (_pk, code, name), cell in zip(heat.competencies, cells, strict=True):
            if cell is None:
                continue
            share = None if cell.share is None else round(cell.share * 100, 1)
            rows.append(
                [
                    unit.label,
                    code,
                    name,
                    cell.employees,
                    cell.with_gap,
                    cell.unknown,
                    share,
                    None if cell.avg_gap is None else float(cell.avg_gap),
                ]
            )
    return rows


def jpm_table(rollup: UnitRollup | None = None) -> list[list[object]]:
    bands, rows = jpm_distribution(rollup=rollup)
    table: list[list[object]] = [
        [
            _("Unit"),
            _("Employees"),
            _("Average JPM (%)"),
            *[label for _c, label in bands],
            _("Not assessed yet"),
        ]
    ]
    for r in rows:
        table.append(
            [
                r.unit,
                r.employees,
                None if r.average is None else float(r.average),
                *r.bands,
                r.unknown,
            ]
        )
    return table


def _safe_rows(rows: Iterable[list[object]]) -> Iterator[list[object]]:
    for row in rows:
        yield [cell_safe(v) for v in row]


def heatmap_csv(rollup: UnitRollup | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_safe_rows(heatmap_table(rollup)))
    return out.getvalue()


def heatmap_xlsx(rollup: UnitRollup | None = None) -> bytes:
    """Two sheets: the heatmap cells and the JPM distribution per unit."""
    wb = Workbook(write_only=True)
    if rollup is None:
        rollup = unit_rollup()
    tables = ((_("Gaps per unit"), heatmap_table(rollup)), (_("JPM per unit"), jpm_table(rollup)))
    for title, table in tables:
        ws = wb.create_sheet(title=title[:31])
        for row in _safe_rows(table):
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def gap_list_csv_lines() -> Iterator[str]:
    """Per-employee gap list (gap > 0 or behaviour-flagged), highest priority first
    within each employee: the AKPK working list. Streamed in chunks of 2,000 rows."""
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _("NIP"),
            _("Name"),
            _("Unit"),
            _("Position"),
            _("Competency code"),
            _("Competency"),
            _("Required level"),
            _("Assessed level"),
            _("Gap"),
            _("Priority"),
            _("Behaviour flagged"),
        ]
    )
    from django.db.models import Q

    rows = (
        CompetencyGap.objects.filter(employee__is_active=True)
        .filter(Q(gap__gt=0) | Q(behaviour_flag=True))
        .order_by("employee__unit__name", "employee__name", "employee_id", "-priority")
        .values_list(
            "employee__nip",
            "employee__name",
            "employee__unit__name",
            "employee__position__name",
            "competency__code",
            "competency__name",
            "required_level",
            "assessed_level",
            "gap",
            "priority",
            "behaviour_flag",
        )
    )
    yes, no = _("yes"), _("no")
    for row in rows.iterator(chunk_size=2000):
        *head, flag = row
        yield writer.writerow(
            [cell_safe("" if v is None else v) for v in head] + [yes if flag else no]
        )
