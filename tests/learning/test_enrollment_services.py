"""Enrollment services: capacity, waitlist, approval, cancelling, notifications."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.utils import timezone

from learning.enrollment import bulk, services
from learning.enrollment.forms import BulkEnrollForm, nip_rows_from_text
from learning.enrollment.notifications import enrollment_notify
from learning.enrollment.selectors import session_states_for, waitlist_for
from learning.models import (
    Enrollment,
    EnrollmentStatus,
    NotificationKind,
    NotificationSent,
    SessionSeats,
)
from people.models import PositionKind
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.enrollment_factories import make_session, make_workshop, run_on_commit_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_now(monkeypatch):
    run_on_commit_now(monkeypatch)
S = EnrollmentStatus


def enroll(session, employee, **kw):
    return services.enrollment_create(session=session, employee=employee,
                                      enrolled_by=employee.user, **kw)


def seats(session) -> int:
    return SessionSeats.objects.get(session=session).taken


class TestEnroll:
    def test_enrolls_until_full_then_waitlists_in_order(self):
        session = make_session(capacity=2)
        people = EmployeeFactory.create_batch(4)
        results = [enroll(session, p) for p in people]
        assert [e.status for e in results] == [S.ENROLLED, S.ENROLLED, S.WAITLISTED, S.WAITLISTED]
        assert seats(session) == 2
        assert list(waitlist_for(session_id=session.pk)) == results[2:]

    def test_double_click_returns_the_existing_enrollment(self):
        session = make_session(capacity=2)
        person = EmployeeFactory()
        first = enroll(session, person)
        second = enroll(session, person)
        assert second.pk == first.pk and second.just_created is False
        assert Enrollment.objects.filter(session=session).count() == 1
        assert seats(session) == 1

    @pytest.mark.parametrize("fields, code", [
        ({"is_cancelled": True}, "cancelled"),
        ({"starts_in": dt.timedelta(hours=-1), "registration_opens_at":
          timezone.now() - dt.timedelta(days=3),
          "registration_closes_at": timezone.now() - dt.timedelta(days=2)}, "started"),
        ({"registration_opens_at": timezone.now() + dt.timedelta(days=1)}, "not_open"),
        ({"registration_closes_at": timezone.now() - dt.timedelta(minutes=1),
          "registration_opens_at": timezone.now() - dt.timedelta(days=2)}, "closed"),
    ])
    def test_refuses_outside_the_rules(self, fields, code):
        session = make_session(**fields)
        with pytest.raises(services.EnrollmentError) as exc:
            enroll(session, EmployeeFactory())
        assert exc.value.code == code
        assert not Enrollment.objects.exists()

    def test_refuses_ineligible_employee(self):
        workshop = make_workshop(eligible_position_kinds=[PositionKind.FUNGSIONAL])
        session = make_session(workshop=workshop)
        with pytest.raises(services.EnrollmentError) as exc:
            enroll(session, EmployeeFactory())  # a pelaksana
        assert exc.value.code == "ineligible"
        assert not Enrollment.objects.exists()

    def test_overlap_warns_then_enrolls_when_acknowledged(self):
        person = EmployeeFactory()
        first = make_session(capacity=5)
        overlapping = make_session(capacity=5, starts_in=dt.timedelta(days=7, hours=1))
        enroll(first, person)
        with pytest.raises(services.OverlapWarning):
            enroll(overlapping, person)
        assert enroll(overlapping, person, acknowledge_overlap=True).status == S.ENROLLED

    def test_overlap_blocked_by_setting(self, settings):
        settings.BANGKOM_BLOCK_OVERLAPPING_ENROLLMENTS = True
        person = EmployeeFactory()
        enroll(make_session(capacity=5), person)
        other = make_session(capacity=5, starts_in=dt.timedelta(days=7, hours=1))
        with pytest.raises(services.EnrollmentError) as exc:
            enroll(other, person, acknowledge_overlap=True)
        assert exc.value.code == "overlap_blocked"


class TestCancelAndPromote:
    def test_cancel_frees_the_seat_and_promotes_the_first_in_line(self):
        session = make_session(capacity=1)
        a, b, c = EmployeeFactory.create_batch(3)
        ea, eb, ec = enroll(session, a), enroll(session, b), enroll(session, c)
        mail.outbox.clear()
        services.enrollment_cancel(enrollment=ea, cancelled_by=a.user)
        eb.refresh_from_db(), ec.refresh_from_db()
        assert (eb.status, ec.status) == (S.ENROLLED, S.WAITLISTED)
        assert seats(session) == 1
        subjects = [m.subject for m in mail.outbox]
        assert any(m.to == [b.email] and "Kursi" in m.subject for m in mail.outbox), subjects
        assert any(m.to == [a.email] for m in mail.outbox)

    def test_cancelling_twice_is_a_no_op(self):
        session = make_session(capacity=1)
        a = EmployeeFactory()
        ea = enroll(session, a)
        services.enrollment_cancel(enrollment=ea, cancelled_by=a.user)
        services.enrollment_cancel(enrollment=ea, cancelled_by=a.user)
        assert seats(session) == 0

    def test_a_newcomer_does_not_overtake_the_waitlist_after_capacity_grows(self):
        session = make_session(capacity=1)
        a, b, c = EmployeeFactory.create_batch(3)
        enroll(session, a)
        eb = enroll(session, b)
        session.capacity = 2
        session.save()
        ec = enroll(session, c)  # before the publish hook promoted b
        assert ec.status == S.WAITLISTED
        services.sessions_after_publish(session_ids=[session.pk])
        eb.refresh_from_db(), ec.refresh_from_db()
        assert (eb.status, ec.status) == (S.ENROLLED, S.WAITLISTED)

    def test_reenrolling_after_cancel_is_allowed(self):
        session = make_session(capacity=1)
        a = EmployeeFactory()
        services.enrollment_cancel(enrollment=enroll(session, a), cancelled_by=a.user)
        assert enroll(session, a).status == S.ENROLLED


class TestApproval:
    def _pair(self):
        boss = EmployeeFactory()
        worker = EmployeeFactory(supervisor=boss)
        return boss, worker

    def test_pending_holds_a_seat_and_mails_the_supervisor(self, settings):
        settings.BANGKOM_APPROVAL_HOLD_HOURS = 24
        boss, worker = self._pair()
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=1)
        e = enroll(session, worker)
        assert e.status == S.PENDING_APPROVAL and seats(session) == 1
        assert abs((e.approval_deadline - timezone.now()) - dt.timedelta(hours=24)) < \
            dt.timedelta(minutes=1)
        assert [m.to for m in mail.outbox] == [[boss.email]]

    def test_deadline_never_after_session_start(self):
        _, worker = self._pair()
        session = make_session(workshop=make_workshop(requires_approval=True),
                               starts_in=dt.timedelta(hours=5),
                               registration_closes_at=timezone.now() + dt.timedelta(hours=4))
        e = enroll(session, worker)
        assert e.approval_deadline == session.starts_at

    def test_reject_needs_reason_and_frees_seat_for_waitlist(self):
        boss, worker = self._pair()
        other = EmployeeFactory(supervisor=boss)
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=1)
        e = enroll(session, worker)
        w = enroll(session, other)
        assert w.status == S.WAITLISTED
        with pytest.raises(services.EnrollmentError):
            services.enrollment_decide(enrollment=e, decided_by_user=boss.user, approve=False)
        services.enrollment_decide(enrollment=e, decided_by_user=boss.user, approve=False,
                                   reason="Beban kerja tinggi")
        e.refresh_from_db(), w.refresh_from_db()
        assert e.status == S.REJECTED and e.decided_by == boss
        # The promoted person also needs approval: pending, holding the seat.
        assert w.status == S.PENDING_APPROVAL and seats(session) == 1

    def test_approve(self):
        boss, worker = self._pair()
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=1)
        e = services.enrollment_decide(enrollment=enroll(session, worker),
                                       decided_by_user=boss.user, approve=True)
        assert e.status == S.ENROLLED and seats(session) == 1
        with pytest.raises(services.EnrollmentError):
            services.enrollment_decide(enrollment=e, decided_by_user=boss.user, approve=True)

    def test_overdue_requests_lapse_and_promote(self):
        _, worker = self._pair()
        waiting = EmployeeFactory()
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=1)
        e = enroll(session, worker)
        w = enroll(session, waiting)
        assert services.enrollment_lapse_overdue() == 0
        Enrollment.objects.filter(pk=e.pk).update(
            approval_deadline=timezone.now() - dt.timedelta(minutes=1))
        assert services.enrollment_lapse_overdue() == 1
        assert services.enrollment_lapse_overdue() == 0  # idempotent
        e.refresh_from_db(), w.refresh_from_db()
        assert e.status == S.LAPSED and w.status == S.PENDING_APPROVAL

    def test_hr_enrolling_skips_approval(self):
        _, worker = self._pair()
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=1)
        e = services.enrollment_create(session=session, employee=worker,
                                       enrolled_by=make_hr_user())
        assert e.status == S.ENROLLED and not e.approval_required


class TestNotification:
    def test_sent_once_even_when_the_task_is_retried(self):
        session = make_session(capacity=1)
        a = EmployeeFactory()
        e = enroll(session, a)
        assert len(mail.outbox) == 1  # the enrolled email, through the eager task
        assert mail.outbox[0].subject.startswith("Anda terdaftar")
        assert mail.outbox[0].alternatives[0][1] == "text/html"
        assert enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED) is False
        assert len(mail.outbox) == 1
        assert NotificationSent.objects.filter(enrollment=e).count() == 1

    def test_a_failed_send_leaves_no_row_so_the_retry_sends(self, monkeypatch):
        session = make_session(capacity=1)
        a = EmployeeFactory()
        from django.core.mail import EmailMultiAlternatives

        def boom(self, *args, **kwargs):
            raise OSError("smtp down")

        monkeypatch.setattr(EmailMultiAlternatives, "send", boom)
        e = Enrollment.objects.create(session=session, employee=a, status=S.ENROLLED)
        with pytest.raises(OSError):
            enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED)
        assert not NotificationSent.objects.exists()
        monkeypatch.undo()
        assert enrollment_notify(enrollment_id=e.pk, kind=NotificationKind.ENROLLED) is True

    def test_reminders_for_tomorrow_sent_once(self):
        now = timezone.localtime()
        tomorrow_noon = (now + dt.timedelta(days=1)).replace(hour=12, minute=0, second=0,
                                                             microsecond=0)
        session = make_session(capacity=3, starts_in=tomorrow_noon - now,
                               registration_closes_at=now + dt.timedelta(hours=1))
        later = make_session(capacity=3, starts_in=tomorrow_noon - now + dt.timedelta(days=1))
        a = EmployeeFactory()
        e = enroll(session, a)
        enroll(later, a)
        assert services.enrollment_reminders_due() == [e.pk]
        from learning.enrollment.tasks import enrollment_send_reminders_task

        mail.outbox.clear()
        enrollment_send_reminders_task()
        enrollment_send_reminders_task()  # beat ran twice: still one email
        assert [m.subject for m in mail.outbox] == [f"Besok: {session.page.title}"]


class TestBulk:
    def test_paste_report_per_row(self):
        session = make_session(capacity=1)
        a, b = EmployeeFactory.create_batch(2)
        ineligible_ws = make_workshop(eligible_position_kinds=[PositionKind.JPT])
        hr = make_hr_user()
        text = f"{a.nip}\n\n {b.nip[:8]} {b.nip[8:]} \n{a.nip}\n199001012020011999\n"
        rows = nip_rows_from_text(text)
        assert rows[1] == (3, b.nip)
        report = bulk.enrollment_bulk_create(session=session, rows=rows, enrolled_by=hr)
        assert [(r.row, r.outcome) for r in report] == [
            (1, "enrolled"), (3, "waitlisted"), (4, "refused"), (5, "refused")]
        assert "NIP" in report[3].reason
        other = make_session(workshop=ineligible_ws)
        report = bulk.enrollment_bulk_create(session=other, rows=[(1, a.nip)],
                                                 enrolled_by=hr)
        assert report[0].outcome == "refused"

    def test_csv_and_xlsx_files(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from openpyxl import Workbook

        a = EmployeeFactory()
        csv_file = SimpleUploadedFile("p.csv", f"nama;nip\nA;{a.nip}\n".encode())
        form = BulkEnrollForm(data={}, files={"file": csv_file})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["rows"] == [(2, a.nip)]
        book = Workbook()
        book.active.append(["NIP", "nama"])
        book.active.append([a.nip, "A"])
        buf = io.BytesIO()
        book.save(buf)
        form = BulkEnrollForm(data={}, files={"file": SimpleUploadedFile("p.xlsx", buf.getvalue())})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["rows"] == [(2, a.nip)]

    @pytest.mark.parametrize("name, content", [
        ("p.csv", b"nama\nA\n"), ("p.xlsx", b"not a zip"), ("p.pdf", b"%PDF"),
        ("p.csv", b"\xff\xfe\x00bad"),
    ])
    def test_malformed_files_are_refused_with_a_message(self, name, content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        form = BulkEnrollForm(data={}, files={"file": SimpleUploadedFile(name, content)})
        assert not form.is_valid()
        assert form.non_field_errors()


class TestSessionStates:
    def test_states_with_constant_queries(self, django_assert_num_queries):
        for size in (1, 4):
            sessions = [make_session(capacity=1) for _ in range(size)]
            me = EmployeeFactory()
            for s in sessions:
                enroll(s, EmployeeFactory())
                enroll(s, EmployeeFactory())
                enroll(s, me, acknowledge_overlap=True)
            ids = [s.pk for s in sessions]
            # The user's enrollments, their waitlist places, the sessions.
            with django_assert_num_queries(3):
                states = session_states_for(user=me.user, session_ids=ids)
            assert all(states[i]["status"] == S.WAITLISTED and states[i]["position"] == 2
                       for i in ids)
            assert all(states[i]["can_cancel"] and not states[i]["can_enroll"] for i in ids)
