"""Who may see which competency profile. Views ask these; tests/competencies/
test_access_gaps.py checks them per role, with forged ids.

- an employee: their own profile;
- a supervisor: also every direct and indirect report (not peers, not their boss);
- HR: everyone, plus the heatmap, exports and recomputation.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from people.models import Employee, User
from people.roles import employee_for, user_is_hr
from people.selectors import employee_team_ids


def gap_profile_get_for_viewer(*, employee_id: int, user: User) -> Employee | None:
    """The employee whose profile `user` asked for, or None when it does not exist
    or `user` may not see it (the view answers 404 to both, so ids don't leak)."""
    employee = Employee.objects.with_org().filter(pk=employee_id).first()
    if employee is None or not user.is_authenticated:
        return None
    if user_is_hr(user):
        return employee
    me = employee_for(user)
    if me is None:
        return None
    if employee.pk == me.pk or employee.pk in employee_team_ids(supervisor=me):
        return employee
    return None


def gap_team_get_for_supervisor(*, user: User) -> tuple[Employee, set[int]]:
    """The supervisor behind `user` and their team's ids; PermissionDenied for a
    user with no employee record or nobody reporting to them."""
    me = employee_for(user)
    if me is None:
        raise PermissionDenied
    team = employee_team_ids(supervisor=me)
    if not team:
        raise PermissionDenied
    return me, team


def gap_analysis_check_hr(*, user: User) -> None:
    """HR only (the heatmap, exports, recomputation): PermissionDenied otherwise."""
    if not user_is_hr(user):
        raise PermissionDenied
