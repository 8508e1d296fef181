"""Completion is computed from attendance and post-test scores; JP is credited once."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from learning.completion.services import (
    attendance_save,
    completion_evaluate,
    completion_evaluate_ended_sessions,
    completion_notify,
    jp_ledger_credit,
    post_test_import,
    post_test_scores_save,
    session_days,
)
from learning.models import EnrollmentStatus
from learning.models.completion import (
    AttendanceRecord,
    Completion,
    CompletionNotice,
    JpLedgerEntry,
    JpLedgerSource,
    PostTestScore,
)
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.completion_world import enroll, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr():
    return make_hr_user()


def mark_all(session, enrollment, hr, days=None):
    days = session_days(session=session) if days is None else days
    attendance_save(session=session, present={enrollment.pk: set(days)}, marked_by=hr)


class TestCompletionRule:
    def test_full_attendance_completes_and_credits_jp(self, hr):
        session = make_session(kind="workshop", days=2)
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        completion = Completion.objects.get(enrollment=enrollment)
        assert completion.jp_awarded == Decimal("10.0")
        assert completion.attendance_percent == Decimal("100.0")
        entry = JpLedgerEntry.objects.get(employee=enrollment.employee)
        assert entry.jp == Decimal("10.0")
        assert entry.source == JpLedgerSource.COMPLETION
        assert entry.year == session.ends_at.year

    def test_attendance_below_minimum_gives_no_completion(self, hr):
        session = make_session(days=2)  # default minimum: every day
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr, days=session_days(session=session)[:1])
        assert not Completion.objects.exists()
        assert not JpLedgerEntry.objects.exists()
        assert AttendanceRecord.objects.filter(enrollment=enrollment).count() == 2

    def test_lower_minimum_is_respected(self, hr):
        session = make_session(days=2, min_attendance=50)
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr, days=session_days(session=session)[:1])
        assert Completion.objects.get(enrollment=enrollment).attendance_percent == Decimal("50.0")

    def test_post_test_below_passing_gives_no_completion(self, hr):
        session = make_session(passing_score=Decimal("70"))
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        assert not Completion.objects.exists(), "no score yet: not completed"
        post_test_scores_save(session=session, scores={enrollment.pk: Decimal("69.99")},
                              recorded_by=hr)
        assert not Completion.objects.exists()
        post_test_scores_save(session=session, scores={enrollment.pk: Decimal("70")},
                              recorded_by=hr)
        assert Completion.objects.get(enrollment=enrollment).score == Decimal("70.00")

    def test_correction_removes_completion_and_credit(self, hr):
        session = make_session()
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        assert Completion.objects.count() == 1 and JpLedgerEntry.objects.count() == 1
        attendance_save(session=session, present={enrollment.pk: set()}, marked_by=hr)
        assert not Completion.objects.exists()
        assert not JpLedgerEntry.objects.exists()

    def test_correction_after_ledger_year_closed_keeps_completion(self, hr):
        """Once the year is over its ledger is final: a late correction keeps it."""
        last_year = dt.date(timezone.localdate().year - 1, 6, 10)
        session = make_session(first_day=last_year)
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        assert Completion.objects.count() == 1
        AttendanceRecord.objects.update(present=False)
        assert completion_evaluate(enrollment=enrollment) is not None
        assert JpLedgerEntry.objects.count() == 1

    def test_nothing_is_decided_before_the_session_ends(self, hr):
        today = timezone.localdate()
        session = make_session(first_day=today, days=2)  # ends tomorrow
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr, days=[today])
        assert not Completion.objects.exists()
        # Tomorrow cannot be marked yet.
        assert not AttendanceRecord.objects.filter(day=today + dt.timedelta(days=1)).exists()

    def test_cancelled_enrollment_does_not_complete(self, hr):
        session = make_session()
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        enrollment.status = EnrollmentStatus.CANCELLED
        enrollment.save()
        assert completion_evaluate(enrollment=enrollment) is None
        assert not JpLedgerEntry.objects.exists()


class TestLedgerIdempotence:
    def test_saving_and_evaluating_again_credits_once(self, hr):
        session = make_session(days=2)
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        mark_all(session, enrollment, hr)
        completion_evaluate(enrollment=enrollment)
        completion_evaluate_ended_sessions(today=timezone.localdate())
        assert Completion.objects.count() == 1
        assert JpLedgerEntry.objects.count() == 1
        assert JpLedgerEntry.objects.get().jp == Decimal("10.0")

    def test_roster_save_is_idempotent(self, hr):
        session = make_session(days=2)
        enrollment = enroll(EmployeeFactory(), session)
        days = set(session_days(session=session))
        assert attendance_save(session=session, present={enrollment.pk: days}, marked_by=hr) == 2
        assert attendance_save(session=session, present={enrollment.pk: days}, marked_by=hr) == 0

    @pytest.mark.parametrize("corrected", [False, True])
    def test_roster_save_queries_do_not_grow_with_the_participants(self, hr, corrected):
        """The completions are evaluated from three loads for the whole roster, and
        only what changed is written: re-saving (or correcting one person) costs the
        same for 3 participants as for 12."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def resave_cost(size: int) -> int:
            session = make_session(days=2)
            enrollments = [enroll(EmployeeFactory(), session) for _ in range(size)]
            days = set(session_days(session=session))
            present = {e.pk: days for e in enrollments}
            attendance_save(session=session, present=present, marked_by=hr)
            if corrected:  # one person was absent on the first day after all
                present[enrollments[0].pk] = days - {min(days)}
            with CaptureQueriesContext(connection) as ctx:
                attendance_save(session=session, present=present, marked_by=hr)
            assert Completion.objects.filter(
                enrollment__session=session).count() == size - int(corrected)
            return len(ctx)

        assert resave_cost(12) == resave_cost(3)

    def test_credit_is_unique_per_source(self):
        employee = EmployeeFactory()
        for _ in range(3):
            jp_ledger_credit(employee=employee, source=JpLedgerSource.MENTORING, source_ref=7,
                             jp=Decimal(2), occurred_on=timezone.localdate(),
                             description="Mentoring")
        assert JpLedgerEntry.objects.count() == 1


