"""The program report (per pair and rolled up by the mentee's unit) and HR's alerts:
disputed sessions and "not a good fit" answers."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from mentoring import services
from mentoring.selectors import program_overview, program_report
from people.units import unit_rollup
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
    # A leaf section below the OPD: the report rolls it up into Dinas A, as every HR
    # report does (people.units), instead of listing every leaf section.
    section_a = UnitFactory(name="Seksi A1", parent=unit_a)
    m1 = person("Mentor A", levels={comp: 5})
    m2 = person("Mentor B", levels={comp: 5})
    e1 = mentee("Mentee A1", needs={comp: (3, 1.0)}, unit=unit_a)
    e2 = mentee("Mentee A2", needs={comp: (3, 1.0)}, unit=section_a)
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
    # 90 min → 2 JP, 30 min → 0 JP (less than one 45-minute JP).
    assert (a1.logged, a1.confirmed, a1.minutes, a1.jp, a1.confirmation_rate, a1.rating) == (
        3, 2, 120, Decimal("2.0"), 67, 4.0)
    assert by_mentee["Mentee A2"].totals.confirmation_rate == 0
    assert (by_mentee["Mentee B1"].goals, by_mentee["Mentee B1"].goals_met) == (1, 1)
    assert [u.unit.label if u.unit else "" for u in units] == ["Dinas A", "Dinas B", ""]
    dinas_a, _b, total = units
    assert (dinas_a.pairs, dinas_a.logged, dinas_a.confirmed, dinas_a.minutes) == (
        2, 4, 2, 120)
    assert (total.pairs, total.confirmed, total.jp, total.goals_met) == (3, 3, Decimal("4.0"), 1)
    rows_a, units_a = program_report(program=prog, rollup=unit_rollup(within_id=unit_a.pk))
    assert {r.pair.mentee.name for r in rows_a} == {"Mentee A1", "Mentee A2"}
    assert [u.unit.label if u.unit else "" for u in units_a][1:] == ["Seksi A1", ""]
    assert units_a[0].unit.direct_only and units_a[0].pairs == 1

    hr = make_hr_user("hr.report")
    client.login(username=hr.username, password=PASSWORD)
    page = client.get(reverse("mentoring:hr_report", args=[prog.pk])).content.decode()
    assert "Dinas A" in page and "Total" in page and "Seksi A1" not in page.split(
        'data-testid="report-pairs"')[0]
    assert "2 jam" in page  # Mentee A1's 120 minutes, by the one duration formatter
    drilled = client.get(reverse("mentoring:hr_report", args=[prog.pk]),
                         {"unit": unit_a.pk}).content.decode()
    assert "Seksi A1" in drilled.split('data-testid="report-pairs"')[0]
    assert "Mentee B1" not in drilled
    assert client.get(reverse("mentoring:hr_report", args=[prog.pk]),
                      {"unit": "999999"}).status_code == 404
    # The export reads durations the same way (words) and gives the minutes as a number.
    csv = client.get(reverse("mentoring:hr_report", args=[prog.pk]),
                     {"format": "csv", "unit": unit_a.pk}).content.decode("utf-8-sig")
    assert "Durasi" in csv and "Menit" in csv and "2 jam" in csv and "120" in csv
    assert "Mentee B1" not in csv  # the opened unit's pairs only

    services.pair_fit_answer(pair_id=p1.pk, employee=e1, good_fit=False)
    overview = program_overview(program=prog)
    assert [s.dispute_reason for s in overview.disputed] == ["Tidak pernah bertemu"]
    assert [p.pk for p in overview.misfits] == [p1.pk]
    page = client.get(reverse("mentoring:hr_program", args=[prog.pk])).content.decode()
    assert "Perlu perhatian" in page and "Tidak pernah bertemu" in page
    assert "dinilai “tidak cocok”" in page
