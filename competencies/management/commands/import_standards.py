from pathlib import Path

from competencies.imports.reference import (
    dictionary_rows,
    standards_rows,
    table_export,
)
from competencies.management.commands._import_base import ImportCommand
from competencies.models import ImportKind

ROWS = {"kamus": dictionary_rows, "standar": standards_rows}


class Command(ImportCommand):
    help = (
        "Import the per-position job standards from a CSV/XLSX file "
        "(all-or-nothing; re-importing updates), or --export it to a .csv/.xlsx path."
    )
    kinds = (ImportKind.STANDARD,)

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="CSV or XLSX file")
        parser.add_argument(
            "--export", action="store_true", help="write the current data to PATH instead"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if options["export"]:
            headers, rows = ROWS["standar"]()
            fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
            path.write_bytes(table_export(headers=headers, rows=rows, fmt=fmt))
            self.stdout.write(self.style.SUCCESS(f"{len(rows)} rows → {path}"))
            return
        self.run_import(str(path))
