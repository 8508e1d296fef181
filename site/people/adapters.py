from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from HR's employee import; open sign-up only when the agency
    turns on BANGKOM_OPEN_SIGNUP."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.BANGKOM_OPEN_SIGNUP


def user_display(user) -> str:
    """How allauth names a user in its messages ("Signed in as ..."): the employee's
    name rather than their NIP."""
    return user.display_name
