"""`python manage.py recommend NIP`: the employee's ranked suggestions with reasons."""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, translation

from learning.recommendations.models import RecommendationKind
from learning.recommendations.selectors import recommendations_for, uncovered_competency_ids
from learning.recommendations.services import recommendations_recompute_for_employees
from people.models import Employee


class Command(BaseCommand):
    help = "Print an employee's ranked training recommendations with their reasons."

    def add_arguments(self, parser):
        parser.add_argument("nip", help="the employee's NIP (spaces allowed)")
        parser.add_argument("--stored", action="store_true",
                            help="print the stored list without recomputing it first")
        parser.add_argument("--limit", type=int, default=10)

    def handle(self, *args, nip: str, stored: bool, limit: int, **options):
        employee = Employee.objects.filter(nip=nip.replace(" ", "")).first()
        if employee is None:
            raise CommandError(f"No employee with NIP {nip}.")
        if not stored:
            recommendations_recompute_for_employees(employee_ids=[employee.pk])
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(f"{employee.name} ({employee.nip})")
            for kind in (RecommendationKind.GAP, RecommendationKind.TALENT):
                # Read by an operator, not the employee: third person, with the name.
                views = recommendations_for(employee=employee, reader_id=None, kind=kind,
                                            limit=limit)
                if not views and kind == RecommendationKind.TALENT:
                    continue
                self.stdout.write(f"\n{kind.label}:")
                if not views:
                    self.stdout.write("  —")
                for view in views:
                    score = formats.number_format(view.rec.score.normalize(), use_l10n=True)
                    self.stdout.write(f"  {view.rec.rank}. {view.workshop.title} ({score})")
                    for sentence in view.sentences:
                        self.stdout.write(f"     - {sentence}")
                    self.stdout.write(f"     {view.score_text}")
            uncovered = uncovered_competency_ids(employee=employee)
            if uncovered:
                from competencies.models import Competency

                names = ", ".join(
                    f"{c.code} {c.name}"
                    for c in Competency.objects.filter(pk__in=uncovered).order_by("code"))
                self.stdout.write(f"\n{translation.gettext('Gaps no workshop covers')}: {names}")
