"""Roles, visibility selectors and page access per role."""
import pytest
from django.contrib.auth.models import AnonymousUser, Group

from people.roles import (
    employee_for,
    user_is_hr,
    user_is_mentor,
    user_is_supervisor,
    user_roles,
)
from people.selectors import (
    employee_can_be_seen_by,
    employee_list_visible_to,
    employee_team_ids,
    unit_descendant_ids,
)
from tests.factories import EmployeeFactory, UnitFactory, UserFactory, make_hr_user


@pytest.fixture
def org(db):
    """head → kabid → kasi → staff1, staff2; head → other_kabid → other_staff;
    plus an unrelated employee and an inactive report of the kasi."""
    head = EmployeeFactory(name="Kepala")
    kabid = EmployeeFactory(name="Kabid", supervisor=head)
    kasi = EmployeeFactory(name="Kasi", supervisor=kabid)
    staff1 = EmployeeFactory(name="Staf Satu", supervisor=kasi)
    staff2 = EmployeeFactory(name="Staf Dua", supervisor=kasi)
    other_kabid = EmployeeFactory(name="Kabid Lain", supervisor=head)
    other_staff = EmployeeFactory(name="Staf Lain", supervisor=other_kabid)
    stranger = EmployeeFactory(name="Orang Lain")
    return {k: v for k, v in locals().items() if k != "db"}


ALL = ["head", "kabid", "kasi", "staff1", "staff2", "other_kabid", "other_staff", "stranger"]
# viewer → who they may see (themselves included)
VISIBLE = {
    "head": {"head", "kabid", "kasi", "staff1", "staff2", "other_kabid", "other_staff"},
    "kabid": {"kabid", "kasi", "staff1", "staff2"},
    "kasi": {"kasi", "staff1", "staff2"},
    "staff1": {"staff1"},
    "staff2": {"staff2"},
    "other_kabid": {"other_kabid", "other_staff"},
    "other_staff": {"other_staff"},
    "stranger": {"stranger"},
}


class TestRoles:
    def test_roles_of_each_kind_of_user(self, org):
        assert user_roles(org["staff1"].user) == ["employee"]
        assert user_roles(org["kasi"].user) == ["employee", "supervisor"]
        hr = make_hr_user()
        assert user_roles(hr) == ["hr"]
        mentor = org["stranger"].user
        mentor.groups.add(Group.objects.get(name="Mentor"))
        assert user_is_mentor(mentor) and not user_is_hr(mentor)
        admin = UserFactory(is_superuser=True)
        assert user_is_hr(admin) and employee_for(admin) is None
        anon = AnonymousUser()
        assert user_roles(anon) == [] and employee_for(anon) is None

    def test_supervisor_with_only_inactive_reports_is_not_a_supervisor(self, org):
        org["other_staff"].is_active = False
        org["other_staff"].save()
        assert not user_is_supervisor(org["other_kabid"].user)


class TestVisibility:
    @pytest.mark.parametrize("viewer", ALL)
    def test_employee_list_visible_to(self, org, viewer):
        visible = set(employee_list_visible_to(user=org[viewer].user).values_list("name",
                                                                                   flat=True))
        assert visible == {org[k].name for k in VISIBLE[viewer]}

    @pytest.mark.parametrize("viewer", ALL)
    @pytest.mark.parametrize("target", ALL)
    def test_employee_can_be_seen_by(self, org, viewer, target):
        expected = target in VISIBLE[viewer]
        assert employee_can_be_seen_by(employee=org[target], user=org[viewer].user) is expected

    def test_hr_and_superuser_see_everyone(self, org):
        for user in (make_hr_user(), UserFactory(is_superuser=True)):
            assert employee_list_visible_to(user=user).count() == len(ALL)
            assert all(employee_can_be_seen_by(employee=org[k], user=user) for k in ALL)

    def test_user_without_employee_and_anonymous_see_no_one(self, org):
        for user in (UserFactory(), AnonymousUser()):
            assert employee_list_visible_to(user=user).count() == 0
            assert not employee_can_be_seen_by(employee=org["staff1"], user=user)

    def test_team_ids_survive_a_cycle(self, org):
        from people.models import Employee

        # A data-entry cycle (not producible through the import) must not hang.
        Employee.objects.filter(pk=org["head"].pk).update(supervisor=org["staff1"])
        assert employee_team_ids(supervisor=org["kasi"]) >= {org["staff1"].pk}

    def test_unit_descendants(self, db):
        dinas = UnitFactory(name="Dinas")
        bidang = UnitFactory(name="Bidang", parent=dinas)
        seksi = UnitFactory(name="Seksi", parent=bidang)
        UnitFactory(name="Lain")
        assert unit_descendant_ids(unit=dinas) == {dinas.pk, bidang.pk, seksi.pk}


