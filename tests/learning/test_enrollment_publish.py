"""Wagtail editing vs enrollments: a publish may not delete a session that has
enrollments; a capacity increase on publish promotes the waitlist."""
from __future__ import annotations

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.test import RequestFactory

from learning.enrollment import services
from learning.enrollment.wagtail_hooks import refuse_deleting_sessions_with_enrollments
from learning.models import Enrollment, EnrollmentStatus, SessionSeats, WorkshopSession
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


def test_a_stale_revision_without_the_session_publishes_it_as_cancelled():
    """A revision saved before anyone enrolled (a workflow approval or a scheduled
    publish can come much later) keeps the session, cancelled, instead of meeting the
    database's PROTECT; its participants are told and the seat is freed."""
    workshop = make_workshop()
    keep, drop = make_session(workshop=workshop), make_session(workshop=workshop)
    page = type(workshop).objects.get(pk=workshop.pk)
    page.sessions = [keep]
    revision = page.save_revision()  # the editor's draft, before the enrollment
    person = EmployeeFactory()
    services.enrollment_create(session=drop, employee=person, enrolled_by=person.user)
    mail.outbox.clear()
    revision.publish()
    drop.refresh_from_db()
    assert drop.is_cancelled
    assert WorkshopSession.objects.filter(page=workshop).count() == 2
    enrollment = Enrollment.objects.get(session=drop)
    assert enrollment.status == EnrollmentStatus.SESSION_CANCELLED
    assert SessionSeats.objects.get(session=drop).taken == 0
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert "dibatalkan" in mail.outbox[0].subject.lower()


def _edit_form_data(client, workshop) -> dict[str, list[str]]:
    """The Wagtail edit form of `workshop` as a browser would submit it unchanged."""
    from bs4 import BeautifulSoup

    html = client.get(f"/cms/pages/{workshop.pk}/edit/").content.decode()
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or "__prefix__" in name or field.find_parent("template"):
            continue
        if field.name == "select":
            values = [o.get("value", o.text) for o in field.find_all("option", selected=True)]
        elif field.name == "textarea":
            values = [field.text]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        elif field.get("type") in ("submit", "button", "file"):
            continue
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def test_the_editor_cannot_remove_a_session_that_has_enrollments(client):
    from people.models import User

    workshop = make_workshop()
    make_session(workshop=workshop)
    drop = make_session(workshop=workshop)
    person = EmployeeFactory()
    services.enrollment_create(session=drop, employee=person, enrolled_by=person.user)
    client.force_login(User.objects.create_superuser("editor", "e@example.go.id", "x"))
    data = _edit_form_data(client, workshop)
    index = next(k.split("-")[1] for k, v in data.items()
                 if k.startswith("sessions-") and k.endswith("-id") and v == [str(drop.pk)])
    data[f"sessions-{index}-DELETE"] = ["1"]
    response = client.post(f"/cms/pages/{workshop.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 200  # the form again, with the error
    assert "sudah memiliki pendaftar" in response.content.decode()
    assert WorkshopSession.objects.filter(pk=drop.pk, is_cancelled=False).exists()
    assert Enrollment.objects.get(session=drop).status == EnrollmentStatus.ENROLLED
    # Without the enrollment the same removal is accepted.
    Enrollment.objects.filter(session=drop).delete()
    response = client.post(f"/cms/pages/{workshop.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302
    assert not WorkshopSession.objects.filter(pk=drop.pk).exists()


def test_ticking_cancelled_ends_the_enrollments_frees_seats_and_tells_people():
    session = make_session(capacity=1)
    first, second = EmployeeFactory.create_batch(2)
    for person in (first, second):
        services.enrollment_create(session=session, employee=person, enrolled_by=person.user)
    mail.outbox.clear()
    page = type(session.page).objects.get(pk=session.page_id)
    sessions = list(page.sessions.all())
    sessions[0].is_cancelled = True
    page.sessions = sessions
    page.save_revision().publish()
    statuses = set(Enrollment.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == {EnrollmentStatus.SESSION_CANCELLED}
    assert SessionSeats.objects.get(session=session).taken == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    # Publishing again (or a retried task) ends nobody twice and mails nobody twice.
    mail.outbox.clear()
    services.sessions_after_publish(session_ids=[session.pk])
    page.save_revision().publish()
    assert mail.outbox == []


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
