"""Reaction evaluations: only the participant, only after completion, once."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learning.completion.selectors.reports import session_report_rows
from learning.completion.selectors.roster import roster_for
from learning.completion.services import attendance_save, evaluation_submit, session_days
from learning.models.completion import Evaluation
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user
from tests.learning.completion_world import enroll, make_session

pytestmark = pytest.mark.django_db

RATINGS = {"material": "5", "facilitator": "4", "organization": "3", "comment": "Bermanfaat"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def completed_enrollment(session=None):
    session = session or make_session()
    enrollment = enroll(EmployeeFactory(), session)
    days = set(session_days(session=session))
    # The roster covers everyone enrolled: mark all of them present.
    attendance_save(session=session, present={e.pk: days for e in session.enrollments.all()},
                    marked_by=make_hr_user("hr.evaluasi"))
    return enrollment


class TestEvaluationRules:
    def test_participant_evaluates_after_completion(self, client):
        enrollment = completed_enrollment()
        login(client, enrollment.employee.user)
        url = reverse("learning:evaluation_form", args=[enrollment.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, RATINGS).status_code == 302
        evaluation = Evaluation.objects.get(enrollment=enrollment)
        assert (evaluation.material, evaluation.facilitator, evaluation.organization) == (5, 4, 3)

    def test_second_evaluation_refused(self, client):
        enrollment = completed_enrollment()
        login(client, enrollment.employee.user)
        url = reverse("learning:evaluation_form", args=[enrollment.pk])
        client.post(url, RATINGS)
        response = client.post(url, {**RATINGS, "material": "1"}, follow=True)
        assert "Anda sudah mengevaluasi sesi ini." in response.content.decode()
        assert Evaluation.objects.get().material == 5

    def test_before_completion_refused(self):
        session = make_session()
        enrollment = enroll(EmployeeFactory(), session)
        with pytest.raises(ValidationError):
            evaluation_submit(enrollment=enrollment, user=enrollment.employee.user,
                              material=5, facilitator=5, organization=5)
        assert not Evaluation.objects.exists()

    def test_someone_elses_enrollment_is_404(self, client):
        enrollment = completed_enrollment()
        login(client, EmployeeFactory().user)
        url = reverse("learning:evaluation_form", args=[enrollment.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, RATINGS).status_code == 404
        assert not Evaluation.objects.exists()

    def test_service_refuses_non_participant(self):
        enrollment = completed_enrollment()
        with pytest.raises(ValidationError):
            evaluation_submit(enrollment=enrollment, user=make_hr_user(),
                              material=5, facilitator=5, organization=5)

    def test_out_of_range_rating_refused(self, client):
        enrollment = completed_enrollment()
        login(client, enrollment.employee.user)
        client.post(reverse("learning:evaluation_form", args=[enrollment.pk]),
                    {**RATINGS, "material": "6"})
        assert not Evaluation.objects.exists()


class TestEvaluationAggregates:
    def test_averages_per_session_and_in_report(self):
        session = make_session()
        for material in (5, 3):
            enrollment = completed_enrollment(session)
            evaluation_submit(enrollment=enrollment, user=enrollment.employee.user,
                              material=material, facilitator=4, organization=2)
        roster = roster_for(session=session)
        assert roster.evaluations["count"] == 2
        assert roster.evaluations["material"] == 4
        row = next(r for r in session_report_rows(year=session.starts_at.year)
                   if r["pk"] == session.pk)
        assert row["n_evaluations"] == 2
        assert float(row["avg_material"]) == 4.0
        assert float(row["avg_organization"]) == 2.0
        assert row["n_completed"] == 2
