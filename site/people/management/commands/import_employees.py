"""python manage.py import_employees PATH [--dry-run] [--lang en]"""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from people.services.employee_import import employee_import


class Command(BaseCommand):
    help = "Import employees from a CSV or XLSX file (all-or-nothing). See docs/foundation.md."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE,
                            help="Language of the messages (id or en).")

    def handle(self, *args, path: str, dry_run: bool, lang: str, **options) -> None:
        with translation.override(lang):
            try:
                result = employee_import(file=path, dry_run=dry_run)
            except FileNotFoundError as exc:
                raise CommandError(_("File not found: %(path)s") % {"path": path}) from exc
            if not result.ok:
                for error in result.errors:
                    self.stderr.write(_("Row %(row)d, column %(column)s: %(message)s") % {
                        "row": error.row, "column": error.column or "-",
                        "message": error.message})
                hidden = result.error_count - len(result.errors)
                if hidden:
                    self.stderr.write(_("... and %(n)d more errors.") % {"n": hidden})
                raise CommandError(
                    _("%(n)d errors; nothing was imported.") % {"n": result.error_count})
            summary = _(
                "%(rows)d rows: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged; %(units)d new units, %(positions)d new positions."
            ) % {"rows": result.rows, "created": result.created, "updated": result.updated,
                 "unchanged": result.unchanged, "units": result.units_created,
                 "positions": result.positions_created}
            if result.units_moved:
                summary += " " + _("%(n)d units moved to another parent unit.") % {
                    "n": result.units_moved}
            if dry_run:
                summary = _("Check only, nothing written.") + " " + summary
            self.stdout.write(self.style.SUCCESS(summary))
