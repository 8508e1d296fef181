"""seed_demo: the people part's invariants, and idempotence of the whole command."""
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F, Max

from people.demo import DEMO_LOGINS, DEMO_NIPS, DEMO_PASSWORD, REGENCY_NAME, seed_demo
from people.models import Employee, Position, PositionKind, PositionLevel, Unit, User
from people.nip import nip_validate
from people.roles import user_is_hr, user_is_mentor, user_is_supervisor
from people.selectors import employee_team_ids


def snapshot() -> dict:
    """Row counts of every model, and the latest updated_at of those that have one."""
    state = {}
    for model in apps.get_models():
        qs = model.objects.all()
        state[model._meta.label] = qs.count()
        if any(f.name == "updated_at" for f in model._meta.get_fields()):
            state[model._meta.label + ".updated_at"] = qs.aggregate(m=Max("updated_at"))["m"]
    return state


@pytest.mark.django_db
class TestSeedDemo:
    def test_whole_command_twice_changes_nothing(self):
        call_command("seed_demo", stdout=io.StringIO())
        first = snapshot()
        call_command("seed_demo", stdout=io.StringIO())
        assert snapshot() == first

    def test_people_part(self):
        out = io.StringIO()
        seed_demo(stdout=out)
        assert REGENCY_NAME == "Pemerintah Kabupaten Sukamaju"
        assert Employee.objects.count() >= 300
        assert Unit.objects.count() >= 10
        assert Unit.objects.filter(parent__isnull=True).count() >= 10
        assert Unit.objects.filter(parent__parent__isnull=False).exists()  # 3 levels
        assert set(Position.objects.values_list("kind", flat=True)) == set(PositionKind.values)
        levels = set(Position.objects.values_list("level", flat=True))
        assert levels >= set(PositionLevel.values) - {"JPT_UTAMA", "JPT_MADYA"}
        for nip, etype in Employee.objects.values_list("nip", "employment_type"):
            nip_validate(nip, employment_type=etype)
        assert Employee.objects.filter(employment_type="PPPK").count() >= 10
        # golongan fits the employment type and the position
        assert not Employee.objects.exclude(rank__employment_type=F("employment_type")).exists()
        jpt = Employee.objects.filter(position__kind="JPT")
        assert set(jpt.values_list("rank__code", flat=True)) <= {"IV/c", "IV/d", "IV/e"}
        assert all(e.user.username == e.nip for e in Employee.objects.select_related("user"))
        assert not Employee.objects.filter(user__isnull=True).exists()
        # No demo login shares its id with its employee (the superuser is made first):
        # a view that mixes the two up fails on the demo instead of passing.
        assert not Employee.objects.filter(user_id=F("pk")).exists()

    def test_hierarchy_head_kabid_kasi_staff(self):
        seed_demo(stdout=io.StringIO())
        staff = Employee.objects.filter(position__kind="PELAKSANA",
                                        supervisor__position__kind="PENGAWAS").first()
        chain = [staff.position.kind]
        node = staff.supervisor
        while node:
            chain.append(node.position.kind)
            node = node.supervisor
        assert chain[:4] == ["PELAKSANA", "PENGAWAS", "ADMINISTRATOR", "JPT"]

    def test_demo_logins_work_and_have_their_roles(self, client):
        seed_demo(stdout=io.StringIO())
        roles = {login["role"] for login in DEMO_LOGINS}
        assert roles >= {"hr", "supervisor", "employee", "mentor", "pppk", "admin"}
        for login in DEMO_LOGINS:
            user = User.objects.get(username=login["username"])
            assert user.check_password(DEMO_PASSWORD) and user.email == login["email"]
            if login["role"] != "admin":
                assert user.employee.name == login["name"]
        by_role = {login["role"]: User.objects.get(username=login["username"])
                   for login in DEMO_LOGINS}
        assert user_is_hr(by_role["hr"]) and by_role["hr"].employee.unit.parent.name.startswith(
            "Badan Kepegawaian")
        assert user_is_supervisor(by_role["supervisor"])
        assert by_role["employee"].employee.position.kind == "PELAKSANA"
        assert by_role["employee"].employee.pk in employee_team_ids(
            supervisor=by_role["supervisor"].employee)
        assert user_is_mentor(by_role["mentor"])
        assert by_role["pppk"].employee.employment_type == "PPPK"
        assert by_role["admin"].is_superuser
        for login in DEMO_LOGINS:
            client.logout()
            client.post("/akun/login/", {"login": login["username"], "password": DEMO_PASSWORD})
            assert "_auth_user_id" in client.session, login["role"]

    def test_other_employees_have_no_usable_password(self):
        seed_demo(stdout=io.StringIO())
        demo = {login["username"] for login in DEMO_LOGINS}
        sample = User.objects.exclude(username__in=demo).filter(employee__isnull=False)[:20]
        assert sample and not any(u.has_usable_password() for u in sample)



@pytest.mark.django_db
def test_seed_demo_prints_a_short_summary_not_the_demo_emails(settings, capsys):
    """`make run` ends with where to go and who to be, not pages of demo emails
    (make run's console email backend used to print every one)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    call_command("seed_demo")
    text = capsys.readouterr().out
    assert "Demo data ready." in text and "/akun/login/" in text
    assert DEMO_PASSWORD in text
    for login in DEMO_LOGINS:
        assert login["username"] in text
    # The README's mentee (Lilis Suhendar) logs in too: the summary says who
    # (walking the demo, only the README named her).
    mentees = Employee.objects.filter(mentoring_as_mentee__mentor__nip=DEMO_NIPS["mentor"])
    assert mentees.exists()
    for nip, name in mentees.values_list("nip", "name"):
        assert re.search(rf"mentee\s+{nip}\s+{re.escape(name)}", text)
    assert "Subject:" not in text and "Content-Type:" not in text
    assert len(text.splitlines()) < 20
