"""Keep the gap analysis in step with writes made elsewhere."""
from __future__ import annotations

from django.dispatch import receiver

from people.signals import employees_imported


@receiver(employees_imported, dispatch_uid="competency_gaps_employees_imported")
def employees_imported_received(sender, employee_ids: list[int], **kwargs) -> None:
    """An import created employees or changed them (a new position brings a new job
    standard): queue their gap recomputation (Celery tasks per chunk) instead of
    leaving their rows to the nightly run."""
    from competencies.gaps.services import gaps_recompute_enqueue

    gaps_recompute_enqueue(employee_ids=employee_ids)
