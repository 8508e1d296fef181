"""Completion: whether an enrollment completed its session (attendance and post-test
against the workshop's rule), kept in step with its JP credit and its certificate,
and the completion email."""
from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.completion.services.jp import ONE_TENTH, session_days, session_jp
from learning.completion.services.jp_ledger import jp_ledger_credit, jp_ledger_is_final
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from learning.models.completion import (
    AttendanceRecord,
    Completion,
    CompletionNotice,
    JpLedgerEntry,
    JpLedgerSource,
    PostTestScore,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def completion_evaluate(
    *, enrollment: Enrollment, now: dt.datetime | None = None
) -> Completion | None:
    """Compute whether `enrollment` completed its session and make the stored state
    agree: create/update its Completion and its ledger credit when the workshop's
    rule holds (attendance ≥ min_attendance_percent of the session's days and, when
    the workshop has a passing score, a post-test score ≥ it); remove both when a
    correction means the rule no longer holds, unless that year's ledger is final
    (then the completion is kept and the correction logged).

    Nothing is decided before the session has ended. Idempotent: evaluating twice
    leaves the same rows and credits JP once. Queues the completion email once."""
    now = now or timezone.now()
    if enrollment.session.ends_at > now:
        return Completion.objects.filter(enrollment=enrollment).first()
    results = completion_evaluate_session(
        session=enrollment.session, enrollments=[enrollment], now=now
    )
    return results[enrollment.pk]


def completion_evaluate_session(
    *, session: WorkshopSession, enrollments: list[Enrollment],
    now: dt.datetime | None = None,
) -> dict[int, Completion | None]:
    """completion_evaluate for many enrollments of one session (a saved roster, the
    nightly run): the same rule, with the stored state loaded in three queries for
    all of them instead of three each; only what changed is written. Returns each
    enrollment's completion by id (nothing before the session has ended)."""
    now = now or timezone.now()
    if not enrollments or session.ends_at > now:
        return {}
    days = session_days(session=session)
    ids = [e.pk for e in enrollments]
    existing = {c.enrollment_id: c for c in Completion.objects.filter(enrollment_id__in=ids)}
    present = dict(
        AttendanceRecord.objects.filter(enrollment_id__in=ids, present=True, day__in=days)
        .values("enrollment_id").annotate(n=Count("id")).values_list("enrollment_id", "n")
    )
    scores = dict(
        PostTestScore.objects.filter(enrollment_id__in=ids)
        .values_list("enrollment_id", "score")
    )
    return {
        enrollment.pk: _completion_apply(
            enrollment=enrollment, existing=existing.get(enrollment.pk), days=len(days),
            present=present.get(enrollment.pk, 0), score=scores.get(enrollment.pk), now=now,
        )
        for enrollment in enrollments
    }


def _certificate_withdraw(*, enrollment: Enrollment) -> None:
    """A completion undone: its certificate must no longer verify as valid."""
    from learning.certificates.services import certificate_withdraw
    from learning.completion.certificate_subject import WORKSHOP

    certificate_withdraw(subject_kind=WORKSHOP, subject_ref=str(enrollment.pk))


def _completion_apply(
    *, enrollment: Enrollment, existing: Completion | None, days: int, present: int,
    score: Decimal | None, now: dt.datetime,
) -> Completion | None:
    """The rule of completion_evaluate over loaded facts (the session has ended):
    write what differs from `existing`."""
    session = enrollment.session
    workshop = session.page
    percent = (Decimal(present) * 100 / Decimal(days)).quantize(ONE_TENTH)
    holds = (
        enrollment.status == EnrollmentStatus.ENROLLED
        and not session.is_cancelled
        and percent >= workshop.min_attendance_percent
        and (workshop.passing_score is None
             or (score is not None and score >= workshop.passing_score))
    )
    occurred_on = timezone.localdate(session.ends_at)
    if not holds:
        if existing is None:
            return None
        if jp_ledger_is_final(occurred_on=occurred_on, today=timezone.localdate(now)):
            logger.warning(
                "Completion %s no longer holds but the %s ledger is final; kept.",
                existing.pk, occurred_on.year,
            )
            return existing
        JpLedgerEntry.objects.filter(
            source=JpLedgerSource.COMPLETION, source_ref=existing.pk
        ).delete()
        existing.delete()
        _certificate_withdraw(enrollment=enrollment)
        return None
    jp = session_jp(session=session)
    if existing is not None and (existing.jp_awarded, existing.attendance_percent,
                                 existing.score) == (jp, percent, score):
        # Nothing changed (a re-saved roster): the completion and its credit, written
        # together, are already right.
        return existing
    completion, created = Completion.objects.update_or_create(
        enrollment=enrollment,
        defaults={"jp_awarded": jp, "attendance_percent": percent, "score": score},
        create_defaults={"jp_awarded": jp, "attendance_percent": percent, "score": score,
                         "completed_at": now},
    )
    jp_ledger_credit(
        employee=enrollment.employee,
        source=JpLedgerSource.COMPLETION,
        source_ref=completion.pk,
        jp=jp,
        occurred_on=occurred_on,
        description=workshop.title,
        learning_form=workshop.learning_form,
    )
    if created:
        from learning.certificates.tasks import certificate_issue_task
        from learning.completion.certificate_subject import WORKSHOP
        from learning.completion.tasks import completion_notify_task

        completion_notify_task.delay_on_commit(enrollment.pk)
        # The certificate is issued after commit, in the background (idempotent).
        certificate_issue_task.delay_on_commit(  # type: ignore[attr-defined]  # a DjangoTask
            WORKSHOP, str(enrollment.pk))
    return completion


def completion_evaluate_ended_sessions(*, today: dt.date | None = None) -> int:
    """Evaluate every ENROLLED participant of the sessions that ended yesterday
    (local time). Idempotent. Returns how many enrollments were evaluated."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    enrollments = Enrollment.objects.filter(
        status=EnrollmentStatus.ENROLLED,
        session__ends_at__gte=start,
        session__ends_at__lt=end,
    ).select_related("session__page__learning_form", "employee").order_by("session_id", "pk")
    by_session: dict[int, list[Enrollment]] = {}
    for enrollment in enrollments:
        by_session.setdefault(enrollment.session_id, []).append(enrollment)
    now = timezone.now()
    for group in by_session.values():
        completion_evaluate_session(session=group[0].session, enrollments=group, now=now)
    return sum(len(group) for group in by_session.values())


def completion_notify(*, enrollment_id: int) -> bool:
    """Email the participant about their completion. Sent at most once per
    enrollment through config.notifications.notification_send: the CompletionNotice
    row is the claim, written in the same transaction as the send, so a failed send
    leaves no row (the retry sends) and a retried task after a successful send finds
    the row and sends nothing. Returns whether it sent."""
    from django.template.defaultfilters import floatformat

    from config.notifications import Notice, notification_send

    completion = (
        Completion.objects.select_related(
            "enrollment__employee__user", "enrollment__session__page"
        ).filter(enrollment_id=enrollment_id).first()
    )
    if completion is None:
        return False
    employee = completion.enrollment.employee
    title = completion.enrollment.session.page.title
    return notification_send(
        to=[employee.email or (employee.user.email if employee.user else "")],
        once=lambda: CompletionNotice.objects.create(enrollment_id=enrollment_id,
                                                     kind="COMPLETED"),
        compose=lambda: Notice(
            subject=_("You completed %(title)s") % {"title": title}, greet=employee.name,
            paragraphs=[
                _("You have completed “%(title)s”. %(jp)s JP have been credited to your "
                  "learning record.") % {"title": title,
                                         "jp": floatformat(completion.jp_awarded, -1)},
                _("Please take a minute to evaluate the session from your home page in "
                  "Bangkom.")],
            link="/"),
    )
