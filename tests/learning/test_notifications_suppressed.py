"""config.notifications.notifications_suppressed: inside it the enrollment and plan
emails are neither rendered nor sent, but their send-once rows are written (so the
database is as if they had gone out), and seed_demo runs inside it."""
from __future__ import annotations

import io
import sys

import pytest
from django.core import mail
from django.core.management import call_command

from config.notifications import notifications_suppressed
from learning.enrollment.notifications import enrollment_notify
from learning.models import Enrollment, EnrollmentStatus, NotificationKind, NotificationSent
from learning.plans import notifications as plan_notifications
from learning.plans.models import PlanNotice
from tests.factories import EmployeeFactory
from tests.learning.enrollment_factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_rendering(monkeypatch):
    def render(*args, **kwargs):
        raise AssertionError("a suppressed email was rendered")

    # Every app renders through the one sender (config.notifications.notification_send).
    monkeypatch.setattr("config.notifications.render_to_string", render)


def _enrollment() -> Enrollment:
    return Enrollment.objects.create(session=make_session(capacity=1),
                                     employee=EmployeeFactory(),
                                     status=EnrollmentStatus.ENROLLED)


def test_enrollment_email_is_recorded_but_not_rendered_or_sent(no_rendering):
    e = _enrollment()
    with notifications_suppressed() as suppressed:
        assert enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED) is False
    assert suppressed.count == 1
    assert mail.outbox == []
    assert NotificationSent.objects.filter(enrollment=e, kind=NotificationKind.ENROLLED).exists()
    # The row stands for the email: nothing goes out later either.
    assert enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED) is False
    assert mail.outbox == []


def test_enrolling_records_the_notice_without_queueing_a_task(monkeypatch, no_rendering):
    from learning.enrollment import services
    from learning.enrollment.tasks import enrollment_notify_task

    def queue(*args, **kwargs):
        raise AssertionError("a suppressed notice was queued")

    monkeypatch.setattr(enrollment_notify_task, "delay_on_commit", queue)
    employee = EmployeeFactory()
    with notifications_suppressed():
        e = services.enrollment_create(session=make_session(capacity=1), employee=employee,
                                       enrolled_by=employee.user)
    assert e.status == EnrollmentStatus.ENROLLED
    assert list(NotificationSent.objects.values_list("enrollment_id", "kind")) == [
        (e.pk, NotificationKind.ENROLLED)]
    assert mail.outbox == []


def test_plan_email_is_recorded_but_not_rendered_or_sent(no_rendering):
    with notifications_suppressed() as suppressed:
        sent = plan_notifications._send_once(
            key="test:1", to=["a@example.go.id"], greet="A", subject="S", paragraphs=["p"],
            link="/")
    assert sent is False and suppressed.count == 1
    assert mail.outbox == [] and PlanNotice.objects.filter(key="test:1").exists()


def test_outside_the_switch_emails_still_go_out():
    e = _enrollment()
    assert enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED) is True
    assert len(mail.outbox) == 1


def seed_demo(*, stdout) -> None:
    """A stand-in demo module for seed_demo (see the test below)."""
    e = _enrollment()
    enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED)


def test_seed_demo_suppresses_and_counts_the_emails(monkeypatch, no_rendering):
    from home.management.commands import seed_demo as command

    monkeypatch.setattr(command, "DEMO_MODULES", [__name__])
    assert sys.modules[__name__].seed_demo is seed_demo
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "(1 demo emails were not sent.)" in out.getvalue()
    assert NotificationSent.objects.count() == 1
