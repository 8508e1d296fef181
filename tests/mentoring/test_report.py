"""The program report (per pair and rolled up by the mentee's unit) and HR's alerts:
disputed sessions and "not a good fit" answers."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from mentoring import services
from mentoring.selectors import program_overview, program_report
from tests.factories import PASSWORD, UnitFactory, make_hr_user
from tests.mentoring.world import active_pair, competency, mentee, person, program, recompute

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 9, 7)


def log(pair, minutes=60, day=DAY):
    return services.session_log(pair=pair, held_on=day, duration_minutes=minutes,
                                mode="ONLINE", topics="Topik")


def test_report_counts_and_unit_rollup(client):
    comp = competency("T.REP")
    prog = program([comp])
    unit_a, unit_b = UnitFactory(name="Dinas A"), UnitFactory(name="Dinas B")
    m1 = person("Mentor A", levels={comp: 5})
    m2 = person("Mentor B", levels={comp: 5})
    e1 = mentee("Mentee A1", needs={comp: (3, 1.0)}, unit=unit_a)
    e2 = mentee("Mentee A2", needs={comp: (3, 1.0)}, unit=unit_a)
    e3 = mentee("Mentee B1", needs={comp: (3, 1.0)}, unit=unit_b)
    recompute(e1, e2, e3)
    p1, p2, p3 = active_pair(prog, m1, e1), active_pair(prog, m1, e2), active_pair(prog, m2, e3)
    services.session_confirm(session_id=log(p1, 90).pk, rating=5)
    services.session_confirm(session_id=log(p1, 30, DAY + dt.timedelta(days=1)).pk, rating=3)
    log(p1, 60, DAY + dt.timedelta(days=2))  # waiting: held, not confirmed
    services.session_dispute(session_id=log(p2).pk, reason="Tidak pernah bertemu")
    goal = services.goal_add(pair=p3, competency=comp, success_criteria="x")
    services.session_confirm(session_id=log(p3, 120).pk, rating=4)
    services.pair_complete(pair_id=p3.pk, levels={goal.pk: Decimal("3")}, met={goal.pk: True})

    rows, units = program_report(program=prog)
    by_mentee = {r.pair.mentee.name: r for r in rows}
    a1 = by_mentee["Mentee A1"].totals
    assert (a1.logged, a1.confirmed, a1.hours, a1.jp, a1.confirmation_rate, a1.rating) == (
        3, 2, Decimal("2.0"), Decimal("4.0"), 67, 4.0)
    assert by_mentee["Mentee A2"].totals.confirmation_rate == 0
    assert (by_mentee["Mentee B1"].goals, by_mentee["Mentee B1"].goals_met) == (1, 1)
    assert [u.unit for u in units] == ["Dinas A", "Dinas B", ""]
    dinas_a, _b, total = units
    assert (dinas_a.pairs, dinas_a.logged, dinas_a.confirmed, dinas_a.hours) == (
        2, 4, 2, Decimal("2.0"))
    assert (total.pairs, total.confirmed, total.jp, total.goals_met) == (3, 3, Decimal("6.0"), 1)

    hr = make_hr_user("hr.report")
    client.login(username=hr.username, password=PASSWORD)
    page = client.get(reverse("mentoring:hr_report", args=[prog.pk])).content.decode()
    assert "Dinas A" in page and "Total" in page

    services.pair_fit_answer(pair_id=p1.pk, employee=e1, good_fit=False)
    overview = program_overview(program=prog)
    assert [s.dispute_reason for s in overview.disputed] == ["Tidak pernah bertemu"]
    assert [p.pk for p in overview.misfits] == [p1.pk]
    page = client.get(reverse("mentoring:hr_program", args=[prog.pk])).content.decode()
    assert "Perlu perhatian" in page and "Tidak pernah bertemu" in page
    assert "dinilai “tidak cocok”" in page
