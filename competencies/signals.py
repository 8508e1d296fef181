"""Keep the gap analysis in step with writes made elsewhere."""
from __future__ import annotations

from django.dispatch import Signal, receiver

from people.signals import employees_imported

# Sent after a transaction that recomputed some employees' gap rows has committed,
# with `employee_ids` (a list). Apps above competencies (learning's recommendations)
# listen to it; competencies itself never imports them.
gaps_recomputed = Signal()


def gaps_recomputed_send(*, employee_ids: list[int]) -> None:
    """Send gaps_recomputed once the current transaction commits (at once outside one):
    a rolled-back recomputation tells nobody."""
    from django.db import transaction

    ids = list(employee_ids)
    if ids:
        transaction.on_commit(lambda: gaps_recomputed.send(sender=None, employee_ids=ids))


@receiver(employees_imported, dispatch_uid="competency_gaps_employees_imported")
def employees_imported_received(sender, employee_ids: list[int], **kwargs) -> None:
    """An import created employees or changed them (a new position brings a new job
    standard): queue their gap recomputation (Celery tasks per chunk) instead of
    leaving their rows to the nightly run."""
    from competencies.gaps.services import gaps_recompute_enqueue

    gaps_recompute_enqueue(employee_ids=employee_ids)
