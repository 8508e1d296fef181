"""Two-factor authentication for HR (people/second_factor.py) and the login history
and sessions pages (people/session_views.py), through real logins over HTTP."""
from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.test import Client

from people.models import LoginRecord
from people.user_agents import browser_label
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXP"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def totp_code(secret: str = SECRET) -> str:
    # allauth refuses a code used once already (kept in the cache): each call here is
    # a fresh login, so forget the used ones.
    cache.clear()
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def log_in(user, *, agent: str = FIREFOX, address: str = "10.1.2.3") -> tuple[Client, object]:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post("/akun/login/", {"login": user.username, "password": PASSWORD})
    return client, response


@pytest.fixture
def required(settings):
    settings.BANGKOM_MFA_REQUIRED_FOR_HR = True


@pytest.fixture
def hr():
    return EmployeeFactory(name="Rina Marlina",
                           user=make_hr_user("198703152010012003")).user


class TestRequiredForHr:
    def test_hr_without_an_authenticator_is_sent_to_set_one_up(self, required, hr):
        client, response = log_in(hr)
        assert response.status_code == 302
        for path in ("/hr/", "/cms/", "/kompetensi/analisis/", "/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/akun/2fa/?next="), path
        page = client.get("/akun/2fa/")
        assert page.status_code == 200
        assert "wajib memakai verifikasi dua langkah" in page.content.decode()

    # allauth announces a new authenticator (people.second_factor records it as
    # passed) when its transaction commits, inside the request: a real transaction.
    @pytest.mark.django_db(transaction=True)
    def test_setting_up_the_app_opens_the_hr_pages(self, required, hr):
        client, _ = log_in(hr)
        # allauth asks for the password again before adding an authenticator.
        asked = client.get("/akun/2fa/totp/activate/")
        assert asked["Location"].startswith("/akun/reauthenticate/")
        client.post(asked["Location"], {"password": PASSWORD})
        client.get("/akun/2fa/totp/activate/")
        secret = client.session["mfa.totp.secret"]
        response = client.post("/akun/2fa/totp/activate/", {"code": totp_code(secret)})
        assert response.status_code == 302
        assert Authenticator.objects.filter(user=hr, type="totp").exists()
        assert client.get("/hr/").status_code == 200
        assert client.get("/cms/").status_code == 200

    def test_login_asks_for_the_code_and_then_lets_hr_in(self, required, hr):
        TOTP.activate(hr, SECRET)
        client, response = log_in(hr)
        assert response["Location"] == "/akun/2fa/authenticate/"
        assert client.get("/hr/").status_code == 302  # not logged in yet
        wrong = client.post("/akun/2fa/authenticate/", {"code": "000000"})
        assert wrong.status_code == 200
        assert "Kode salah" in wrong.content.decode()
        client.post("/akun/2fa/authenticate/", {"code": totp_code()})
        assert client.get("/hr/").status_code == 200
        record = LoginRecord.objects.get(user=hr)
        assert record.second_factor and record.ip == "10.1.2.3"
        assert UserSession.objects.filter(user=hr).count() == 1

    def test_a_recovery_code_stands_in_for_the_app_once(self, required, hr):
        TOTP.activate(hr, SECRET)
        code = RecoveryCodes.activate(hr).get_unused_codes()[0]
        client, _ = log_in(hr)
        client.post("/akun/2fa/authenticate/", {"code": code})
        assert client.get("/hr/").status_code == 200
        again, _ = log_in(hr)
        refused = again.post("/akun/2fa/authenticate/", {"code": code})
        assert refused.status_code == 200
        assert again.get("/hr/").status_code == 302

    def test_a_session_older_than_the_authenticator_is_asked_for_a_code(self, required, hr):
        client = Client()
        client.force_login(hr)  # a session that passed no second factor
        TOTP.activate(hr, SECRET)
        response = client.get("/hr/")
        assert response["Location"] == "/akun/2fa/reauthenticate/?next=%2Fhr%2F"
        client.post("/akun/2fa/reauthenticate/?next=/hr/", {"code": totp_code()})
        assert client.get("/hr/").status_code == 200

    def test_hr_cannot_remove_their_last_authenticator(self, required, hr):
        TOTP.activate(hr, SECRET)
        client, _ = log_in(hr)
        client.post("/akun/2fa/authenticate/", {"code": totp_code()})
        client.post("/akun/2fa/totp/deactivate/")
        assert Authenticator.objects.filter(user=hr, type="totp").exists()

    def test_employees_are_never_forced(self, required):
        employee = EmployeeFactory().user
        client, _ = log_in(employee)
        assert client.get("/").status_code == 200
        assert client.get("/pegawai/keamanan/").status_code == 200

    def test_off_hr_goes_anywhere_without_it(self, settings, hr):
        settings.BANGKOM_MFA_REQUIRED_FOR_HR = False
        client, _ = log_in(hr)
        assert client.get("/hr/").status_code == 200


