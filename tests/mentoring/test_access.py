"""Who may see and do what, per role, through the real URLs: session notes are for the
mentor, the mentee and HR only (not the mentee's supervisor, not other employees, not
the mentor of another pair forging ids); HR pages are HR's. Page query counts."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mentoring import services
from tests.factories import PASSWORD, make_hr_user
from tests.mentoring.world import active_pair, competency, mentee, person, program, recompute

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 9, 7)
SECRET = "Catatan rahasia sesi"


@pytest.fixture
def w():
    comp = competency("T.ACC")
    prog = program([comp])
    boss = person("Atasan Langsung")
    mentor = person("Mentor Satu", levels={comp: 5})
    learner = mentee("Mentee Satu", needs={comp: (3, 1.5)}, supervisor=boss)
    other_mentor = person("Mentor Dua", levels={comp: 5})
    other_mentee = mentee("Mentee Dua", needs={comp: (3, 1.0)})
    stranger = person("Pegawai Lain")
    recompute(learner, other_mentee)
    pair = active_pair(prog, mentor, learner)
    other_pair = active_pair(prog, other_mentor, other_mentee)
    session = services.session_log(pair=pair, held_on=DAY, duration_minutes=60, mode="ONLINE",
                                   topics="Topik", notes=SECRET)
    other_session = services.session_log(pair=other_pair, held_on=DAY, duration_minutes=60,
                                         mode="ONLINE", topics="Topik", notes="lain")
    hr = make_hr_user("hr.access")
    return {"prog": prog, "pair": pair, "session": session, "other_session": other_session,
            "other_pair": other_pair,
            "users": {"mentor": mentor.user, "mentee": learner.user, "hr": hr,
                      "supervisor": boss.user, "stranger": stranger.user,
                      "other_mentor": other_mentor.user}}


def as_(client, user):
    client.logout()
    client.login(username=user.username, password=PASSWORD)
    return client


READ = {"mentor": 200, "mentee": 200, "hr": 200, "supervisor": 404, "stranger": 404,
        "other_mentor": 404}


@pytest.mark.parametrize("role,expected", READ.items())
def test_pair_and_session_pages_with_notes(client, w, role, expected):
    as_(client, w["users"][role])
    pair_page = client.get(reverse("mentoring:pair_detail", args=[w["pair"].pk]))
    session_page = client.get(reverse("mentoring:session_detail", args=[w["session"].pk]))
    assert pair_page.status_code == expected
    assert session_page.status_code == expected
    if expected == 200:
        assert SECRET in session_page.content.decode()


@pytest.mark.parametrize("role,expected", {"mentor": 200, "mentee": 403, "hr": 403,
                                           "supervisor": 404, "other_mentor": 404}.items())
def test_only_the_mentor_logs_sessions(client, w, role, expected):
    as_(client, w["users"][role])
    assert client.get(reverse("mentoring:session_log", args=[w["pair"].pk])).status_code == expected


@pytest.mark.parametrize("role,expected", {"mentee": 302, "mentor": 403, "hr": 403,
                                           "supervisor": 404, "other_mentor": 404}.items())
def test_only_the_mentee_confirms(client, w, role, expected):
    as_(client, w["users"][role])
    response = client.post(reverse("mentoring:session_confirm", args=[w["session"].pk]),
                           {"rating": "4"})
    assert response.status_code == expected
    w["session"].refresh_from_db()
    assert (w["session"].status == "CONFIRMED") == (expected == 302)


def test_forged_ids_of_another_pair_reveal_nothing(client, w):
    as_(client, w["users"]["mentee"])
    other = w["other_session"]
    for name, args in [("session_detail", [other.pk]), ("session_evidence", [other.pk]),
                       ("pair_detail", [w["other_pair"].pk])]:
        assert client.get(reverse(f"mentoring:{name}", args=args)).status_code == 404
    assert client.post(reverse("mentoring:session_dispute", args=[other.pk]),
                       {"reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "SUBMITTED"


@pytest.mark.parametrize("role", ["mentor", "mentee", "supervisor", "stranger"])
def test_hr_pages_are_hr_only(client, w, role):
    as_(client, w["users"][role])
    prog = w["prog"].pk
    for url in [reverse("mentoring:hr_programs"), reverse("mentoring:hr_program", args=[prog]),
                reverse("mentoring:hr_report", args=[prog])]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("mentoring:hr_run_start", args=[prog])).status_code == 403
    assert client.post(reverse("mentoring:hr_approve", args=[prog])).status_code == 403


def test_anonymous_is_sent_to_login(client, w):
    response = client.get(reverse("mentoring:pair_detail", args=[w["pair"].pk]))
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_hr_report_exports_neutralise_formulas(client, w):
    w["users"]["mentee"].employee.__class__.objects.filter(
        pk=w["pair"].mentee_id).update(name="=HYPERLINK(\"http://x\")")
    as_(client, w["users"]["hr"])
    csv = client.get(reverse("mentoring:hr_report", args=[w["prog"].pk]) + "?format=csv")
    assert csv.status_code == 200
    assert "'=HYPERLINK" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("mentoring:hr_report", args=[w["prog"].pk]) + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_pages_run_a_constant_number_of_queries(client, w, django_assert_num_queries):
    """The pair page, the HR program page and the report do not grow with sessions."""
    as_(client, w["users"]["hr"])
    urls = [reverse("mentoring:pair_detail", args=[w["pair"].pk]),
            reverse("mentoring:hr_program", args=[w["prog"].pk]),
            reverse("mentoring:hr_report", args=[w["prog"].pk]),
            "/"]
    for url in urls:  # warm the session and caches
        client.get(url)
    counts = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx)
    for i in range(5):
        services.session_log(pair=w["pair"], held_on=DAY + dt.timedelta(days=i + 1),
                             duration_minutes=45, mode="ONLINE", topics=f"Lagi {i}")
    for url in urls:
        with django_assert_num_queries(counts[url]):
            client.get(url)


def test_supervisor_nominates_only_direct_reports_and_employees_opt_in(client, w):
    from mentoring.models import MenteeNomination, MentorOptIn

    boss = w["users"]["supervisor"].employee
    report = w["pair"].mentee
    as_(client, w["users"]["supervisor"])
    page = client.get(reverse("mentoring:home")).content.decode()
    assert report.name in page  # offered in the nomination list
    url = reverse("mentoring:program_nominate", args=[w["prog"].pk])
    assert client.post(url, {"employee": report.pk}).status_code == 302
    assert MenteeNomination.objects.get().nominated_by == boss.user
    stranger = w["users"]["stranger"].employee
    assert client.post(url, {"employee": stranger.pk}).status_code == 403
    as_(client, w["users"]["stranger"])
    opt = reverse("mentoring:program_opt_in", args=[w["prog"].pk])
    client.post(opt)
    client.post(opt)
    assert MentorOptIn.objects.filter(employee=stranger).count() == 1
    client.post(opt, {"action": "out"})
    assert not MentorOptIn.objects.filter(employee=stranger).exists()


def test_evidence_downloads_for_the_pair_and_hr_only(client, w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    session = services.session_log(pair=w["pair"], held_on=DAY, duration_minutes=60,
                                   mode="ONLINE", topics="Bukti", evidence=pdf)
    url = reverse("mentoring:session_evidence", args=[session.pk])
    try:
        for role, expected in [("mentee", 200), ("hr", 200), ("mentor", 200),
                               ("supervisor", 404), ("other_mentor", 404)]:
            as_(client, w["users"][role])
            response = client.get(url)
            assert response.status_code == expected, role
            if expected == 200:
                assert b"".join(response.streaming_content).startswith(b"%PDF")
    finally:
        session.evidence.delete(save=False)


def test_mentor_completes_through_the_page(client, w):
    from competencies.models import Assessment

    pair = w["pair"]
    goal = services.goal_add(pair=pair, competency=pair.program.competencies.get(),
                             success_criteria="Mandiri")
    services.session_confirm(session_id=w["session"].pk)
    as_(client, w["users"]["mentee"])
    assert client.get(reverse("mentoring:pair_complete", args=[pair.pk])).status_code == 403
    as_(client, w["users"]["mentor"])
    url = reverse("mentoring:pair_complete", args=[pair.pk])
    page = client.post(url, {f"level-{goal.pk}": "abc"}, follow=True).content.decode()
    assert "Isikan level 1 sampai 5" in page
    client.post(url, {f"level-{goal.pk}": "3,5", f"met-{goal.pk}": "on"})
    pair.refresh_from_db()
    assert pair.status == "COMPLETED"
    assert Assessment.objects.get(employee=pair.mentee, source="MENTOR").level == 3.5


def test_mentor_home_page_queries_do_not_grow(client, w, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_(client, w["users"]["mentor"])
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert 'data-testid="panel-mentor"' in client.get("/").content.decode()
    for i in range(4):
        services.session_log(pair=w["pair"], held_on=DAY + dt.timedelta(days=i + 1),
                             duration_minutes=45, mode="ONLINE", topics=f"Lagi {i}")
    with django_assert_num_queries(len(ctx)):
        client.get("/")
