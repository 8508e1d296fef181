"""Keep the stored recommendations in step: after gaps are recomputed (competencies'
gaps_recomputed signal), and when a workshop or session is published, changed,
cancelled or fills up (only the employees with gaps in its competencies)."""
from __future__ import annotations

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


def _workshop_changed(workshop_id: int) -> None:
    from learning.recommendations.tasks import recommendations_recompute_for_workshop_task

    recommendations_recompute_for_workshop_task.delay_on_commit(workshop_id)


# A publish re-saves the page's sessions from the revision (new dates, a session
# ticked "cancelled", a new capacity), so publishing covers session changes too.
@receiver(page_published, sender=WorkshopPage, dispatch_uid="recommendations_published")
@receiver(page_unpublished, sender=WorkshopPage, dispatch_uid="recommendations_unpublished")
def workshop_published(sender, instance: WorkshopPage, **kwargs) -> None:
    _workshop_changed(instance.pk)


@receiver(post_save, sender=Enrollment, dispatch_uid="recommendations_enrollment_saved")
def enrollment_saved(sender, instance: Enrollment, raw: bool = False, **kwargs) -> None:
    """An enrollment changes the enrolled person's own list, and a session that has
    just filled up changes the next session (or seats) of everyone it is suggested
    to: both decided in a task after commit, so enrolling runs no extra query."""
    if raw:
        return
    from learning.recommendations.tasks import recommendations_enrollment_changed_task

    recommendations_enrollment_changed_task.delay_on_commit(
        instance.employee_id, instance.session_id)
