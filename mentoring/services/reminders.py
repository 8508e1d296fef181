"""Weekly reminders: idle pairs to their mentor, unconfirmed sessions to their mentee."""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from mentoring.models import (
    MentoringPair,
    MentoringReminder,
    MentoringSession,
    PairStatus,
    ProgramStatus,
    ReminderKind,
    SessionStatus,
)


def _week_key(today: dt.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def _remember(kind: str, ref: int, week: str) -> bool:
    """Record a reminder as sent; False when it already was (this week)."""
    try:
        with transaction.atomic():
            MentoringReminder.objects.create(kind=kind, ref=ref, week=week)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: dt.date | None = None, confirm_after_days: int = 2) -> int:
    """Daily (beat): remind mentors of active pairs with no session logged for the
    program's N weeks, and mentees of sessions waiting for their confirmation for more
    than `confirm_after_days`. At most once a week each (idempotent: safe to re-run).
    Returns the reminders sent."""
    from mentoring.notifications import idle_remind, session_notify

    today = today or timezone.localdate()
    week = _week_key(today)
    sent = 0
    pairs = (
        MentoringPair.objects.filter(status=PairStatus.ACTIVE,
                                     program__status=ProgramStatus.RUNNING,
                                     program__end_date__gte=today)
        .annotate(last=Max("sessions__held_on"))
        .values_list("pk", "last", "approved_at", "program__idle_reminder_weeks")
    )
    for pk, last, approved_at, weeks in pairs:
        since = last or (timezone.localdate(approved_at) if approved_at else None)
        if since is None or (today - since).days < weeks * 7:
            continue
        if _remember(ReminderKind.IDLE, pk, week):
            idle_remind(pair_id=pk, weeks=weeks)
            sent += 1
    cutoff = timezone.now() - dt.timedelta(days=confirm_after_days)
    waiting = MentoringSession.objects.filter(
        status=SessionStatus.SUBMITTED, updated_at__lt=cutoff, pair__status=PairStatus.ACTIVE
    ).values_list("pk", flat=True)
    for pk in waiting:
        if _remember(ReminderKind.CONFIRM, pk, week):
            session_notify(session_id=pk, kind="confirm_reminder")
            sent += 1
    return sent
