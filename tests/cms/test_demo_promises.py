"""Every promise the README's "Demo logins" section makes, checked on the data
`seed_demo` builds: who supervises whom, what each login sees first, and that the
catalog's seat counters are real enrollments.

`seed_demo` runs once for the module (it takes a while); each test runs inside its
own savepoint on top of it, so nothing a test does leaks into the next."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from competencies.models import CompetencyGap
from learning.models import (
    SEAT_HOLDING_STATUSES,
    Enrollment,
    EnrollmentStatus,
    ExternalLearning,
    WorkshopSession,
)
from people.demo import DEMO_LOGINS, DEMO_NIPS, DEMO_PASSWORD
from people.models import Employee, User

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def client_for(demo, db, client):
    def login(role: str):
        client.force_login(User.objects.get(username=DEMO_NIPS.get(role, role)))
        client.cookies["django_language"] = "id"
        return client

    return login


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _readme_logins() -> dict[str, str]:
    section = README.read_text().split("### Demo logins", 1)[1].split("## What it does", 1)[0]
    rows = re.findall(r"^\| ([^|]+?) \| `([^`]+)` \|", section, flags=re.M)
    return {role.strip(): login for role, login in rows}


def test_readme_logins_are_the_demo_logins(demo, db):
    """The README's table names exactly the seeded logins, all with the README's password."""
    assert f"`{DEMO_PASSWORD}`" in README.read_text()
    readme = set(_readme_logins().values())
    # The demo mentor's mentees log in too: the README's mentee journey needs them.
    mentees = set(Employee.objects.filter(
        mentoring_as_mentee__mentor__nip=DEMO_NIPS["mentor"]).values_list("nip", flat=True))
    assert readme - mentees == {login["username"] for login in DEMO_LOGINS}
    assert readme & mentees  # at least one mentee is in the table
    for username in readme:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_supervisor_is_the_employees_direct_supervisor(demo, db):
    employee = Employee.objects.get(nip=DEMO_NIPS["employee"])
    assert employee.supervisor.nip == DEMO_NIPS["supervisor"]
    assert employee.supervisor.name == "Ir. Bambang Setiawan, M.T."
    assert Employee.objects.filter(supervisor__nip=DEMO_NIPS["supervisor"]).count() >= 3


def test_supervisor_sees_the_employees_request_first(client_for):
    pending = Enrollment.objects.get(employee__nip=DEMO_NIPS["employee"],
                                     status=EnrollmentStatus.PENDING_APPROVAL)
    client = client_for("supervisor")
    home = _text(client.get("/"))
    assert "1 permintaan pendaftaran menunggu keputusan Anda" in home
    inbox = _text(client.get("/belajar/persetujuan/"))
    assert "Dewi Lestari" in inbox and pending.session.page.title in inbox


def test_employee_sees_jp_sessions_waitlist_request_and_gaps(client_for):
    client = client_for("employee")
    home = _text(client.get("/"))
    assert "14 / 20 JP" in home
    assert "Menunggu persetujuan" in home and "Dalam daftar tunggu" in home
    assert "Integritas dan Budaya Antikorupsi ASN" in home
    mine = Enrollment.objects.filter(employee__nip=DEMO_NIPS["employee"])
    assert mine.filter(status=EnrollmentStatus.ENROLLED,
                       session__starts_at__gt=timezone.now()).count() == 2
    assert mine.filter(completion__isnull=False).count() == 2
    gaps = CompetencyGap.objects.filter(employee__nip=DEMO_NIPS["employee"], gap__gt=0)
    assert set(gaps.values_list("competency__code", flat=True)) == {"M.03", "T.TIK.01"}
    profile = _text(client.get("/kompetensi/saya/"))
    assert "Komunikasi" in profile and "Literasi Digital" in profile


def test_hr_sees_tools_and_a_certificate_to_verify(client_for):
    waiting = ExternalLearning.objects.filter(status="SUBMITTED")
    assert list(waiting.values_list("employee__nip", flat=True)) == [DEMO_NIPS["employee"]]
    client = client_for("hr")
    assert client.get("/hr/").status_code == 200
    assert "Webinar Manajemen Talenta ASN" in _text(client.get("/belajar/verifikasi/"))


def test_mentor_sees_the_session_he_facilitated(client_for):
    assert "Sesi yang Anda fasilitasi" in _text(client_for("mentor").get("/"))


def test_mentee_sees_her_mentor_and_the_session_to_confirm(client_for):
    mentee_nip = next(login for role, login in _readme_logins().items()
                      if role.startswith("mentee"))
    text = _text(client_for(mentee_nip).get("/"))
    assert "Mentor saya" in text and "Dr. Hendra Gunawan" in text
    assert "3 sesi terkonfirmasi · 4 jam · 5 JP" in text
    assert "Sesi yang perlu dikonfirmasi" in text


def test_pppk_sees_her_contract_year_cap(client_for):
    assert "16 / 24 JP" in _text(client_for("pppk").get("/"))


def test_admin_reaches_the_wagtail_admin(client_for):
    assert client_for("admin").get("/cms/").status_code == 200


def test_every_counted_seat_is_an_enrollment(demo, db):
    """The catalog's "Penuh" and "N kursi tersisa" come from enrollments: each
    session's counter equals its seat-holding enrollments, and the full
    "Integritas dan Budaya Antikorupsi ASN" session has a full roster."""
    sessions = WorkshopSession.objects.select_related("seats", "page").annotate(
        holding=Count("enrollments", filter=Q(enrollments__status__in=SEAT_HOLDING_STATUSES)))
    for session in sessions:
        taken = session.seats.taken if hasattr(session, "seats") else 0
        assert taken == session.holding, (session.page.title, taken, session.holding)
    integrity = sessions.filter(page__code="PLT-002").order_by("starts_at").first()
    assert integrity.holding == integrity.capacity == 40
    assert sum(s.holding for s in sessions) > 500


def test_supervisor_finds_the_employees_plan_waiting(client_for):
    """learning.plans.demo: the demo employee's plan for this year is submitted and
    waits for the demo supervisor, with the completed workshop's JP achieved."""
    from learning.plans.models import Plan, PlanStatus
    from learning.plans.selectors import plan_progress_for

    plan = Plan.objects.get(employee__nip=DEMO_NIPS["employee"],
                            year=timezone.localdate().year)
    assert plan.status == PlanStatus.SUBMITTED
    progress = plan_progress_for(plan=plan)
    assert progress.achieved_jp == 10 and progress.planned_jp > 10
    team = _text(client_for("supervisor").get("/belajar/rencana/tim/"))
    assert "Dewi Lestari" in team.split("Menunggu keputusan Anda", 1)[1]


def test_hr_report_shows_approved_plans_and_gap_coverage(client_for):
    from learning.plans.selectors import plan_unit_report

    _rollup, rows = plan_unit_report(year=timezone.localdate().year)
    assert sum(r.approved for r in rows) >= 50
    assert all(r.gaps_covered <= r.gap_demand for r in rows)
    assert sum(r.gaps_covered for r in rows) > 0
    page = _text(client_for("hr").get("/belajar/rencana/laporan/"))
    assert "Rencana pengembangan per unit" in page


def test_no_demo_session_meets_on_a_sunday_or_new_year(demo, db):
    """learning.demo / demo_completion: a session of up to a week meets on no Sunday and
    not on 1 January; a longer course (online parts) at least starts and ends on such
    a working day."""
    from learning.completion.services import session_days

    def off(day) -> bool:
        return day.weekday() == 6 or (day.month, day.day) == (1, 1)

    sessions = list(WorkshopSession.objects.select_related("page"))
    assert len(sessions) > 30
    for session in sessions:
        days = session_days(session=session)
        checked = days if len(days) <= 6 else [days[0], days[-1]]
        assert not any(off(d) for d in checked), (session.page.title, days)
