"""Accounts without an employee record (the superuser, an admin-only account): they
land in the admin after login, and every "my …" page explains in Indonesian why it has
nothing to show and links on, instead of an English debug 404."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import PASSWORD, EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

MY_PAGES = ["competencies:my_profile", "learning:jp_history", "mentoring:home",
            "learning:plan_mine", "learning:calendar_settings", "learning:enrollment_mine",
            "certificates:mine"]
EXPLAINED = "Akun ini tidak terhubung dengan data pegawai"


@pytest.fixture
def superuser():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("name", MY_PAGES)
def test_superuser_gets_an_indonesian_page_linking_to_the_admin(client, superuser, name):
    client.force_login(superuser)
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 403
    assert EXPLAINED in html and 'href="/cms/"' in html
    assert "No employee record" not in html and "<title>Tidak ada data pegawai" in html


@pytest.mark.parametrize("name", MY_PAGES)
def test_plain_account_is_sent_home(client, name):
    client.force_login(UserFactory())
    html = client.get(reverse(name)).content.decode()
    assert EXPLAINED in html and 'href="/"' in html and 'href="/cms/"' not in html


@pytest.mark.parametrize("name", MY_PAGES)
def test_employees_still_see_their_page(client, name):
    client.force_login(EmployeeFactory().user)
    response = client.get(reverse(name))
    assert response.status_code == 200 and EXPLAINED not in response.content.decode()


class TestLoginLanding:
    def _login(self, client, username, next_url=""):
        url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
        return client.post(url, {"login": username, "password": PASSWORD})

    def test_superuser_lands_in_the_admin(self, client, superuser):
        assert self._login(client, "admin")["Location"] == "/cms/"

    def test_next_still_wins(self, client, superuser):
        assert self._login(client, "admin", "/hr/")["Location"] == "/hr/"

    def test_employees_and_hr_staff_land_home(self, client):
        employee = EmployeeFactory()
        assert self._login(client, employee.nip)["Location"] == "/"
        client.logout()
        hr = EmployeeFactory()
        hr.user.groups.add(Group.objects.get(name="HR"))
        assert self._login(client, hr.nip)["Location"] == "/"
