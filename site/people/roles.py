"""Who a user is to Bangkom. Every view asks these small functions instead of
re-deriving roles, so the rules are tested once (tests/cms/test_roles.py).

- employee: a user linked to an Employee;
- supervisor: an employee with at least one active subordinate;
- mentor: a member of the Mentor group (the mentoring app pairs them with mentees);
- HR staff: a member of the HR group, or a superuser.

A login whose employee record HR deactivated (`Employee.is_active` false) has none of
these roles, at once: it is no employee (`employee_for` is None), supervises, mentors
and administers nothing (`user_is_deactivated`). Whether it may still log in at all is
HR's choice when deactivating (`people.services.employees.employee_deactivate`).
"""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Exists, OuterRef, Q

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
    return bool(user.is_authenticated and (user.is_superuser or HR_GROUP in _group_names(user))
                and not user_is_deactivated(user))


def user_is_mentor(user: UserLike) -> bool:
    return MENTOR_GROUP in _group_names(user) and not user_is_deactivated(user)


def _employee_record(user: UserLike) -> Employee | None:
    # The reverse one-to-one is cached on the user, its absence too: one query a
    # request however many role questions are asked.
    if not user.is_authenticated:
        return None
    try:
        return user.employee  # type: ignore[union-attr]
    except Employee.DoesNotExist:
        return None


def employee_for(user: UserLike) -> Employee | None:
    """The active employee record behind a login, or None (a pure admin account, or
    an employee HR deactivated)."""
    employee = _employee_record(user)
    return employee if employee is not None and employee.is_active else None


def user_is_deactivated(user: UserLike) -> bool:
    """The login belongs to an employee record HR deactivated: it has no rights."""
    employee = _employee_record(user)
    return employee is not None and not employee.is_active


def user_is_supervisor(user: UserLike) -> bool:
    employee = employee_for(user)
    if employee is None:
        return False
    # Loaded by employee_with_roles_for: the same rule, asked with the record.
    known = getattr(employee, "supervises_anyone", None)
    if known is not None:
        return known
    return employee.subordinates.filter(is_active=True).exists()


def employee_with_roles_for(user: UserLike) -> Employee | None:
    """The employee record behind a login with its position and golongan, and
    whether they supervise anyone (so user_is_supervisor asks nothing more), in
    one query; None when there is none. Caches it on the user as employee_for does."""
    if not user.is_authenticated:
        return None
    employee = (Employee.objects.select_related("position", "rank")
                .annotate(supervises_anyone=Exists(Employee.objects.filter(
                    supervisor=OuterRef("pk"), is_active=True)))
                .filter(user_id=user.pk).first())
    User.employee.related.set_cached_value(user, employee)
    return employee if employee is not None and employee.is_active else None


def user_may_access_admin(user: UserLike) -> bool:
    """Whether Wagtail's admin is open to the user: Django's ModelBackend rule for
    the one permission `wagtailadmin.access_admin` (an active superuser, or the
    permission given to the user or to one of their groups), in one query rather
    than loading all their permissions as has_perm() does. tests/cms/test_roles.py
    checks it agrees with has_perm()."""
    if not (user.is_authenticated and user.is_active) or user_is_deactivated(user):
        return False
    if user.is_superuser:
        return True
    return Permission.objects.filter(
        Q(user=user) | Q(group__user=user),
        content_type__app_label="wagtailadmin", codename="access_admin",
    ).exists()


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
