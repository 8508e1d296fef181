"""HR ends (or restores) an employee's rights: deactivation and reactivation."""
from __future__ import annotations

from django.db import transaction

from people.models import Employee


@transaction.atomic
def employee_deactivate(*, employee: Employee, end_login: bool) -> None:
    """Mark the employee inactive: every right their login had ends at once, as
    people.roles reads the flag on each request (no supervisor, mentor, HR or
    facilitator access, no own pages). With `end_login` the login ends too: the user
    is made inactive, so allauth refuses its password and every open session counts
    as logged out on its next request (Django's auth middleware reloads the user and
    ModelBackend drops an inactive one). Idempotent. An account HR's own login
    depends on is not protected here: the view refuses deactivating oneself."""
    _employee_set_active(employee=employee, active=False, login=end_login)


@transaction.atomic
def employee_reactivate(*, employee: Employee, restore_login: bool) -> None:
    """Undo `employee_deactivate`; the login is restored only when asked (it may have
    been ended for a reason of its own). Idempotent. (An employee import also marks
    every employee in its file active again; their login stays as it is.)"""
    _employee_set_active(employee=employee, active=True, login=restore_login)


def _employee_set_active(*, employee: Employee, active: bool, login: bool) -> None:
    # save(), not update(): the catalog's cached viewer facts (roles, the employee)
    # end on these models' post_save (learning.catalog.signals).
    employee.is_active = active
    employee.save(update_fields=["is_active", "updated_at"])
    if login and employee.user is not None:
        employee.user.is_active = active
        employee.user.save(update_fields=["is_active"])
