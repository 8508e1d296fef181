"""Demo recommendations: rank every demo employee's workshops from the gaps the
competencies demo computed and the catalog the learning demo built. Idempotent:
each run replaces the stored rows with the same ones."""
from __future__ import annotations

from learning.recommendations.models import Recommendation, UncoveredGap
from learning.recommendations.services import recommendations_recompute_for_employees
from people.models import Employee


def seed_demo(*, stdout) -> None:
    ids = list(Employee.objects.filter(is_active=True).values_list("pk", flat=True))
    if not ids:
        return
    recommendations_recompute_for_employees(employee_ids=ids)
    stdout.write(
        f"Recommendations: {Recommendation.objects.count()} suggestions for "
        f"{Recommendation.objects.values('employee_id').distinct().count()} employees, "
        f"{UncoveredGap.objects.count()} gaps no workshop covers."
    )
