"""Writes for the catalog: calendar SEQUENCE bookkeeping and calendar feed tokens."""
from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from learning.catalog.ics import session_fingerprint
from learning.models import WorkshopPage
from learning.models.workshops import CalendarFeedToken, SessionCalendarState
from people.models import Employee


@transaction.atomic
def calendar_states_sync(*, workshop: WorkshopPage) -> list[int]:
    """Raise the SEQUENCE of each of the workshop's sessions whose calendar-visible
    fields changed since the last sync; start new sessions at 0. Returns the ids of
    sessions whose SEQUENCE went up. Idempotent: a second call changes nothing.

    Called on `page_published`; the counter lives outside the session (see
    SessionCalendarState) so publishing never resets it."""
    sessions = list(workshop.sessions.select_related("page"))
    states = {
        s.session_id: s
        for s in SessionCalendarState.objects.select_for_update().filter(
            session_id__in=[s.pk for s in sessions])
    }
    raised, new = [], []
    for session in sessions:
        fingerprint = session_fingerprint(session)
        state = states.get(session.pk)
        if state is None:
            new.append(SessionCalendarState(session=session, sequence=0, fingerprint=fingerprint))
        elif state.fingerprint != fingerprint:
            state.sequence += 1
            state.fingerprint = fingerprint
            state.save(update_fields=["sequence", "fingerprint", "changed_at"])
            raised.append(session.pk)
    if new:
        SessionCalendarState.objects.bulk_create(new, ignore_conflicts=True)
    return raised


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_token_get_or_create(*, employee: Employee) -> CalendarFeedToken:
    """The employee's feed token, created on first use. Safe to call twice."""
    token, _created = CalendarFeedToken.objects.get_or_create(
        employee=employee, defaults={"token": _new_token()})
    return token


def calendar_feed_token_regenerate(*, employee: Employee) -> CalendarFeedToken:
    """Replace the employee's feed token: the old feed URL stops working at once."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                token, _created = CalendarFeedToken.objects.update_or_create(
                    employee=employee, defaults={"token": _new_token()})
                return token
        except IntegrityError:  # a 256-bit collision: try again
            continue
    raise RuntimeError("could not generate a unique calendar token")


def calendar_feed_token_revoke(*, employee: Employee) -> None:
    """Delete the employee's feed token: the feed URL answers 404 until a new one
    is generated. Idempotent."""
    CalendarFeedToken.objects.filter(employee=employee).delete()
