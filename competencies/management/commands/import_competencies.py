from competencies.imports.reference import dictionary_rows
from competencies.management.commands._import_base import ReferenceImportCommand
from competencies.models import ImportKind


class Command(ReferenceImportCommand):
    help = (
        "Import the competency dictionary from a CSV/XLSX file "
        "(all-or-nothing; re-importing updates), or --export it to a .csv/.xlsx path."
    )
    kinds = (ImportKind.DICTIONARY,)
    export_rows = staticmethod(dictionary_rows)
