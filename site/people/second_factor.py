"""Two-factor authentication (allauth.mfa) and the rule that HR uses it.

HR staff and superusers see and change everyone's records, so when
BANGKOM_MFA_REQUIRED_FOR_HR is on (the default in production) a session of theirs
reaches nothing but their own account pages (/akun/…: setting up the second factor,
logging out) until it has passed a second factor: an authenticator app's code, a
recovery code or a security key, at login or since. A user without an authenticator
is sent to set one up; one who has an authenticator but whose session skipped it (a
session older than the authenticator) is asked for a code. Everyone else may turn
two-factor on at /akun/2fa/; it is never forced on them. docs/access.md
"Two-factor authentication".
"""
from __future__ import annotations

from io import BytesIO
from urllib.parse import urlencode

import segno
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from people.roles import UserLike, user_is_hr

# The authenticators that are a second factor of their own (recovery codes only
# stand in for a lost one).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def second_factor_required(user: UserLike) -> bool:
    """Whether this user may use nothing but their account pages without a second
    factor: HR staff and superusers, when the agency requires it."""
    return bool(settings.BANGKOM_MFA_REQUIRED_FOR_HR and user_is_hr(user))


def session_passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session's login (or a later check) used a second factor, as
    allauth records it in the session."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _account_prefixes() -> tuple[str, ...]:
    # allauth's pages (/akun/…: the 2FA set-up, logout, password), the language
    # switch and the JavaScript catalog they use.
    return (reverse("account_login").rsplit("/", 2)[0] + "/", "/i18n/", "/jsi18n/",
            settings.STATIC_URL)


class HrSecondFactorMiddleware:
    """Sends an HR or superuser session without a second factor to set one up (or to
    enter a code) before any page but their account pages; after it, to the page
    they asked for."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (settings.BANGKOM_MFA_REQUIRED_FOR_HR and request.user.is_authenticated
                and not request.path.startswith(_account_prefixes())
                and second_factor_required(request.user)
                and not session_passed_second_factor(request)):
            return self._to_second_factor(request)
        return self.get_response(request)

    @staticmethod
    def _to_second_factor(request: HttpRequest) -> HttpResponse:
        has_one = Authenticator.objects.filter(user_id=request.user.pk,
                                               type__in=SECOND_FACTORS).exists()
        if has_one:
            target = reverse("mfa_reauthenticate")
        else:
            target = reverse("mfa_index")
            messages.warning(request, _(
                "HR staff must use two-factor authentication. Set up an authenticator "
                "app (or a security key) to continue."))
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{target}?{query}" if query else target)


@receiver(authenticator_added)
def authenticator_added_counts_as_passed(sender, request: HttpRequest, user,
                                         authenticator: Authenticator, **kwargs) -> None:
    """Setting up an authenticator app or a security key proves the session holds it
    (the code or the key's signature was checked): record it as allauth records a
    second factor at login, so HR goes on without logging in again."""
    if authenticator.type in SECOND_FACTORS:
        record_authentication(request, user, "mfa", id=authenticator.pk,
                              type=authenticator.type, enrolled=True)


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter with Bangkom's QR library and names."""

    def build_totp_svg(self, url: str) -> str:
        # segno (already used for certificates and check-in) instead of allauth's
        # default `qrcode`, one dependency fewer.
        buffer = BytesIO()
        segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=2,
                                        xmldecl=False, svgns=True)
        return buffer.getvalue().decode()

    def get_totp_label(self, user) -> str:
        # The authenticator app lists the account by email rather than by NIP.
        return user.email or user.get_username()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """HR cannot remove their last second factor while it is required (they
        would be locked out of everything but this page)."""
        if authenticator.type not in SECOND_FACTORS:
            return super().can_delete_authenticator(authenticator)
        if not second_factor_required(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS).exclude(pk=authenticator.pk)
        return others.exists()
