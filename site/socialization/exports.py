"""CSV and XLSX exports of a policy report, as tables for the one export helper
(config.exports: Indonesian Excel's dialect, NIPs as text, formula neutralisation)."""
from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from config.exports import Column, Kind, Table
from socialization.selectors import PolicyReport


def _summary_rows(report: PolicyReport) -> Iterator[list[object]]:
    for unit in report.units:
        yield [unit.unit_name, unit.total, unit.acknowledged, unit.rate]
    yield [_("Total"), report.total, report.acknowledged, report.rate]


def _straggler_rows(report: PolicyReport) -> Iterator[list[object]]:
    for employee in report.stragglers.iterator(chunk_size=2000):
        yield [employee.name, employee.nip, employee.unit.name, employee.position.name,
               _("Not yet acknowledged")]


def report_tables(*, report: PolicyReport) -> list[Table]:
    """The per-unit summary, then everyone in the audience who has not acknowledged
    (streamed: one query)."""
    summary = Table(_("Summary per unit"), [
        Column(_("Unit")), Column(_("Audience"), Kind.INTEGER),
        Column(_("Acknowledged"), Kind.INTEGER), Column(_("Rate (%)"), Kind.DECIMAL, places=1),
    ], _summary_rows(report))
    stragglers = Table(_("Not yet acknowledged"), [
        Column(_("Name")), Column(_("NIP"), Kind.NIP), Column(_("Unit")), Column(_("Position")),
        Column(_("Status")),
    ], _straggler_rows(report))
    return [summary, stragglers]
