"""Issue 17 follow-up: the mentoring pages are written for their reader. HR reads a
pair of other people: no "Mentoring saya", no "Anda"; the mentee reads "your
confirmation", the mentor and HR the mentee's name."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from mentoring import services
from tests.factories import make_hr_user
from tests.mentoring.world import active_pair, competency, mentee, person, program, recompute

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    comp = competency("T.VOICE")
    prog = program([comp])
    mentor = person("Mentor Suara", levels={comp: 5})
    learner = mentee("Mentee Suara", needs={comp: (3, 1.5)})
    recompute(learner)
    pair = active_pair(prog, mentor, learner)
    session = services.session_log(pair=pair, held_on=dt.date(2026, 9, 7), duration_minutes=60,
                                   mode="ONLINE", topics="Topik", notes="Catatan")
    return {"pair": pair, "session": session, "mentor": mentor.user, "mentee": learner.user,
            "hr": make_hr_user("hr.voice")}


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    return response.content.decode()


def _content(html: str) -> str:
    """The page's own content, without the site menu (which is the viewer's)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_hr_reads_a_pair_of_other_people_in_the_third_person(client, w):
    html = _content(_page(client, w["hr"], reverse("mentoring:pair_detail",
                                                   args=[w["pair"].pk])))
    crumb = html.split('data-testid="pair-breadcrumb"')[1].split("</p>")[0]
    assert "Mentoring saya" not in crumb and "Program mentoring" in crumb
    assert "1 sesi menunggu konfirmasi Mentee Suara." in html
    assert not re.search(r"\b(Anda|saya)\b", html)
    session = _content(_page(client, w["hr"], reverse("mentoring:session_detail",
                                                      args=[w["session"].pk])))
    assert not re.search(r"\b(Anda|saya)\b", session)


def test_the_mentee_reads_your_confirmation_the_mentor_the_mentees_name(client, w):
    url = reverse("mentoring:pair_detail", args=[w["pair"].pk])
    html = _content(_page(client, w["mentee"], url))
    assert "1 sesi menunggu konfirmasi Anda." in html
    assert "Mentoring saya" in html.split('data-testid="pair-breadcrumb"')[1].split("</p>")[0]
    html = _content(_page(client, w["mentor"], url))
    assert "1 sesi menunggu konfirmasi Mentee Suara." in html
    assert "konfirmasi mentee." not in html


def test_a_supervisor_reads_the_mentoring_offer_about_the_employee_by_name(client):
    """The supervisor's view of a team member's competency profile (README's walk):
    the mentoring offers beside the gaps name the employee, not "Anda"; the employee
    reads them in the second person."""
    from learning.recommendations.services import recommendations_recompute_for_employees
    from tests.mentoring.world import person as make_person

    comp = competency("T.OFFER")
    other = competency("T.OFFER2")
    prog = program([comp, other])
    boss = make_person("Atasan Suara")
    learner = mentee("Mentee Tawaran", needs={comp: (3, 1.5), other: (3, 1.0)},
                     supervisor=boss)
    recompute(learner)
    active_pair(prog, make_person("Mentor Tawaran", levels={comp: 5}), learner)
    recommendations_recompute_for_employees(employee_ids=[learner.pk])  # no workshop: uncovered
    url = reverse("competencies:employee_profile", args=[learner.pk])
    html = _content(_page(client, boss.user, url))
    assert "Mentor Mentee Tawaran dalam Program Mentoring Uji" in html
    assert "Mentor Anda" not in html and "atasan Anda" not in html
    own = _content(_page(client, learner.user, reverse("competencies:my_profile")))
    assert "Mentor Anda dalam Program Mentoring Uji" in own
