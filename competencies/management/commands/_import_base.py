"""Shared body of the import commands: run results_import on a path, print the
report, and fail (exit status 1) with every row error when nothing was imported."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from competencies.imports.reference import table_export
from competencies.imports.services.importer import results_import


class ImportCommand(BaseCommand):
    kinds: tuple[str, ...] = ()

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="CSV or XLSX file")

    def run_import(self, path: str) -> None:
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with file_path.open("rb") as handle:
            report = results_import(file=handle, file_name=file_path.name, kinds=self.kinds)
        if not report.ok:
            for error in report.errors:
                column = f" [{error.column}]" if error.column else ""
                self.stderr.write(
                    _("Row %(row)d%(column)s: %(message)s")
                    % {"row": error.row, "column": column, "message": error.message}
                )
            if report.hidden_error_count:
                self.stderr.write(
                    _("… and %(n)d more errors.") % {"n": report.hidden_error_count}
                )
            raise CommandError(
                _("%(n)d errors: nothing was imported.") % {"n": report.error_count}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(kind)s: %(rows)d rows imported (%(created)d new, %(updated)d updated).")
                % {
                    "kind": report.batch.get_kind_display(),
                    "rows": report.row_count,
                    "created": report.created,
                    "updated": report.updated,
                }
            )
        )


class ReferenceImportCommand(ImportCommand):
    """The dictionary and the job standards are one command with two kinds: each
    subclass names its kind and the function that lists its rows for --export."""

    # () -> (headers, rows), e.g. staticmethod(dictionary_rows)
    export_rows: Callable[[], tuple[list[str], list[list[Any]]]]

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--export", action="store_true", help="write the current data to PATH instead"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if options["export"]:
            headers, rows = self.export_rows()
            fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
            path.write_bytes(table_export(headers=headers, rows=rows, fmt=fmt))
            self.stdout.write(self.style.SUCCESS(f"{len(rows)} rows → {path}"))
            return
        self.run_import(str(path))
