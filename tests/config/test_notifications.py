"""config.notifications.notification_send, the one way every app sends email: an
Indonesian greeting by name, a SITE_URL link, the reader's language, sent after
commit, once under a retried task (the app's once-row is the claim, rolled back with
a failed send), and nothing rendered or sent inside notifications_suppressed()."""
from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from config.notifications import (
    NOTIFICATION_TASK_OPTIONS,
    Notice,
    notification_send,
    notifications_suppressed,
)
from learning.enrollment import services as enrollment_services
from learning.enrollment.tasks import enrollment_notify_task
from learning.models import Enrollment, EnrollmentStatus, NotificationKind, NotificationSent
from learning.plans.models import PlanNotice
from mentoring.models import MentoringNotice
from mentoring.notifications import pair_notify
from tests.factories import EmployeeFactory
from tests.learning.enrollment_factories import make_session
from tests.mentoring.world import one_pair

pytestmark = pytest.mark.django_db

SEND = "config.notifications.EmailMultiAlternatives.send"


def _notice() -> Notice:
    return Notice(subject="Subjek", paragraphs=["Paragraf satu.", "Paragraf dua."],
                  greet="Budi Santoso", link="/belajar/pendaftaran/")


def _fail_once(monkeypatch):
    """The mail server refuses the first message, then accepts (a flaky SMTP)."""
    from django.core.mail import EmailMultiAlternatives

    real = EmailMultiAlternatives.send
    calls = {"n": 0}

    def send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP down")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SEND, send)
    return calls


def test_greets_the_reader_by_name_in_indonesian_text_and_html():
    assert notification_send(to=["budi@example.go.id"], compose=_notice) is True
    [message] = mail.outbox
    assert message.to == ["budi@example.go.id"] and message.subject == "Subjek"
    assert message.body.startswith("Yth. Budi Santoso,")
    assert "Paragraf satu." in message.body and "Paragraf dua." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Yth. Budi Santoso," in html
    assert "Buka Bangkom" in html


@override_settings(SITE_URL="https://bangkom.example.go.id")
def test_links_are_absolute_on_site_url():
    notification_send(to=["budi@example.go.id"], compose=_notice)
    [message] = mail.outbox
    assert "https://bangkom.example.go.id/belajar/pendaftaran/" in message.body
    assert 'href="https://bangkom.example.go.id/belajar/pendaftaran/"' in (
        message.alternatives[0][0])


def test_written_in_the_readers_language_indonesian_by_default():
    notification_send(to=["a@example.go.id"], compose=_notice, language="en")
    notification_send(to=["b@example.go.id"], compose=_notice)
    assert mail.outbox[0].body.startswith("Dear Budi Santoso,")
    assert mail.outbox[1].body.startswith("Yth. Budi Santoso,")


def test_nobody_to_write_to_sends_nothing_and_claims_nothing():
    assert notification_send(to=["", ""], compose=_notice,
                             once=lambda: PlanNotice.objects.create(key="t:none")) is False
    assert mail.outbox == [] and not PlanNotice.objects.exists()


def test_sent_once_a_failed_send_rolls_the_claim_back(monkeypatch):
    _fail_once(monkeypatch)

    def claim():
        return PlanNotice.objects.create(key="t:once")

    with pytest.raises(OSError):
        notification_send(to=["a@example.go.id"], compose=_notice, once=claim)
    assert not PlanNotice.objects.exists()  # the retry will send it
    assert notification_send(to=["a@example.go.id"], compose=_notice, once=claim) is True
    assert notification_send(to=["a@example.go.id"], compose=_notice, once=claim) is False
    assert len(mail.outbox) == 1 and PlanNotice.objects.count() == 1


def test_suppressed_writes_the_claim_and_renders_nothing(monkeypatch):
    def render(*args, **kwargs):
        raise AssertionError("a suppressed email was rendered")

    monkeypatch.setattr("config.notifications.render_to_string", render)
    with notifications_suppressed() as suppressed:
        sent = notification_send(to=["a@example.go.id"], compose=_notice,
                                 once=lambda: PlanNotice.objects.create(key="t:quiet"))
    assert sent is False and suppressed.count == 1
    assert mail.outbox == [] and PlanNotice.objects.filter(key="t:quiet").exists()


