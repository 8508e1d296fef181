"""Keep Wagtail editing from breaking enrollments (imported from LearningConfig.ready).

- Sessions are inline children of a WorkshopPage; publishing a revision that drops a
  session deletes its row, and Enrollment.session is PROTECT, so that would fail
  with ProtectedError. `before_publish_page` refuses such a publish with a message
  telling the editor to mark the session cancelled instead (the draft is kept).
- Deleting a whole workshop page with enrollments is refused the same way.
- After a publish, capacity may have grown: each session's waitlist is promoted.
"""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.signals import page_published

from learning.models import Enrollment, WorkshopPage


def sessions_with_enrollments_removed(*, page: WorkshopPage) -> list[int]:
    """Ids of sessions in the database that the page as edited no longer has, and
    that have enrollments (of any status: they are the training record)."""
    kept = {s.pk for s in page.sessions.all() if s.pk}
    return list(
        Enrollment.objects.filter(session__page_id=page.pk)
        .exclude(session_id__in=kept)
        .values_list("session_id", flat=True)
        .distinct()
    )


@hooks.register("before_publish_page")
def refuse_deleting_sessions_with_enrollments(request, page):
    if not isinstance(page, WorkshopPage) or not page.pk:
        return None
    removed = sessions_with_enrollments_removed(page=page)
    if removed:
        messages.error(
            request,
            _("Not published: %(n)d removed session(s) already have enrollments. Put "
              "the session back and tick “cancelled” instead; your changes are saved "
              "as a draft.") % {"n": len(removed)},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_delete_page")
def refuse_deleting_workshop_with_enrollments(request, page):
    if request.method != "POST":
        return None
    if Enrollment.objects.filter(session__page_id=page.pk).exists():
        messages.error(
            request,
            _("This workshop has enrollments and cannot be deleted. Unpublish it, or "
              "mark its sessions cancelled."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


def _promote_after_publish(sender, instance, **kwargs) -> None:
    from learning.enrollment.tasks import sessions_after_publish_task

    ids = list(instance.sessions.values_list("pk", flat=True))
    if ids:
        sessions_after_publish_task.delay_on_commit(ids)


page_published.connect(_promote_after_publish, sender=WorkshopPage,
                       dispatch_uid="learning_enrollment_promote_after_publish")
