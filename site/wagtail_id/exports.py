"""Wagtail's own spreadsheet exports (the admin reports: locked pages, aging pages,
site history, workflows; form submissions) written by Bangkom's one export helper, so
HR gets the same Indonesian Excel dialect from /cms/ as from every other export
(config.exports, docs/exports.md). Wagtail writes them with `csv.DictWriter` (commas,
no BOM, "True"/"None") and an XLSX sheet named "Sheet1"; every report goes through
`SpreadsheetExportMixin.as_spreadsheet`, so replacing that one method covers them all."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from config.exports import Column, Kind, Table, export_response

# Fields Wagtail's workflow reports list without a heading (it then writes the field's
# name, "requested_by"): their headings, in Wagtail's own words where it has them.
HEADINGS = {
    "workflow": _("Workflow"),
    "task": _("Task"),
    "requested_by": _("Requested by"),
    "started_at": _("Started at"),
    "finished_at": _("Finished at"),
    "finished_by": _("Finished by"),
}


def _kind(value: object) -> Kind:
    if isinstance(value, bool):
        return Kind.BOOLEAN
    if isinstance(value, dt.datetime):
        return Kind.DATETIME
    if isinstance(value, dt.date):
        return Kind.DATE
    if isinstance(value, int):
        return Kind.INTEGER
    if isinstance(value, (Decimal, float)):
        return Kind.DECIMAL
    return Kind.TEXT


def _cell(value: object) -> object:
    """Wagtail's CSV preprocessing leaves numbers, dates and None as they are and
    turns the rest to text; a bool or None stays itself for the helper to spell."""
    return value if value is None or isinstance(value, (bool, int, Decimal, float, dt.date)) \
        else str(value)


def _heading(view, queryset, field: str) -> str:
    heading = view.get_heading(queryset, field)
    if heading == field and field in HEADINGS:
        return capfirst(str(HEADINGS[field]))
    return heading


def spreadsheet_as_table(view, queryset) -> Table:
    """The report as a table: Wagtail's headings (translated by its catalog and
    wagtail_id), one row per object, each column's kind read from its first value."""
    fields = list(view.list_export)
    rows = [
        [_cell(view.preprocess_field_value(f, v, view.FORMAT_CSV))
         for f, v in view.to_row_dict(item).items()]
        for item in queryset
    ]
    kinds = []
    for index in range(len(fields)):
        first = next((row[index] for row in rows if row[index] is not None), None)
        kinds.append(_kind(first))
    columns = [Column(_heading(view, queryset, f), kind)
               for f, kind in zip(fields, kinds, strict=True)]
    title = getattr(view, "page_title", None) or view.get_filename()
    return Table(title, columns, rows)


def as_spreadsheet(self, queryset, spreadsheet_format):
    if spreadsheet_format not in (self.FORMAT_CSV, self.FORMAT_XLSX):
        return None
    return export_response(tables=spreadsheet_as_table(self, queryset),
                           filename=self.get_filename(), fmt=spreadsheet_format)


def spreadsheet_export_install() -> None:
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.as_spreadsheet = as_spreadsheet
