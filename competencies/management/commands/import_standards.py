from competencies.imports.reference import standards_rows
from competencies.management.commands._import_base import ReferenceImportCommand
from competencies.models import ImportKind


class Command(ReferenceImportCommand):
    help = (
        "Import the per-position job standards from a CSV/XLSX file "
        "(all-or-nothing; re-importing updates), or --export it to a .csv/.xlsx path."
    )
    kinds = (ImportKind.STANDARD,)
    export_rows = staticmethod(standards_rows)
