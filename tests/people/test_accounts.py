"""Accounts: login by NIP or email, password reset, rate limits, closed sign-up,
admin logins routed through allauth."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD, EmployeeFactory, make_hr_user

LOGIN = "/akun/login/"


def spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
class TestLogin:
    def test_login_with_nip_typed_with_spaces(self, client):
        employee = EmployeeFactory()
        response = client.post(LOGIN, {"login": spaced(employee.nip), "password": PASSWORD})
        assert response.status_code == 302 and is_logged_in(client)
        assert int(client.session["_auth_user_id"]) == employee.user_id

    def test_login_with_email_any_case(self, client):
        employee = EmployeeFactory()
        client.post(LOGIN, {"login": employee.user.email.upper(), "password": PASSWORD})
        assert is_logged_in(client)

    def test_wrong_password_shows_indonesian_error(self, client):
        employee = EmployeeFactory()
        response = client.post(LOGIN, {"login": employee.nip, "password": "salah"})
        assert response.status_code == 200 and not is_logged_in(client)
        html = response.content.decode()
        assert 'data-testid="login-error"' in html
        assert "tidak benar" in html or "salah" in html.lower()

    def test_login_page_is_indonesian_and_offers_reset_not_signup(self, client):
        html = client.get(LOGIN).content.decode()
        assert "Masuk ke Bangkom" in html and "Lupa kata sandi?" in html
        assert "/akun/signup/" not in html

    def test_many_failed_logins_are_refused_even_with_the_right_password(self, client):
        employee = EmployeeFactory()
        for _ in range(5):
            client.post(LOGIN, {"login": employee.nip, "password": "salah"})
        response = client.post(LOGIN, {"login": employee.nip, "password": PASSWORD})
        assert not is_logged_in(client)
        assert response.status_code in (200, 429)
        assert "Terlalu banyak" in response.content.decode()

    def test_unusable_password_cannot_log_in(self, client):
        employee = EmployeeFactory()
        employee.user.set_unusable_password()
        employee.user.save()
        client.post(LOGIN, {"login": employee.nip, "password": ""})
        assert not is_logged_in(client)


@pytest.mark.django_db
class TestPasswordReset:
    def test_reset_by_email_then_login_with_new_password(self, client):
        employee = EmployeeFactory()
        response = client.post("/akun/password/reset/", {"email": employee.user.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [employee.user.email]
        link = re.search(r"https?://[^/]+(/akun/password/reset/key/\S+)", mail.outbox[0].body)
        assert link, mail.outbox[0].body
        response = client.get(link.group(1), follow=True)
        set_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
        new = "Kompetensi-2026!"
        response = client.post(set_url, {"password1": new, "password2": new})
        assert response.status_code == 302
        client.logout()
        client.post(LOGIN, {"login": employee.nip, "password": new})
        assert is_logged_in(client)

    def test_unknown_email_sends_nothing_and_reveals_nothing(self, client):
        response = client.post("/akun/password/reset/", {"email": "tidak.ada@pemda.go.id"})
        assert response.status_code == 302
        assert all("password/reset/key" not in m.body for m in mail.outbox)


@pytest.mark.django_db
class TestSignup:
    def test_signup_closed_by_default(self, client):
        response = client.get("/akun/signup/")
        assert 'name="password1"' not in response.content.decode()
        client.post("/akun/signup/", {"email": "a@b.go.id", "username": "orang",
                                      "password1": "Rahasia-123!x", "password2": "Rahasia-123!x"})
        assert not get_user_model().objects.filter(username="orang").exists()

    def test_signup_open_when_the_agency_turns_it_on(self, client, settings):
        settings.BANGKOM_OPEN_SIGNUP = True
        response = client.get("/akun/signup/")
        assert 'name="password1"' in response.content.decode()
        assert "/akun/signup/" in client.get(LOGIN).content.decode()
        client.post("/akun/signup/", {"email": "a@b.go.id", "username": "orang",
                                      "password1": "Rahasia-123!x", "password2": "Rahasia-123!x"})
        assert get_user_model().objects.filter(username="orang").exists()


@pytest.mark.django_db
class TestAdminLogins:
    @pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
    def test_admin_logins_redirect_to_allauth(self, client, url):
        response = client.get(url + "?next=/cms/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/login/?next=")

    def test_anonymous_cms_ends_on_allauth_login(self, client):
        response = client.get("/cms/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/akun/login/")
        assert response.status_code == 200

    def test_logged_in_non_hr_gets_a_clean_403_not_a_loop(self, client):
        client.force_login(EmployeeFactory().user)
        response = client.get("/cms/", follow=True)
        assert response.status_code == 403
        assert len(response.redirect_chain) <= 2
        assert "Akses ditolak" in response.content.decode()

    def test_hr_logs_in_through_allauth_and_reaches_the_cms(self, client):
        hr = make_hr_user()
        response = client.post(LOGIN + "?next=/cms/", {"login": hr.username,
                                                      "password": PASSWORD, "next": "/cms/"})
        assert response["Location"] == "/cms/"
        assert client.get("/cms/").status_code == 200