class TestLoginsAndSessions:
    def test_a_person_sees_their_recent_logins(self, django_assert_num_queries):
        employee = EmployeeFactory().user
        log_in(employee, address="10.9.8.7")
        client, _ = log_in(employee)
        client.get("/pegawai/keamanan/")  # warm the session and caches
        with django_assert_num_queries(9):
            page = client.get("/pegawai/keamanan/")
        text = page.content.decode()
        assert page.status_code == 200
        assert text.count('data-testid="login-row"') == 2
        assert "10.9.8.7" in text and "Firefox di Windows" in text
        assert "Keamanan akun" in text

    def test_hr_sees_and_ends_a_persons_sessions(self, settings, django_assert_num_queries):
        employee = EmployeeFactory(name="Dewi Lestari")
        phone, _ = log_in(employee.user, agent="Mozilla/5.0 (Linux; Android 14) "
                          "AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36")
        laptop, _ = log_in(employee.user)
        assert phone.get("/pegawai/keamanan/").status_code == 200
        hr_client = Client()
        hr_client.force_login(make_hr_user())
        url = f"/pegawai/{employee.pk}/sesi/"
        hr_client.get(url)
        with django_assert_num_queries(12):
            page = hr_client.get(url)
        text = page.content.decode()
        assert "Login Dewi Lestari" in text
        assert text.count('data-testid="session-row"') == 2
        assert "Chrome di Android" in text
        response = hr_client.post(url)
        assert response.status_code == 302
        assert not UserSession.objects.filter(user=employee.user).exists()
        for client in (phone, laptop):
            assert client.get("/pegawai/keamanan/")["Location"].startswith("/akun/login/")

    def test_only_hr_may_see_anothers_sessions(self):
        employee = EmployeeFactory()
        other = Client()
        other.force_login(EmployeeFactory().user)
        assert other.get(f"/pegawai/{employee.pk}/sesi/").status_code == 403
        assert other.post(f"/pegawai/{employee.pk}/sesi/").status_code == 403

    def test_the_oldest_logins_are_forgotten(self, monkeypatch):
        monkeypatch.setattr("people.services.logins.LOGIN_RECORDS_KEPT", 3)
        employee = EmployeeFactory().user
        for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"):
            log_in(employee, address=address)
        kept = LoginRecord.objects.filter(user=employee).values_list("ip", flat=True)
        assert list(kept) == ["10.0.0.5", "10.0.0.4", "10.0.0.3"]


@pytest.mark.parametrize(("agent", "label"), [
    (FIREFOX, "Firefox di Windows"),
    ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 "
     "Edg/126.0", "Edge di Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
     "Version/17.5 Mobile/15E148 Safari/604.1", "Safari di iOS"),
    ("", "Peramban tidak dikenal"),
])
def test_browser_label(agent, label):
    from django.utils import translation

    with translation.override("id"):
        assert browser_label(agent) == label


def test_deploy_check_warns_when_hr_may_skip_the_second_factor(settings):
    from people.checks import hr_second_factor_check

    settings.DEBUG = False
    settings.BANGKOM_MFA_REQUIRED_FOR_HR = True
    assert hr_second_factor_check() == []
    settings.BANGKOM_MFA_REQUIRED_FOR_HR = False
    assert [m.id for m in hr_second_factor_check()] == ["people.W002"]
