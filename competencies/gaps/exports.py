"""CSV and XLSX exports of the training-needs analysis (AKPK) for HR, as tables for
the one export helper (config.exports: Indonesian Excel's dialect, NIPs as text,
formula neutralisation)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext as _

from competencies.gaps.selectors import gap_heatmap, jpm_distribution
from competencies.gaps.units import UnitRollup, unit_rollup
from competencies.models import CompetencyGap
from config.exports import Column, Kind, Table


def heatmap_table(rollup: UnitRollup | None = None) -> Table:
    """One row per (unit, competency) cell of the heatmap (its rows of units: the top
    level, or those below the unit HR drilled into)."""
    heat = gap_heatmap(rollup=rollup)
    columns = [
        Column(_("Unit")), Column(_("Competency code")), Column(_("Competency")),
        Column(_("Employees"), Kind.INTEGER), Column(_("With a gap"), Kind.INTEGER),
        Column(_("Not assessed yet"), Kind.INTEGER),
        Column(_("Share with a gap (%)"), Kind.DECIMAL, places=1),
        Column(_("Average gap"), Kind.DECIMAL, places=2),
    ]
    rows: list[list[object]] = []
    for unit, cells in heat.rows():
        for (_pk, code, name), cell in zip(heat.competencies, cells, strict=True):
            if cell is None:
                continue
            share = None if cell.share is None else cell.share * 100
            rows.append([unit.label, code, name, cell.employees, cell.with_gap, cell.unknown,
                         share, cell.avg_gap])
    return Table(_("Gaps per unit"), columns, rows)


def jpm_table(rollup: UnitRollup | None = None) -> Table:
    bands, rows = jpm_distribution(rollup=rollup)
    columns = [
        Column(_("Unit")), Column(_("Employees"), Kind.INTEGER),
        Column(_("Average JPM (%)"), Kind.DECIMAL, places=1),
        *[Column(label, Kind.INTEGER) for _c, label in bands],
        Column(_("Not assessed yet"), Kind.INTEGER),
    ]
    return Table(_("JPM per unit"), columns, [
        [r.unit, r.employees, r.average, *r.bands, r.unknown] for r in rows
    ])


def heatmap_tables(rollup: UnitRollup | None = None) -> list[Table]:
    """The heatmap cells and the JPM distribution per unit (two XLSX sheets)."""
    if rollup is None:
        rollup = unit_rollup()
    return [heatmap_table(rollup), jpm_table(rollup)]


def _gap_list_rows() -> Iterator[tuple]:
    rows = (
        CompetencyGap.objects.filter(employee__is_active=True)
        .filter(Q(gap__gt=0) | Q(behaviour_flag=True))
        .order_by("employee__unit__name", "employee__name", "employee_id", "-priority")
        .values_list(
            "employee__name", "employee__nip", "employee__unit__name",
            "employee__position__name", "competency__code", "competency__name",
            "required_level", "assessed_level", "gap", "priority", "behaviour_flag",
        )
    )
    return rows.iterator(chunk_size=2000)


def gap_list_table() -> Table:
    """Per-employee gap list (gap > 0 or behaviour-flagged), highest priority first
    within each employee: the AKPK working list. Rows stream in chunks of 2,000."""
    columns = [
        Column(_("Name")), Column(_("NIP"), Kind.NIP), Column(_("Unit")), Column(_("Position")),
        Column(_("Competency code")), Column(_("Competency")),
        Column(_("Required level"), Kind.INTEGER), Column(_("Assessed level"), Kind.INTEGER),
        Column(_("Gap"), Kind.INTEGER), Column(_("Priority"), Kind.DECIMAL),
        Column(_("Behaviour flagged"), Kind.BOOLEAN),
    ]
    return Table(_("Gaps per employee"), columns, _gap_list_rows())
