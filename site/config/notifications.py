"""A switch that turns notification emails off for a block of code: `seed_demo`
builds hundreds of enrollments whose emails nobody reads (in `make run` they would
only scroll past on the console), and rendering them was about a sixth of seeding.

Inside `notifications_suppressed()` a sender still does its bookkeeping (the
"sent once" row), so the database ends up exactly as if the email had gone out and
no later run sends it; it only skips rendering and sending, and counts the skip."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class SuppressedNotifications:
    count: int = 0


_suppressed: ContextVar[SuppressedNotifications | None] = ContextVar(
    "notifications_suppressed", default=None
)


@contextmanager
def notifications_suppressed() -> Iterator[SuppressedNotifications]:
    """Within the block, senders that ask `notification_skipped()` render and send
    nothing; the yielded object counts what they skipped. Same thread only (an eager
    Celery task runs inline, so it is covered; a real worker is not)."""
    tally = SuppressedNotifications()
    token = _suppressed.set(tally)
    try:
        yield tally
    finally:
        _suppressed.reset(token)


def notifications_are_suppressed() -> bool:
    """True inside `notifications_suppressed()` (a sender may skip its task too)."""
    return _suppressed.get() is not None


def notification_skipped() -> bool:
    """True inside `notifications_suppressed()`: the caller skips rendering and
    sending this email (counted as skipped). Call it after the send-once row."""
    tally = _suppressed.get()
    if tally is None:
        return False
    tally.count += 1
    return True
