"""Every URL that accepts a password refuses the 6th wrong one in 5 minutes; the
failed-login count is per account (NIP and email together); behind a proxy the
per-IP limits are per client; Wagtail's admin password reset goes through allauth's.

The URLs are found from the resolver (tests/people/password_urls.py), so a new
login path fails `test_every_password_url_is_covered` until a probe below covers it.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from tests.factories import PASSWORD, EmployeeFactory, UserFactory, make_hr_user
from tests.people.password_urls import password_routes

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/akun/login/"
WRONG = "bukan-kata-sandinya"
LOCKED = "Terlalu banyak"  # allauth's "too many failed login attempts", in Indonesian


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Probes: each shows, through HTTP, that the 6th wrong password is refused. -------

def probe_allauth_login(route: str) -> None:
    """5 wrong passwords for one account, then the 6th (even the right one) is refused
    with the lockout message rather than checked."""
    employee = EmployeeFactory()
    client = Client()
    for attempt in range(5):
        response = client.post(route, {"login": employee.nip, "password": WRONG})
        assert response.status_code == 200 and LOCKED not in response.content.decode(), attempt
    for password in (WRONG, PASSWORD):
        response = client.post(route, {"login": employee.nip, "password": password})
        assert LOCKED in response.content.decode() and not is_logged_in(client)


def probe_redirects_to_allauth_login(route: str) -> None:
    """The form is never shown nor checked: GET and POST go to allauth's login."""
    employee = EmployeeFactory()
    client = Client()
    for password in [WRONG] * 6 + [PASSWORD]:
        response = client.post(route, {"username": employee.nip, "login": employee.nip,
                                       "password": password})
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(LOGIN + "?next=")
        assert not is_logged_in(client)
    assert client.get(route)["Location"].startswith(LOGIN + "?next=")


def probe_redirects_to_allauth_password_change(route: str) -> None:
    user = UserFactory(is_staff=True, is_superuser=True)
    client = logged_in_client(user)
    for old in [WRONG] * 6 + [PASSWORD]:
        response = client.post(route, {"old_password": old, "new_password1": "Baru-2026-xyz!",
                                       "new_password2": "Baru-2026-xyz!"})
        assert response.status_code == 302
        assert response["Location"] == "/akun/password/change/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def _refused_after_five(post: Callable[[str], HttpResponse], right: str) -> None:
    """5 wrong passwords are checked; the 6th, and then the right one, get 429 with
    Bangkom's Indonesian page."""
    for attempt in range(5):
        assert post(WRONG).status_code != 429, attempt
    refused = post(WRONG)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert post(right).status_code == 429


def probe_allauth_password_change(route: str) -> None:
    user = UserFactory()
    client = logged_in_client(user)
    new = "Baru-2026-xyz!"
    _refused_after_five(lambda old: client.post(route, {
        "oldpassword": old, "password1": new, "password2": new}), PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def probe_allauth_reauthenticate(route: str) -> None:
    client = logged_in_client(UserFactory())
    _refused_after_five(
        lambda password: client.post(route, {"password": password}), PASSWORD)


def probe_page_privacy_password(route: str) -> None:
    page = Page.objects.get(depth=2)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia-kantor")
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    client = Client()
    _refused_after_five(lambda password: client.post(url, {
        "password": password, "return_url": "/"}), "rahasia-kantor")


def probe_document_privacy_password(route: str) -> None:
    restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(),
        restriction_type=CollectionViewRestriction.PASSWORD, password="rahasia-kantor")
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    client = Client()
    _refused_after_five(lambda password: client.post(url, {
        "password": password, "return_url": "/"}), "rahasia-kantor")


def probe_not_served(route: str) -> None:
    """Wagtail's own reset-confirm form is switched off (WAGTAIL_PASSWORD_MANAGEMENT_
    ENABLED = False): passwords are reset through allauth's."""
    client = Client()
    sample = route
    assert client.get(sample).status_code == 404
    assert client.post(sample, {"new_password1": "x", "new_password2": "x"}).status_code == 404


def checks_no_password(reason: str) -> Callable[[str], None]:
    """A form that sets a new password but verifies no existing one: nothing to guess."""
    def probe(route: str) -> None:
        assert reason

    probe.__doc__ = reason
    return probe


