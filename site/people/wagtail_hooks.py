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


@hooks.register("register_log_actions")
def personal_data_log_actions(actions) -> None:  # type: ignore[no-untyped-def]
    """The audit trail's label for a personal-data download (people/personal_data.py).
    The audit-trail code may register the same action: Wagtail would then keep the
    last formatter and list the action twice in its filter, so register it only once
    (the hooks run while the registry scans, hence `formatters`, not action_exists())."""
    from people.personal_data import PERSONAL_DATA_EXPORT_ACTION

    if PERSONAL_DATA_EXPORT_ACTION not in actions.formatters:
        actions.register_action(PERSONAL_DATA_EXPORT_ACTION, _("Personal data downloaded"),
                                _("Personal data downloaded"))
