from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from people import roles as people_roles


def _roles_for(request: HttpRequest) -> dict:
    user = request.user
    return {
        "employee": people_roles.employee_for(user),
        "is_hr": people_roles.user_is_hr(user),
        "is_supervisor": people_roles.user_is_supervisor(user),
        "is_mentor": people_roles.user_is_mentor(user),
    }


def roles(request: HttpRequest) -> dict:
    """`bangkom_roles` in every template; lazy, so pages that never ask pay no query.
    `bangkom_open_signup` tells the login page whether to offer sign-up."""
    return {
        "bangkom_roles": SimpleLazyObject(lambda: _roles_for(request)),
        "bangkom_open_signup": settings.BANGKOM_OPEN_SIGNUP,
    }