def test_every_notification_task_retries_smtp_and_network_errors():
    from smtplib import SMTPException

    from learning.completion.tasks import completion_notify_task
    from learning.plans.tasks import plan_notify_task
    from learning.recommendations.tasks import recommendation_assignment_notify_task
    from mentoring.tasks import pair_notify_task, session_notify_task
    from socialization.tasks import policy_reminders_send_task, question_answered_notify_task

    for task in (enrollment_notify_task, completion_notify_task, plan_notify_task,
                 recommendation_assignment_notify_task, pair_notify_task,
                 session_notify_task, policy_reminders_send_task,
                 question_answered_notify_task):
        assert set(task.autoretry_for) >= {OSError, SMTPException}, task.name
        assert task.retry_backoff and task.max_retries == NOTIFICATION_TASK_OPTIONS[
            "max_retries"], task.name


def test_sent_after_commit_not_before(django_capture_on_commit_callbacks):
    employee = EmployeeFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrollment = enrollment_services.enrollment_create(
            session=make_session(capacity=1), employee=employee, enrolled_by=employee.user)
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert mail.outbox == []  # nothing leaves while the transaction may still roll back
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[employee.email]]
    assert mail.outbox[0].body.startswith(f"Yth. {employee.name},")


def test_a_retried_task_sends_once(monkeypatch):
    enrollment = Enrollment.objects.create(session=make_session(capacity=1),
                                           employee=EmployeeFactory(),
                                           status=EnrollmentStatus.ENROLLED)
    calls = _fail_once(monkeypatch)
    # Celery's apply() runs the autoretry inline: the first attempt fails, the retry
    # sends (throw=False: apply re-runs a Retry instead of raising it).
    args = (enrollment.pk, NotificationKind.ENROLLED)
    result = enrollment_notify_task.apply(args=args, throw=False)
    assert result.get() is True and calls["n"] == 2 and len(mail.outbox) == 1
    assert enrollment_notify_task.apply(args=args, throw=False).get() is False  # re-queued
    assert len(mail.outbox) == 1
    assert NotificationSent.objects.filter(enrollment=enrollment).count() == 1


def test_a_retry_after_a_partial_send_sends_only_the_missing_reader(monkeypatch):
    *_rest, mentor, mentee, pair = one_pair("T.NTF", "Hendra Mentor", "Dewi Mentee")
    mail.outbox.clear()
    from django.core.mail import EmailMultiAlternatives

    real = EmailMultiAlternatives.send
    refused = {"n": 0}

    def send(self, *args, **kwargs):
        if mentee.email in self.to and not refused["n"]:
            refused["n"] += 1
            raise OSError("SMTP down")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SEND, send)
    with pytest.raises(OSError):
        pair_notify(pair_id=pair.pk, kind="approved")
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert pair_notify(pair_id=pair.pk, kind="approved") == 1  # the retry
    assert [m.to for m in mail.outbox] == [[mentor.email], [mentee.email]]
    assert pair_notify(pair_id=pair.pk, kind="approved") == 0
    assert MentoringNotice.objects.count() == 2
    assert mail.outbox[0].body.startswith(f"Yth. {mentor.name},")


def test_mentoring_email_is_indonesian_even_from_an_english_request():
    from django.utils import translation

    *_rest, mentor, mentee, pair = one_pair("T.NTL", "Hendra Mentor", "Dewi Mentee")
    mail.outbox.clear()
    with translation.override("en"):
        pair_notify(pair_id=pair.pk, kind="completed")
    assert {m.to[0] for m in mail.outbox} == {mentor.email, mentee.email}
    for message in mail.outbox:
        assert message.subject.startswith("Mentoring selesai: ")
        assert message.body.startswith("Yth. ")
