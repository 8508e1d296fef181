"""Django's permission checks for Bangkom's logins."""
from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from people.roles import user_is_deactivated


class EmployeeModelBackend(ModelBackend):
    """Django's ModelBackend that vetoes every permission of a login whose employee
    record HR deactivated: Wagtail's admin (`wagtailadmin.access_admin`) and every
    other `has_perm` check refuse it at once, like the rest of Bangkom (people.roles).

    It comes first in AUTHENTICATION_BACKENDS: Django asks backends in order and a
    PermissionDenied stops it, while ModelBackend and allauth's backend after it would
    grant the groups' permissions. Being a full ModelBackend it also serves
    `force_login` and logins (which record the first backend); the plain ModelBackend
    stays listed so sessions that recorded it stay valid. (Django lets an active
    superuser past every backend; HR ends such a login with "also end the login".)"""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if user_is_deactivated(user_obj):
            raise PermissionDenied
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        if user_is_deactivated(user_obj):
            raise PermissionDenied
        return super().has_module_perms(user_obj, app_label)
