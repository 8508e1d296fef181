"""People's emails, sent through config.notifications.notification_send."""
from __future__ import annotations

from allauth.core.internal.ratelimit import parse_rate
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.notifications import Notice, notification_language, notification_send
from people.models import LoginCeilingNotice, User


def login_ceiling_notify(*, user_id: int) -> bool:
    """Email the owner that their account met the daily ceiling of wrong passwords
    (people.login_limits). At most once a day per account (LoginCeilingNotice);
    True when sent."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    ceiling = parse_rate(settings.ACCOUNT_RATE_LIMITS["login_failed_account"]).amount

    def compose() -> Notice:
        return Notice(
            subject=_("Many wrong passwords for your Bangkom account"),
            paragraphs=[
                _("In the last 24 hours a wrong password was entered %(count)s times "
                  "for your account, from devices you have not signed in on before. To "
                  "keep the password from being guessed, such devices cannot sign in to "
                  "your account for now.") % {"count": ceiling},
                _("You can still sign in on a device where you have signed in before. "
                  "If it was not you, your account is safe as long as your password is "
                  "not easy to guess; if in doubt, choose a new password through the "
                  "link below, which also lets new devices sign in again."),
            ],
            greet=user.display_name,
            link=reverse("account_reset_password"),
        )

    return notification_send(
        to=[user.email], compose=compose, language=notification_language(user),
        once=lambda: LoginCeilingNotice.objects.create(user=user, day=timezone.localdate()))
