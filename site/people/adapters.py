from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email, filter_users_by_username
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from config.links import absolute_url
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


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from HR's employee import; open sign-up only when the agency
    turns on BANGKOM_OPEN_SIGNUP."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.BANGKOM_OPEN_SIGNUP

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        """Key allauth's failed-login limit ("5/5m/key") by the account, not by the
        typed text: one employee logs in by NIP or by email, so keyed by the text a
        NIP locked after 5 wrong passwords still took 5 more through the email.

        allauth calls this (a private hook, pinned version, tested in
        tests/people/test_login_throttle.py) before every password check and when a
        password reset clears the lock. A login that names no account keeps allauth's
        key (the typed text), so unknown names still count and reveal nothing."""
        user = user_for_login(username=credentials.get("username"),
                              email=credentials.get("email"))
        if user is not None:
            return f"account:{user.pk}"
        return super()._get_login_attempts_cache_key(request, **credentials)

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
