from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def password_change_menu_item(request: HttpRequest) -> dict:
    """Wagtail's own password panel is off (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED):
    point HR at allauth's change form, which limits wrong old passwords."""
    return {
        "url": reverse("account_change_password"),
        "label": _("Change password"),
        "help_text": _("Change the password you log in to Bangkom with."),
    }
