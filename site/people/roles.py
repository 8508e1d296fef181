"""Who a user is to Bangkom. Every view asks these small functions instead of
re-deriving roles, so the rules are tested once (tests/cms/test_roles.py).

- employee: a user linked to an Employee;
- supervisor: an employee with at least one active subordinate;
- mentor: a member of the Mentor group (the mentoring app pairs them with mentees);
- HR staff: a member of the HR group, or a superuser.
"""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from people.models import Employee, User

HR_GROUP = "HR"
MENTOR_GROUP = "Mentor"

UserLike = User | AnonymousUser


def _group_names(user: UserLike) -> set[str]:
    # Cached on the user object: a page asks several role questions per request.
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_bangkom_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._bangkom_groups = cached  # type: ignore[union-attr]
    return cached


def user_is_hr(user: UserLike) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or HR_GROUP in _group_names(user)))


def user_is_mentor(user: UserLike) -> bool:
    return MENTOR_GROUP in _group_names(user)


def employee_for(user: UserLike) -> Employee | None:
    """The employee record behind a login, or None (e.g. a pure admin account)."""
    if not user.is_authenticated:
        return None
    try:
        return user.employee  # type: ignore[union-attr]
    except Employee.DoesNotExist:
        return None


def user_is_supervisor(user: UserLike) -> bool:
    employee = employee_for(user)
    return bool(employee and employee.subordinates.filter(is_active=True).exists())


def user_roles(user: UserLike) -> list[str]:
    """The role names, for display and for templates."""
    roles = []
    if employee_for(user):
        roles.append("employee")
    if user_is_supervisor(user):
        roles.append("supervisor")
    if user_is_mentor(user):
        roles.append("mentor")
    if user_is_hr(user):
        roles.append("hr")
    return roles
