from competencies.management.commands._import_base import ImportCommand
from competencies.models import ImportKind


class Command(ImportCommand):
    help = (
        "Import performance appraisals or competency assessments from a CSV/XLSX file "
        "(told apart by the headers). All-or-nothing; re-importing updates."
    )
    kinds = (ImportKind.APPRAISAL, ImportKind.ASSESSMENT)

    def handle(self, *args, **options) -> None:
        self.run_import(options["path"])
