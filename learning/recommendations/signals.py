"""Keep the stored recommendations in step: after gaps are recomputed (competencies'
gaps_recomputed signal), and when a workshop is published or unpublished, or someone
enrolls or cancels (a session that fills up changes everyone it is suggested to).

Changes inside one transaction are gathered and sent as ONE task when it commits:
publishing a workshop re-saves each of its sessions, and the demo data enrolls
hundreds of people in one transaction; one recomputation of the union is enough."""
from __future__ import annotations

from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from competencies.signals import gaps_recomputed
from learning.models import Enrollment, WorkshopPage


@receiver(gaps_recomputed, dispatch_uid="recommendations_gaps_recomputed")
def gaps_recomputed_received(sender, employee_ids: list[int], **kwargs) -> None:
    """The same employees' recommendations, as Celery chunk tasks."""
    from learning.recommendations.services import recommendations_recompute_enqueue

    recommendations_recompute_enqueue(employee_ids=employee_ids)


def _flush() -> None:
    pending = getattr(connection, "_reco_pending", None)
    connection._reco_pending = None  # type: ignore[attr-defined]
    if not pending:
        return
    from learning.recommendations.tasks import recommendations_changes_task

    # Run as a commit hook: a broker that is down must not fail the request.
    recommendations_changes_task.delay_unless_broker_down(
        sorted(pending["employees"]), sorted(pending["workshops"]), sorted(pending["sessions"]))


def _pending() -> dict[str, set[int]]:
    """This transaction's gathered changes; the flush is registered once per
    transaction (a rolled-back transaction drops its callback, and a new set starts)."""
    pending = getattr(connection, "_reco_pending", None)
    registered = connection.in_atomic_block and any(
        entry[1] is _flush for entry in connection.run_on_commit)
    if pending is None or (connection.in_atomic_block and not registered):
        pending = {"employees": set(), "workshops": set(), "sessions": set()}
        connection._reco_pending = pending  # type: ignore[attr-defined]
        transaction.on_commit(_flush)
    return pending


# A publish re-saves the page's sessions from the revision (new dates, a session
# ticked "cancelled", a new capacity), so publishing covers session changes too.
@receiver(page_published, sender=WorkshopPage, dispatch_uid="recommendations_published")
@receiver(page_unpublished, sender=WorkshopPage, dispatch_uid="recommendations_unpublished")
def workshop_published(sender, instance: WorkshopPage, **kwargs) -> None:
    _pending()["workshops"].add(instance.pk)


@receiver(post_save, sender=Enrollment, dispatch_uid="recommendations_enrollment_saved")
def enrollment_saved(sender, instance: Enrollment, raw: bool = False, **kwargs) -> None:
    """The enrolled person's own list changes; whether the session has filled up is
    decided in the task, so enrolling runs no extra query."""
    if raw:
        return
    pending = _pending()
    pending["employees"].add(instance.employee_id)
    pending["sessions"].add(instance.session_id)