COVERED: dict[str, Callable[[str], None]] = {
    "akun/login/": probe_allauth_login,
    "cms/login/": probe_redirects_to_allauth_login,
    "django-admin/login/": probe_redirects_to_allauth_login,
    "_util/login/": probe_redirects_to_allauth_login,
    "akun/password/change/": probe_allauth_password_change,
    "django-admin/password_change/": probe_redirects_to_allauth_password_change,
    "akun/reauthenticate/": probe_allauth_reauthenticate,
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/":
        probe_page_privacy_password,
    "documents/authenticate_with_password/<int:restriction_id>/":
        probe_document_privacy_password,
    "cms/password_reset/confirm/<uidb64>/<token>/": probe_not_served,
    "akun/signup/": checks_no_password(
        "creates a new account (closed unless BANGKOM_OPEN_SIGNUP); allauth limits it per IP"),
    "akun/password/set/": checks_no_password(
        "a logged-in account without a password chooses its first one"),
    "akun/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": checks_no_password(
        "a new password behind the emailed signed key; allauth limits key tries per IP"),
    "django-admin/people/user/<id>/password/": checks_no_password(
        "a superuser sets another account's password; no old password is asked"),
    "cms/users/new/": checks_no_password(
        "a user manager in Wagtail creates an account with a password"),
    "cms/users/edit/<int:pk>/": checks_no_password(
        "a user manager in Wagtail sets an account's password; no old password is asked"),
    "cms/users/copy/<int:pk>/": checks_no_password(
        "a user manager in Wagtail creates an account from another, with a password"),
}


def test_every_password_url_is_covered():
    """A URL that accepts a password and has no probe here fails: add a throttle (or
    route it to allauth) and a probe."""
    found = password_routes()
    uncovered = {route: found[route] for route in found.keys() - COVERED.keys()}
    assert not uncovered, uncovered
    stale = COVERED.keys() - found.keys()
    assert not stale, f"covered but no longer found (update COVERED): {stale}"


def test_wagtail_login_urls_are_answered_by_the_redirect():
    found = password_routes()
    for route in ("cms/login/", "django-admin/login/", "_util/login/"):
        assert found[route].answered_by.startswith("people.views."), found[route]
    for route in ("_util/authenticate_with_password/<int:page_view_restriction_id>/"
                  "<int:page_id>/", "documents/authenticate_with_password/<int:restriction_id>/"):
        assert found[route].throttle == "view_restriction_password", found[route]


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(COVERED))
def test_sixth_wrong_password_in_five_minutes_is_refused(route):
    COVERED[route](password_routes()[route].sample)


# --- The count is per account (and client), not per typed login. ----------------------
# One client's wrong passwords for an account add up however the login is typed; other
# clients are not stopped by them (tests/people/test_login_lockout.py).

@pytest.mark.django_db
class TestPerAccountLockout:
    def test_locked_nip_locks_its_email_too(self, client):
        employee = EmployeeFactory()
        for _ in range(5):
            client.post(LOGIN, {"login": employee.nip, "password": WRONG})
        response = client.post(LOGIN, {"login": employee.user.email.upper(),
                                       "password": PASSWORD})
        assert not is_logged_in(client) and LOCKED in response.content.decode()

    def test_wrong_passwords_by_nip_and_email_add_up(self, client):
        employee = EmployeeFactory()
        spaced = f"{employee.nip[:8]} {employee.nip[8:14]} {employee.nip[14]} {employee.nip[15:]}"
        for login in [employee.nip, employee.user.email, spaced, employee.user.email.upper(),
                      employee.nip]:
            client.post(LOGIN, {"login": login, "password": WRONG})
        response = client.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert not is_logged_in(client) and LOCKED in response.content.decode()

    def test_another_account_is_not_locked(self, client):
        locked, other = EmployeeFactory(), EmployeeFactory()
        for _ in range(5):
            client.post(LOGIN, {"login": locked.nip, "password": WRONG})
        client.post(LOGIN, {"login": other.user.email, "password": PASSWORD})
        assert int(client.session["_auth_user_id"]) == other.user_id

    def test_unknown_logins_are_counted_and_answered_alike(self, client):
        for _ in range(5):
            client.post(LOGIN, {"login": "tidak.ada@pemda.go.id", "password": WRONG})
        response = client.post(LOGIN, {"login": "tidak.ada@pemda.go.id", "password": WRONG})
        assert LOCKED in response.content.decode()

    def test_a_password_reset_lifts_the_lock(self, client):
        employee = EmployeeFactory()
        for _ in range(5):
            client.post(LOGIN, {"login": employee.nip, "password": WRONG})
        client.post("/akun/password/reset/", {"email": employee.user.email})
        link = re.search(r"https?://[^/]+(/akun/password/reset/key/\S+)", mail.outbox[-1].body)
        set_url = client.get(link.group(1))["Location"]
        new = "Kompetensi-2026!"
        assert client.post(set_url, {"password1": new, "password2": new}).status_code == 302
        client.post(LOGIN, {"login": employee.user.email, "password": new})
        assert is_logged_in(client)