@pytest.mark.django_db
class TestPageAccess:
    @pytest.mark.parametrize("url", ["/cms/", "/hr/", "/pegawai/impor/", "/pegawai/tim/"])
    def test_anonymous_is_sent_to_login(self, client, url):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith("/akun/login/")

    @pytest.mark.parametrize("url", ["/cms/", "/hr/", "/pegawai/impor/", "/pegawai/tim/",
                                     "/pegawai/impor/contoh.csv"])
    def test_plain_employee_gets_403(self, client, org, url):
        client.force_login(org["staff1"].user)
        response = client.get(url, follow=True)
        assert response.status_code == 403
        assert "Akses ditolak" in response.content.decode()

    @pytest.mark.parametrize("url", ["/cms/", "/hr/", "/pegawai/impor/"])
    def test_supervisor_is_no_hr(self, client, org, url):
        client.force_login(org["head"].user)
        assert client.get(url, follow=True).status_code == 403

    def test_mentor_is_no_hr(self, client, org):
        user = org["stranger"].user
        user.groups.add(Group.objects.get(name="Mentor"))
        client.force_login(user)
        assert client.get("/cms/", follow=True).status_code == 403

    @pytest.mark.parametrize("url", ["/cms/", "/hr/", "/pegawai/impor/", "/pegawai/tim/",
                                     "/pegawai/impor/contoh.csv"])
    def test_hr_opens_everything(self, client, org, url):
        client.force_login(make_hr_user())
        assert client.get(url).status_code == 200

    def test_supervisor_sees_direct_and_indirect_reports_only(self, client, org):
        client.force_login(org["kabid"].user)
        html = client.get("/pegawai/tim/").content.decode()
        assert html.count('data-testid="team-member"') == 3
        for name in ("Kasi", "Staf Satu", "Staf Dua"):
            assert f"<td>{name}</td>" in html
        for name in ("Kepala", "Kabid Lain", "Staf Lain", "Orang Lain"):
            assert f"<td>{name}</td>" not in html

    def test_hr_sees_every_employee_on_the_team_page(self, client, org):
        client.force_login(make_hr_user())
        html = client.get("/pegawai/tim/").content.decode()
        assert html.count('data-testid="team-member"') == len(ALL)

    def test_team_search(self, client, org):
        client.force_login(org["kabid"].user)
        html = client.get("/pegawai/tim/", {"q": "satu"}).content.decode()
        assert html.count('data-testid="team-member"') == 1

    def test_team_page_query_count_is_constant(self, client, org, django_assert_num_queries):
        client.force_login(org["head"].user)
        client.get("/pegawai/tim/")

        def count() -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/pegawai/tim/").status_code == 200
            return len(ctx.captured_queries)

        small = count()
        for i in range(15):
            EmployeeFactory(name=f"Tambahan {i}", supervisor=org["staff1"])
        assert count() == small + 1  # one more level of the hierarchy, not one per row
        for i in range(15):
            EmployeeFactory(name=f"Tambahan lagi {i}", supervisor=org["staff2"])
        assert count() == small + 1
