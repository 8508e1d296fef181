"""The permission-checked fetches (`<thing>_get_for_<role>`) the completion views
start with: 404 for what the user may not know exists, 403 for what they may not do."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from learning.enrollment.selectors import sessions_with_seats
from learning.models import Enrollment, WorkshopSession
from learning.models.completion import ExternalLearning
from people.models import User
from people.roles import employee_for, user_is_deactivated, user_is_hr


def session_get_for_roster(*, session_id: int, user: User) -> WorkshopSession:
    """The session whose roster `user` may mark: HR, or the session's facilitator
    account. 404 for an unknown session, 403 for anyone else."""
    session = (
        sessions_with_seats(WorkshopSession.objects)  # the roster's header, same query
        .select_related("page__learning_form", "facilitator_user")
        .filter(pk=session_id).first()
    )
    if session is None:
        raise Http404
    if not (user_is_hr(user) or _is_facilitator(session, user)):
        raise PermissionDenied
    return session


def enrollment_get_for_participant(*, enrollment_id: int, user: User) -> Enrollment:
    """The user's own enrollment (with its completion); 404 for anyone else's, so
    ids of other people's enrollments reveal nothing."""
    employee = employee_for(user)
    enrollment = (
        Enrollment.objects.select_related("session__page", "employee")
        .filter(pk=enrollment_id, employee=employee).first()
        if employee else None
    )
    if enrollment is None:
        raise Http404
    return enrollment


def external_learning_get_for_viewer(*, external_id: int, user: User) -> ExternalLearning:
    """A submission its owner or HR may see (and download the proof of); 404 else."""
    external = ExternalLearning.objects.select_related("employee").filter(pk=external_id).first()
    if external is None:
        raise Http404
    if user_is_hr(user):
        return external
    employee = employee_for(user)
    if employee is None or external.employee_id != employee.pk:
        raise Http404
    return external


def hr_required(user: User) -> None:
    """403 unless the user is HR."""
    if not user_is_hr(user):
        raise PermissionDenied


def _is_facilitator(session: WorkshopSession, user: User) -> bool:
    # A facilitator's login whose employee record HR deactivated marks nothing.
    return bool(user.is_authenticated and session.facilitator_user_id == user.pk
                and not user_is_deactivated(user))
