"""How every notification email is sent (`notification_send`, see the section below
and docs/architecture.md "Notifications"), and a switch that turns them off for a
block of code: `seed_demo` builds hundreds of enrollments whose emails nobody reads
(in `make run` they would only scroll past on the console), and rendering them was
about a sixth of seeding.

Inside `notifications_suppressed()` a sender still does its bookkeeping (the
"sent once" row), so the database ends up exactly as if the email had gone out and
no later run sends it; it only skips rendering and sending, and counts the skip."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from config.links import absolute_url


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


# --- One way to send an email ------------------------------------------------------
# Every app's notification emails go through `notification_send`: the once-row and the
# send share one transaction, the message is composed in the reader's language and
# rendered through one layout (greeting by name, paragraphs, a SITE_URL link), as text
# with an HTML alternative. Apps enqueue it on commit from a task declared with
# `NOTIFICATION_TASK_OPTIONS` (Celery retries SMTP and network errors with backoff).

# The task options of every notification task: a failed send rolls its once-row back,
# so retrying is safe and sends the email exactly once when the server comes back.
NOTIFICATION_TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OSError, SMTPException),
    "retry_backoff": True,
    "max_retries": 5,
}


@dataclass(frozen=True)
class Notice:
    """One email as its reader sees it. `greet` is the reader's name (the layout says
    "Yth. <name>,"); `link` a path or absolute URL, sent as a SITE_URL link."""

    subject: str
    paragraphs: Sequence[str]
    greet: str
    link: str = ""


def notification_language(user: Any = None) -> str:
    """The language an email to `user` is written in: theirs if they chose one (a
    `language` attribute), otherwise the site's (Indonesian)."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def notification_send(*, to: Iterable[str], compose: Callable[[], Notice],
                      once: Callable[[], object] | None = None,
                      language: str | None = None) -> bool:
    """Send one email to `to` (empty addresses dropped) at most once; True when sent.

    `once` claims the send: it writes the app's once-row (raising IntegrityError, or
    returning False, when this message already went out). It runs in the same
    transaction as the send, so a send that fails rolls the claim back and the task's
    retry sends; a retry after a successful send finds the claim and stops.
    Inside `notifications_suppressed()` the claim is still written, nothing rendered.
    `compose` builds the Notice inside `translation.override(language)`."""
    to = [a for a in to if a]
    if not to:
        return False
    with transaction.atomic():
        if once is not None:
            try:
                with transaction.atomic():
                    if once() is False:
                        return False
            except IntegrityError:
                return False
        if notification_skipped():
            return False
        with translation.override(language or settings.LANGUAGE_CODE):
            notice = compose()
            context = {"subject": notice.subject, "paragraphs": list(notice.paragraphs),
                       "greet": notice.greet,
                       "link": absolute_url(notice.link) if notice.link else ""}
            text = render_to_string("email/notice.txt", context)
            html = render_to_string("email/notice.html", context)
        message = EmailMultiAlternatives(subject=notice.subject, body=text, to=to)
        message.attach_alternative(html, "text/html")
        message.send()
    return True
