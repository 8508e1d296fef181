"""Write-side rules for policy socialization."""
from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from config.notifications import Notice, notification_send
from people.models import Employee, User
from socialization.models import (
    Acknowledgement,
    PolicyAckState,
    PolicyPage,
    PolicyQuestion,
    ReminderSent,
)
from socialization.selectors import policy_ack_revision_id, policy_stragglers

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A rule was broken; the message is meant for the user."""


def policy_ack_state_on_publish(
    *, page: PolicyPage, revision: Revision | None
) -> PolicyAckState | None:
    """Move the page's acknowledgement revision when `revision` goes live and it is
    the first publish or is marked substantive. Non-substantive revisions keep every
    existing acknowledgement valid. Idempotent."""
    if revision is None:
        return None
    substantive = bool(revision.content.get("requires_reacknowledgement"))
    state = PolicyAckState.objects.filter(page=page).first()
    if state is None:
        return PolicyAckState.objects.create(page=page, revision=revision)
    if substantive and state.revision_id != revision.pk:
        state.revision = revision
        state.save(update_fields=["revision", "updated_at"])
    return state


def policy_acknowledge(*, page: PolicyPage, employee: Employee) -> tuple[Acknowledgement, bool]:
    """Record that `employee` read and understood the page's current acknowledgement
    revision. Idempotent: a double click returns the existing row (created=False).
    The caller checks the employee is in the audience."""
    revision_id = policy_ack_revision_id(page=page)
    if revision_id is None:
        raise ApplicationError(_("This policy has not been published yet."))
    try:
        with transaction.atomic():
            return Acknowledgement.objects.get_or_create(
                employee=employee, page=page, revision_id=revision_id
            )
    except IntegrityError:
        # Two requests raced past get_or_create's read; the other one won.
        return Acknowledgement.objects.get(
            employee=employee, page=page, revision_id=revision_id
        ), False


def policy_reminders_send(*, page: PolicyPage, today: dt.date | None = None) -> int:
    """Email every straggler once per day for this page; returns how many were sent.

    Idempotent: each email is sent (config.notifications.notification_send) in the
    transaction that inserts its ReminderSent row (unique per employee, page and day).
    A retry skips the rows already there; a failed send rolls its row back so the
    retry sends it."""
    today = today or timezone.localdate()
    already = set(
        ReminderSent.objects.filter(page=page, sent_on=today).values_list("employee_id", flat=True)
    )
    sent = 0
    for employee in policy_stragglers(page=page).exclude(pk__in=already).exclude(email=""):
        sent += notification_send(
            to=[employee.email], compose=partial(_reminder_notice, page=page, employee=employee),
            once=partial(ReminderSent.objects.create, employee=employee, page=page,
                         sent_on=today))
    return sent


def _reminder_notice(*, page: PolicyPage, employee: Employee) -> Notice:
    paragraphs = [_("Please read and acknowledge the policy \"%(title)s\".")
                  % {"title": page.title}]
    if page.deadline:
        paragraphs.append(_("Deadline: %(date)s")
                          % {"date": formats.date_format(page.deadline, "DATE_FORMAT")})
    return Notice(subject=_("Reminder: please read %(title)s") % {"title": page.title},
                  greet=employee.name, paragraphs=paragraphs, link=page.url or "/")


def policy_pages_due_soon(*, today: dt.date | None = None, days: int = 3) -> list[int]:
    """Ids of live mandatory pages whose deadline is today or within `days` days."""
    today = today or timezone.localdate()
    now = timezone.now()
    return list(
        PolicyPage.objects.live()
        .filter(is_mandatory=True, deadline__gte=today,
                deadline__lte=today + dt.timedelta(days=days))
        .exclude(expire_at__lte=now)
        .values_list("pk", flat=True)
    )


def policy_question_ask(*, page: PolicyPage, author: User, text: str) -> PolicyQuestion:
    """Store an employee's question; only they and HR see it until it is published."""
    text = text.strip()
    if not text:
        raise ApplicationError(_("Please write your question."))
    question = PolicyQuestion(page=page, author=author, question=text)
    question.full_clean()
    question.save()
    return question


def policy_question_answer(*, question: PolicyQuestion, answer: str, answered_by: User,
                           publish: bool) -> PolicyQuestion:
    """HR answers a question and optionally shows it in the page's Q&A section.

    Published questions are shown from this table, not copied into the page body, so
    publishing one does not create a page revision or pass through the workflow."""
    answer = answer.strip()
    if publish and not answer:
        raise ApplicationError(_("Only answered questions can be published."))
    question.answer = answer
    question.is_published = publish
    if answer:
        question.answered_by = answered_by
        question.answered_at = question.answered_at or timezone.now()
    question.full_clean()
    question.save()
    if answer:
        from socialization.tasks import question_answered_notify_task

        question_answered_notify_task.delay_on_commit(question.pk)
    return question


def policy_question_answered_notify(*, question: PolicyQuestion) -> bool:
    """Email the asker that HR answered. Idempotent: the conditional UPDATE on
    asker_notified_at is the claim (config.notifications.notification_send), so one
    call (of a retried task, or of a second answer edit) sends, and no other; a failed
    send rolls the claim back so the retry sends it."""
    if not question.answer:
        return False
    title = question.page.title
    return notification_send(
        to=[question.author.email],
        once=lambda: PolicyQuestion.objects.filter(
            pk=question.pk, asker_notified_at__isnull=True
        ).update(asker_notified_at=timezone.now()) > 0,
        compose=lambda: Notice(
            subject=_("Your question about “%(title)s” was answered") % {"title": title},
            greet=question.author.display_name,
            paragraphs=[
                _("HR has answered your question about the policy \"%(title)s\".")
                % {"title": title},
                f"{_('Your question')}:\n{question.question}",
                f"{_('Answer')}:\n{question.answer}"],
            link=question.page.url or "/"),
    )
