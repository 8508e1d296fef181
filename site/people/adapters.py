from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email, filter_users_by_username
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from config.links import absolute_url
from people.login_limits import (
    LoginRefused,
    forwarded_request_note,
    known_device_remember,
    login_failure_consume,
    login_failures_clear,
    reset_email_allowed,
)
from people.models import User
from people.roles import employee_for, user_may_access_admin


def user_for_login(*, username: str | None = None, email: str | None = None) -> User | None:
    """The one account a typed login names (a NIP/username or an email, any case), or
    None when it names no account or more than one."""
    if email:
        users = filter_users_by_email(email, prefer_verified=False)
        if len(users) == 1:
            return users[0]
    if username:
        users = list(filter_users_by_username(username)[:2])
        if len(users) == 1:
            return users[0]
    return None


# What a password-reset request sends: the link, or (to an address no account has)
# the "no account here" note. Both are limited per address (reset_email_allowed).
RESET_EMAILS = {"account/email/password_reset_key", "account/email/unknown_account"}


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from HR's employee import; open sign-up only when the agency
    turns on BANGKOM_OPEN_SIGNUP."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.BANGKOM_OPEN_SIGNUP

    # --- Wrong passwords: people.login_limits (docs/foundation.md "Logins") --------
    # allauth calls pre_authenticate before every password check (login and
    # reauthentication) and rolls `_login_failed_rl_usage` back when the password was
    # right; _delete_login_attempts_cached_email after a reset through the emailed
    # link. Private hooks of the pinned version, tested in
    # tests/people/test_login_lockout.py and test_login_throttle.py.
    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """Count this check per (account, client), per account and per known device,
        not per account alone: a stranger's wrong passwords stop the stranger. The
        typed login is resolved to its account (`user_for_login`), so a NIP and the
        same person's email share one count; an unknown name keeps allauth's key."""
        user = user_for_login(username=credentials.get("username"),
                              email=credentials.get("email"))
        try:
            self._login_failed_rl_usage = login_failure_consume(
                request=request, account_id=user.pk if user else None,
                typed_key=super()._get_login_attempts_cache_key(request, **credentials))
        except LoginRefused:
            self._login_failed_rl_usage = None
            raise self.validation_error("too_many_login_attempts") from None

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials) -> None:
        user = user_for_login(email=credentials.get("email"))
        if user is not None:
            login_failures_clear(request=request, account_id=user.pk)

    def post_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        known_device_remember(request=request, response=response, user_id=user.pk)
        return response

    def get_client_ip(self, request: HttpRequest) -> str:
        forwarded_request_note(request)
        return super().get_client_ip(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """An admin account without an employee record (the superuser) has nothing
        on the home page: it lands in the admin, as the README says. An explicit
        ?next= still wins (allauth checks it first)."""
        user = request.user
        if employee_for(user) is None and user_may_access_admin(user):
            return "/cms/"
        return super().get_login_redirect_url(request)

    # Without django.contrib.sites allauth names the site after the request's host
    # ("Halo dari 127.0.0.1:8101!") and builds links from it; emails name Bangkom and
    # link to SITE_URL like every other email (config.links.absolute_url).
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if template_prefix in RESET_EMAILS and not reset_email_allowed(
                request=context["request"], address=email):
            return
        context = {"current_site": email_site(), **context}
        super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.WAGTAIL_SITE_NAME}] {subject}"

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key",
                       kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))


def email_site() -> SimpleNamespace:
    """What allauth's emails call the site: its name and the host of SITE_URL."""
    return SimpleNamespace(name=settings.WAGTAIL_SITE_NAME,
                           domain=urlsplit(settings.SITE_URL).netloc)


def user_display(user) -> str:
    """How allauth names a user in its messages ("Signed in as ..."): the employee's
    name rather than their NIP."""
    return user.display_name
