"""Wagtail editing vs enrollments: a publish may not delete a session that has
enrollments; a capacity increase on publish promotes the waitlist."""
from __future__ import annotations

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db.models import ProtectedError
from django.test import RequestFactory

from learning.enrollment import services
from learning.enrollment.wagtail_hooks import refuse_deleting_sessions_with_enrollments
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.enrollment_factories import make_session, make_workshop, run_on_commit_now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_now(monkeypatch):
    run_on_commit_now(monkeypatch)


def _request():
    request = RequestFactory().post("/cms/pages/1/edit/")
    request.user = make_hr_user()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_publish_dropping_a_session_with_enrollments_is_refused():
    workshop = make_workshop()
    keep, drop = make_session(workshop=workshop), make_session(workshop=workshop)
    person = EmployeeFactory()
    services.enrollment_create(session=drop, employee=person, enrolled_by=person.user)
    page = type(workshop).objects.get(pk=workshop.pk)
    page.sessions = [keep]  # what the editor's form would leave
    response = refuse_deleting_sessions_with_enrollments(_request(), page)
    assert response is not None and response.status_code == 302
    # Without enrollments on the dropped session the hook lets the publish through.
    page.sessions = [drop]
    assert refuse_deleting_sessions_with_enrollments(_request(), page) is None


def test_publishing_such_a_revision_anyway_deletes_nothing():
    workshop = make_workshop()
    keep, drop = make_session(workshop=workshop), make_session(workshop=workshop)
    person = EmployeeFactory()
    services.enrollment_create(session=drop, employee=person, enrolled_by=person.user)
    page = type(workshop).objects.get(pk=workshop.pk)
    page.sessions = [keep]
    with pytest.raises(ProtectedError):
        page.save_revision().publish()
    assert WorkshopSession.objects.filter(pk=drop.pk).exists()
    assert Enrollment.objects.filter(session=drop).count() == 1


def test_capacity_increase_on_publish_promotes_the_waitlist():
    session = make_session(capacity=1)
    a, b, c = EmployeeFactory.create_batch(3)
    for person in (a, b, c):
        services.enrollment_create(session=session, employee=person, enrolled_by=person.user)
    page = type(session.page).objects.get(pk=session.page_id)
    page.sessions.get(pk=session.pk)
    sessions = list(page.sessions.all())
    sessions[0].capacity = 2
    page.sessions = sessions
    page.save_revision().publish()
    statuses = dict(Enrollment.objects.filter(session=session)
                    .values_list("employee_id", "status"))
    assert statuses == {a.pk: EnrollmentStatus.ENROLLED, b.pk: EnrollmentStatus.ENROLLED,
                        c.pk: EnrollmentStatus.WAITLISTED}