# --- Client addresses behind a proxy -----------------------------------------------

def failed_logins_on_unknown_names(count: int, **client_address) -> None:
    client = Client(**client_address)
    for n in range(count):
        client.post(LOGIN, {"login": f"orang{n}@tidak.ada", "password": WRONG})


@pytest.mark.django_db
class TestClientAddress:
    def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(self, settings):
        """TRUSTED_PROXY_COUNT=0: X-Forwarded-For is ignored, the limit is per
        REMOTE_ADDR, so an attacker cannot pose as many clients."""
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
        for n in range(10):
            Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").post(
                LOGIN, {"login": f"orang{n}@tidak.ada", "password": WRONG})
        employee = EmployeeFactory()
        client = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.99")
        client.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert not is_logged_in(client)
        other = Client(REMOTE_ADDR="192.0.2.11")
        other.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert is_logged_in(other)

    def test_behind_nginx_one_clients_failures_do_not_block_another(self, settings):
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        failed_logins_on_unknown_names(
            10, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        employee = EmployeeFactory()
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
        client.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert is_logged_in(client)
        # The attacking client itself is still limited, whatever it puts first in
        # the header (nginx appends the real address last).
        attacker = Client(REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
        attacker.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert not is_logged_in(attacker)

    def test_behind_nginx_many_clients_log_in_in_one_minute(self, settings):
        """The 30/min per-IP login limit applies per client, not to the proxy."""
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
        employees = EmployeeFactory.create_batch(35)
        for n, employee in enumerate(employees):
            client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            response = client.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
            assert response.status_code == 302 and is_logged_in(client), n

    def test_without_the_setting_everyone_behind_nginx_shares_one_limit(self, settings):
        """What TRUSTED_PROXY_COUNT fixes: left at 0 behind nginx, one client's
        failures lock everyone out."""
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
        failed_logins_on_unknown_names(
            10, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        employee = EmployeeFactory()
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
        client.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert not is_logged_in(client)


def test_trusted_proxy_count_comes_from_the_environment():
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
           "DJANGO_SETTINGS_MODULE": "config.settings", "TRUSTED_PROXY_COUNT": "1",
           "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}"}
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "1", result.stderr
    env.pop("TRUSTED_PROXY_COUNT")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "0", result.stderr


# --- Wagtail admin's password reset and account page --------------------------------

@pytest.mark.django_db
class TestWagtailPasswordPages:
    def test_cms_password_reset_goes_to_allauth_and_sends_nothing_itself(self, client):
        employee = EmployeeFactory()
        for _ in range(10):
            response = client.post("/cms/password_reset/", {"email": employee.user.email})
            assert response.status_code == 302
            assert response["Location"] == "/akun/password/reset/"
        assert mail.outbox == []

    def test_reset_emails_to_one_address_are_limited(self, client):
        """3 an hour (reset_email); the requests past it are answered alike."""
        employee = EmployeeFactory()
        for _ in range(10):
            response = client.post("/akun/password/reset/", {"email": employee.user.email})
            assert response.status_code == 302
        assert len(mail.outbox) == 3

    def test_wagtail_account_page_has_no_password_form(self, client):
        client.force_login(make_hr_user())
        html = client.get("/cms/account/").content.decode()
        assert 'name="old_password"' not in html
        assert 'href="/akun/password/change/"' in html and "Ubah kata sandi" in html