class TestEndedSessionsJob:
    def test_evaluates_sessions_that_ended_yesterday(self, hr):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        session = make_session(first_day=yesterday)
        enrollment = enroll(EmployeeFactory(), session)
        # Attendance recorded without evaluation (e.g. before the session ended).
        AttendanceRecord.objects.create(enrollment=enrollment, day=yesterday, present=True,
                                        marked_at=timezone.now())
        older = make_session(first_day=yesterday - dt.timedelta(days=5))
        other = enroll(EmployeeFactory(), older)
        AttendanceRecord.objects.create(enrollment=other, day=older.starts_at.date(),
                                        present=True, marked_at=timezone.now())
        assert completion_evaluate_ended_sessions() == 1
        assert Completion.objects.filter(enrollment=enrollment).exists()
        assert not Completion.objects.filter(enrollment=other).exists()

    def test_task_runs_the_job(self, hr):
        from learning.completion.tasks import completion_evaluate_ended_sessions_task

        session = make_session()
        enrollment = enroll(EmployeeFactory(), session)
        AttendanceRecord.objects.create(enrollment=enrollment, day=session_days(session=session)[0],
                                        present=True, marked_at=timezone.now())
        assert completion_evaluate_ended_sessions_task.delay().get() == 1
        assert Completion.objects.filter(enrollment=enrollment).exists()


class TestCompletionEmail:
    def test_email_sent_once_on_completion(self, hr, django_capture_on_commit_callbacks):
        session = make_session()
        enrollment = enroll(EmployeeFactory(), session)
        with django_capture_on_commit_callbacks(execute=True):
            mark_all(session, enrollment, hr)
        assert len(mail.outbox) == 1
        assert session.page.title in mail.outbox[0].subject
        assert "JP" in mail.outbox[0].body
        # A retried task sends nothing more.
        assert completion_notify(enrollment_id=enrollment.pk) is False
        with django_capture_on_commit_callbacks(execute=True):
            mark_all(session, enrollment, hr)
        assert len(mail.outbox) == 1
        assert CompletionNotice.objects.count() == 1

    def test_failed_send_leaves_no_notice_so_retry_sends(self, hr, monkeypatch):
        session = make_session()
        enrollment = enroll(EmployeeFactory(), session)
        mark_all(session, enrollment, hr)
        def broken(*args, **kwargs):
            raise OSError("SMTP down")

        # The one sender (config.notifications) sends every app's email.
        monkeypatch.setattr("config.notifications.EmailMultiAlternatives.send", broken)
        with pytest.raises(OSError):
            completion_notify(enrollment_id=enrollment.pk)
        assert not CompletionNotice.objects.exists()
        monkeypatch.undo()
        assert completion_notify(enrollment_id=enrollment.pk) is True
        assert len(mail.outbox) == 1


class TestPostTestImport:
    def setup_session(self, n=2):
        session = make_session(passing_score=Decimal("70"))
        enrollments = [enroll(EmployeeFactory(), session) for _ in range(n)]
        return session, enrollments

    def test_import_sets_scores(self, hr):
        session, (a, b) = self.setup_session()
        csv = f"nip;nilai\n{a.employee.nip};85,5\n{b.employee.nip};60\n"
        assert post_test_import(session=session, file=io.BytesIO(csv.encode()),
                                recorded_by=hr) == 2
        assert PostTestScore.objects.get(enrollment=a).score == Decimal("85.50")
        assert PostTestScore.objects.get(enrollment=b).score == Decimal("60.00")

    def test_bad_rows_are_all_reported_and_nothing_saved(self, hr):
        session, (a, b) = self.setup_session()
        outsider = EmployeeFactory()
        csv = (f"nip;nilai\n{a.employee.nip};90\n{outsider.nip};80\n{b.employee.nip};abc\n"
               f"{a.employee.nip};70\n{b.employee.nip};101\n")
        with pytest.raises(ValidationError) as info:
            post_test_import(session=session, file=io.BytesIO(csv.encode()), recorded_by=hr)
        messages = info.value.messages
        assert any(m.startswith("Row 3") or m.startswith("Baris 3") for m in messages)
        assert any("4" in m for m in messages)
        assert any("5" in m for m in messages)
        assert len(messages) == 4
        assert not PostTestScore.objects.exists()

    def test_wrong_header_refused(self, hr):
        session, (a, _b) = self.setup_session()
        with pytest.raises(ValidationError):
            post_test_import(session=session, file=io.BytesIO(f"{a.employee.nip};90\n".encode()),
                             recorded_by=hr)
        assert not PostTestScore.objects.exists()

    def test_not_utf8_refused(self, hr):
        session, _ = self.setup_session()
        with pytest.raises(ValidationError):
            post_test_import(session=session, file=io.BytesIO(b"nip;nilai\n\xff\xfe;1\n"),
                             recorded_by=hr)
