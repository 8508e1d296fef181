"""Enrollment obeys what the catalog hides: every path (self, HR's bulk list,
supervisor approval, waitlist promotion) refuses a workshop behind a view
restriction the employee does not pass, an expired workshop and an employee the
workshop's rules do not admit (learning.enrollment.eligibility)."""
from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from learning.enrollment import services
from learning.models import Enrollment, EnrollmentStatus, WorkshopPage
from people.models import PositionKind
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user
from tests.learning.enrollment_factories import make_session, make_workshop, run_on_commit_now

pytestmark = pytest.mark.django_db
S = EnrollmentStatus
CASES = ["restricted", "expired", "ineligible"]
REASONS = {"restricted": "Pelatihan ini tidak terbuka untuk pegawai ini.",
           "expired": "Pelatihan ini tidak lagi ditawarkan.",
           "ineligible": "Pelatihan ini untuk jenis jabatan lain."}


@pytest.fixture(autouse=True)
def _tasks_now(monkeypatch):
    run_on_commit_now(monkeypatch)


def hide(workshop: WorkshopPage, case: str) -> None:
    """Make `workshop` one the catalog hides from an ordinary employee, or one whose
    rules do not admit them (position kind JPT only)."""
    if case == "restricted":  # "HR only", as the issue found it
        restriction = PageViewRestriction.objects.create(
            page=workshop, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name="HR"))
    elif case == "expired":
        WorkshopPage.objects.filter(pk=workshop.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1))
    else:
        WorkshopPage.objects.filter(pk=workshop.pk).update(
            eligible_position_kinds=[PositionKind.JPT])
    workshop.refresh_from_db()


def login(client, employee):
    assert client.login(username=employee.user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("case", CASES)
def test_self_enrollment_is_refused(client, case):
    session = make_session(capacity=1)
    hide(session.page, case)
    person = EmployeeFactory()
    response = login(client, person).post(
        reverse("learning:enrollment_create", args=[session.pk]))
    # A hidden workshop does not show it exists (404); an ineligible one says why.
    assert response.status_code == (302 if case == "ineligible" else 404)
    assert not Enrollment.objects.exists()


def test_self_enrollment_in_a_full_hidden_workshop_is_not_waitlisted(client):
    session = make_session(capacity=1)
    services.enrollment_create(session=session, employee=(first := EmployeeFactory()),
                               enrolled_by=first.user)
    hide(session.page, "expired")
    response = login(client, EmployeeFactory()).post(
        reverse("learning:enrollment_create", args=[session.pk]))
    assert response.status_code == 404
    assert Enrollment.objects.filter(status=S.WAITLISTED).count() == 0


def test_a_member_of_the_restricted_group_may_enroll():
    session = make_session(capacity=1)
    hide(session.page, "restricted")
    member = EmployeeFactory()
    member.user.groups.add(Group.objects.get(name="HR"))
    assert services.enrollment_create(session=session, employee=member,
                                      enrolled_by=member.user).status == S.ENROLLED


def test_a_passed_password_restriction_admits_self_enrollment():
    session = make_session(capacity=1)
    restriction = PageViewRestriction.objects.create(
        page=session.page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia")
    person = EmployeeFactory()
    with pytest.raises(services.EnrollmentError):
        services.enrollment_create(session=session, employee=person, enrolled_by=person.user)
    result = services.enrollment_enroll(session=session, employee=person,
                                        enrolled_by=person.user,
                                        passed_restriction_ids=[restriction.pk])
    assert result.created


@pytest.mark.parametrize("case", CASES)
def test_bulk_enrollment_by_hr_is_refused(client, case):
    session = make_session(capacity=5)
    hide(session.page, case)
    person = EmployeeFactory()
    hr = make_hr_user()
    assert client.login(username=hr.username, password=PASSWORD)
    response = client.post(reverse("learning:enrollment_bulk", args=[session.pk]),
                           {"nips": person.nip})
    html = response.content.decode()
    assert "0 terdaftar, 0 masuk daftar tunggu, 1 ditolak." in html
    assert REASONS[case] in html
    assert not Enrollment.objects.exists()


def _pending_request():
    boss = EmployeeFactory()
    worker = EmployeeFactory(supervisor=boss)
    session = make_session(workshop=make_workshop(requires_approval=True), capacity=1)
    pending = services.enrollment_create(session=session, employee=worker,
                                         enrolled_by=worker.user)
    assert pending.status == S.PENDING_APPROVAL
    return boss, session, pending


@pytest.mark.parametrize("case", CASES)
def test_supervisor_approval_is_refused(case):
    boss, session, pending = _pending_request()
    hide(session.page, case)
    with pytest.raises(services.EnrollmentError) as info:
        services.enrollment_decide(enrollment=pending, decided_by_user=boss.user,
                                   approve=True)
    assert info.value.code == "ineligible"
    pending.refresh_from_db()
    assert pending.status == S.PENDING_APPROVAL
    # The supervisor can still reject it, which frees the seat.
    services.enrollment_decide(enrollment=pending, decided_by_user=boss.user, approve=False,
                               reason="Tidak lagi tersedia")


@pytest.mark.parametrize("case", CASES)
def test_waitlist_promotion_skips_and_ends_the_hidden(case):
    session = make_session(capacity=1)
    holder, waiting = EmployeeFactory(), EmployeeFactory()
    seat = services.enrollment_create(session=session, employee=holder,
                                      enrolled_by=holder.user)
    queued = services.enrollment_create(session=session, employee=waiting,
                                        enrolled_by=waiting.user)
    assert queued.status == S.WAITLISTED
    hide(session.page, case)
    session.refresh_from_db()
    services.enrollment_cancel(enrollment=seat, cancelled_by=holder.user)
    queued.refresh_from_db()
    assert queued.status == S.CANCELLED
    assert queued.decision_reason == REASONS[case]
    assert not Enrollment.objects.filter(status__in=[S.ENROLLED, S.PENDING_APPROVAL]).exists()


def test_waitlist_promotion_still_promotes_the_admitted():
    session = make_session(capacity=1)
    holder, waiting = EmployeeFactory(), EmployeeFactory()
    seat = services.enrollment_create(session=session, employee=holder,
                                      enrolled_by=holder.user)
    queued = services.enrollment_create(session=session, employee=waiting,
                                        enrolled_by=waiting.user)
    services.enrollment_cancel(enrollment=seat, cancelled_by=holder.user)
    queued.refresh_from_db()
    assert queued.status == S.ENROLLED
