"""Issue 19: deactivating an employee ends every right their login had, at once, and
the login itself where HR says so (people.roles, people.backends,
people.services.employees, HR's /pegawai/<id>/status/ page).

Built on the URL matrix's world (tests/security/world.py): `boss` in unit B supervises
`owner`, facilitates the session and mentors `owner` in a mentoring pair; each check
first shows the right held while active, so a refusal means the deactivation did it.
"""
from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from people.models import Employee
from people.roles import employee_for, user_is_hr, user_is_mentor, user_is_supervisor
from tests.security.world import world_build


@pytest.fixture
def world(db):
    return world_build()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def deactivate(employee: Employee) -> None:
    """What the import or Django's admin can do: only the flag (login left open)."""
    Employee.objects.filter(pk=employee.pk).update(is_active=False)


def supervisor_pages(world) -> list[str]:
    """The pages a supervisor sees about their team and its members."""
    owner = world.owner.pk
    return [
        reverse("people:team"),
        reverse("competencies:team"),
        reverse("learning:plan_team"),
        reverse("learning:recommendation_team"),
        reverse("competencies:employee_profile", args=[owner]),
        reverse("learning:employee_jp", args=[owner]),
        reverse("learning:employee_enrollments", args=[owner]),
        reverse("learning:plan_detail", args=[world.plan.pk]),
    ]


def status_of(client: Client, url: str) -> int:
    return client.get(url).status_code


class TestDeactivatedSupervisor:
    def test_team_pages_are_refused_at_once(self, world):
        """Fails today: employee_for() ignored is_active, so a deactivated supervisor
        kept reading the team's plans, JP, enrollments and competencies."""
        client = client_for(world.boss.user)
        urls = supervisor_pages(world)
        assert {url: status_of(client, url) for url in urls} == dict.fromkeys(urls, 200)
        deactivate(world.boss)
        answers = {url: status_of(client, url) for url in urls}
        assert all(code in (403, 404) for code in answers.values()), answers

    def test_the_approval_inbox_and_deciding_are_gone(self, world):
        client = client_for(world.boss.user)
        inbox = reverse("learning:enrollment_approvals")
        assert world.owner.name in client.get(inbox).content.decode()
        deactivate(world.boss)
        assert world.owner.name not in client.get(inbox).content.decode()
        decide = reverse("learning:enrollment_decide", args=[world.enrollment.pk])
        assert client.post(decide, {"decision": "approve"}).status_code in (403, 404)
        world.enrollment.refresh_from_db()
        assert world.enrollment.status == "PENDING_APPROVAL"

    def test_roles_say_nothing_any_more(self, world):
        user = world.boss.user
        assert user_is_supervisor(user)
        deactivate(world.boss)
        user.refresh_from_db()  # a fresh request's user
        assert employee_for(user) is None and not user_is_supervisor(user)


class TestDeactivatedMentorFacilitatorHr:
    def test_the_mentor_loses_the_pair(self, world):
        client = client_for(world.boss.user)
        pair = reverse("mentoring:pair_detail", args=[world.pair.pk])
        assert client.get(pair).status_code == 200
        deactivate(world.boss)
        assert client.get(pair).status_code == 404

    def test_the_facilitator_loses_the_roster(self, world):
        client = client_for(world.boss.user)
        roster = reverse("learning:attendance_roster", args=[world.session.pk])
        assert client.get(roster).status_code == 200
        deactivate(world.boss)
        assert client.get(roster).status_code == 403

    def test_hr_loses_hr_pages_and_the_admin(self, world):
        hr = world.users["hr"]
        client = client_for(hr)
        assert client.get("/hr/").status_code == 200
        assert client.get("/cms/").status_code == 200
        deactivate(world.hr_employee)
        hr.refresh_from_db()
        assert not user_is_hr(hr)
        assert client.get("/hr/").status_code == 403
        refused = client.get("/cms/")  # the admin's gate: to its login, which answers 403
        assert refused.status_code == 302 and refused["Location"].startswith("/cms/login/")

    def test_a_mentor_group_member_is_no_mentor(self, world):
        mentor = world.users["mentor"]
        assert user_is_mentor(mentor)
        deactivate(world.mentor_employee)
        mentor.refresh_from_db()
        assert not user_is_mentor(mentor)

    def test_own_pages_end_too(self, world):
        client = client_for(world.owner.user)
        own = ["/belajar/rencana/", "/belajar/jp/", "/sertifikat/saya/",
               "/kompetensi/saya/"]
        assert all(client.get(url).status_code == 200 for url in own)
        deactivate(world.owner)
        answers = {url: client.get(url).status_code for url in own}
        assert all(code in (403, 404) for code in answers.values()), answers


class TestHrDeactivates:
    def test_hr_deactivates_and_ends_the_login(self, world):
        """HR's status page: deactivate with "also end the login" logs the person's
        open session out and refuses their password."""
        boss_client = client_for(world.boss.user)
        assert boss_client.get(reverse("people:team")).status_code == 200
        hr = client_for(world.users["hr"])
        url = reverse("people:employee_status", args=[world.boss.pk])
        page = hr.get(url).content.decode()
        assert "Juga akhiri login" in page and world.boss.name in page
        response = hr.post(url, {"action": "deactivate", "end_login": "on"})
        assert response.status_code == 302
        world.boss.refresh_from_db()
        world.boss.user.refresh_from_db()
        assert not world.boss.is_active and not world.boss.user.is_active
        assert boss_client.get(reverse("people:team"))["Location"].startswith("/akun/login/")
        fresh = Client()
        fresh.post("/akun/login/", {"login": world.boss.nip, "password": "Rahasia-123!"})
        assert "_auth_user_id" not in fresh.session

    def test_without_ending_the_login_rights_still_end(self, world):
        hr = client_for(world.users["hr"])
        hr.post(reverse("people:employee_status", args=[world.boss.pk]), {"action": "deactivate"})
        world.boss.user.refresh_from_db()
        assert world.boss.user.is_active
        client = Client()
        client.post("/akun/login/", {"login": world.boss.nip, "password": "Rahasia-123!"})
        assert "_auth_user_id" in client.session
        assert client.get(reverse("people:team")).status_code == 403

    def test_reactivating_restores_rights_and_optionally_the_login(self, world):
        hr = client_for(world.users["hr"])
        url = reverse("people:employee_status", args=[world.boss.pk])
        hr.post(url, {"action": "deactivate", "end_login": "on"})
        hr.post(url, {"action": "reactivate", "restore_login": "on"})
        world.boss.refresh_from_db()
        world.boss.user.refresh_from_db()
        assert world.boss.is_active and world.boss.user.is_active
        assert client_for(world.boss.user).get(reverse("people:team")).status_code == 200

    def test_hr_cannot_deactivate_themselves(self, world):
        hr_user = world.users["hr"]
        hr = client_for(hr_user)
        hr.post(reverse("people:employee_status", args=[world.hr_employee.pk]),
                {"action": "deactivate", "end_login": "on"})
        world.hr_employee.refresh_from_db()
        assert world.hr_employee.is_active

    def test_the_employee_list_links_to_the_status_page(self, world):
        html = client_for(world.users["hr"]).get(reverse("people:team")).content.decode()
        assert reverse("people:employee_status", args=[world.boss.pk]) in html
