"""HR ends (or restores) an employee's rights: deactivation and reactivation."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from people.models import Employee, User


@transaction.atomic
def employee_deactivate(*, employee: Employee, end_login: bool) -> None:
    """Mark the employee inactive: every right their login had ends at once, as
    people.roles reads the flag on each request (no supervisor, mentor, HR or
    facilitator access, no own pages). With `end_login` the login ends too: the user
    is made inactive, so allauth refuses its password and every open session counts
    as logged out on its next request (Django's auth middleware reloads the user and
    ModelBackend drops an inactive one). Idempotent. An account HR's own login
    depends on is not protected here: the view refuses deactivating oneself."""
    now = timezone.now()
    Employee.objects.filter(pk=employee.pk).update(is_active=False, updated_at=now)
    if end_login and employee.user_id:
        User.objects.filter(pk=employee.user_id).update(is_active=False)
    employee.is_active = False


@transaction.atomic
def employee_reactivate(*, employee: Employee, restore_login: bool) -> None:
    """Undo `employee_deactivate`; the login is restored only when asked (it may have
    been ended for a reason of its own). Idempotent. (An employee import also marks
    every employee in its file active again; their login stays as it is.)"""
    now = timezone.now()
    Employee.objects.filter(pk=employee.pk).update(is_active=True, updated_at=now)
    if restore_login and employee.user_id:
        User.objects.filter(pk=employee.user_id).update(is_active=True)
    employee.is_active = True
