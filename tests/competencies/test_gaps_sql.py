"""The gap rules run inside PostgreSQL (competencies.gaps.compute_sql) agree with the
Python reference (competencies.gaps.compute) row for row, explanation included, on
hand-computed cases; and the hand-computed numbers hold, so the two paths cannot
agree on a mistake. PostgreSQL only (SQLite always runs the Python rules, which
test_gaps.py checks there)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competencies.gaps.compute import round_half_up
from competencies.gaps.services import gaps_recompute_chunk, gaps_recompute_for_employees
from competencies.models import CompetencyGap, CoreValue, JobPersonMatch, Predicate
from tests.competencies.test_gaps_world import TODAY, appraise, assess, employee_in, world_build
from tests.factories import EmployeeFactory

D = Decimal


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def snapshot(employee_ids: list[int]) -> tuple[dict, dict]:
    """Every stored value of these employees' gap and JPM rows (not computed_at)."""
    gaps = {
        (g.employee_id, g.competency_id): (
            g.required_level,
            g.assessed_level,
            g.difference,
            g.gap,
            g.priority,
            g.behaviour_flag,
            g.explanation,
        )
        for g in CompetencyGap.objects.filter(employee_id__in=employee_ids)
    }
    jpms = {
        j.employee_id: (j.jpm_percent, j.coverage, j.standard_count, j.assessed_count)
        for j in JobPersonMatch.objects.filter(employee_id__in=employee_ids)
    }
    return gaps, jpms


@pytest.fixture
def cases(require_postgres):
    """Five employees, each a rule worth checking (world: m1 default 3, m2 overridden
    to 4, t1 technical 2; weights AC 3, supervisor 2 (365 d), peer 1 (365 d), self 0,
    mentor 1)."""
    world = world_build()
    adaptif, _ = CoreValue.objects.get_or_create(code="adaptif", defaults={"name": "Adaptif"})

    full = employee_in(world)  # several sources and dates, flagged, weak predicate
    assess(full, world.m1, "4.0", "ASSESSMENT_CENTER", days_ago(800))  # superseded
    assess(full, world.m1, "2.0", "ASSESSMENT_CENTER", days_ago(400))
    assess(full, world.m1, "1.0", "SUPERVISOR", days_ago(30))  # superseded
    assess(full, world.m1, "3.5", "SUPERVISOR", days_ago(5))
    assess(full, world.m1, "4.0", "PEER", days_ago(400))  # older than 365 days
    assess(full, world.m1, "5.0", "SELF", days_ago(1))  # weight 0
    assess(full, world.m2, "4.5", "MENTOR", days_ago(1000))
    appraise(full, "2026-T4", predicate=Predicate.SANGAT_KURANG)  # older than the annual
    appraise(full, "2026", predicate=Predicate.KURANG, below_values=[world.value, adaptif])

    unassessed = employee_in(world)  # no assessment at all, flagged by behaviour
    appraise(unassessed, "2026-T2", predicate=Predicate.SANGAT_KURANG, below_values=[world.value])

    bare = EmployeeFactory(position=world.bare_position)  # a position without standard
    assess(bare, world.m1, "2.0", "SUPERVISOR", days_ago(1))
    appraise(bare, "2026", predicate=Predicate.KURANG, below_values=[world.value])

    above = employee_in(world)  # meets m1, misses m2, only a weight-0 source on t1
    assess(above, world.m1, "3.5", "SUPERVISOR", days_ago(10))
    assess(above, world.m2, "3.0", "SUPERVISOR", days_ago(10))
    assess(above, world.t1, "1.0", "SELF", days_ago(10))
    appraise(above, "2026", predicate=Predicate.BUTUH_PERBAIKAN)

    rounding = employee_in(world)  # (3 × 2.1 + 1 × 2.2) / 4 = 2.125 → 2.13, half up
    assess(rounding, world.m1, "2.1", "ASSESSMENT_CENTER", days_ago(3))
    assess(rounding, world.m1, "2.2", "MENTOR", days_ago(3))

    return world, {
        "full": full,
        "unassessed": unassessed,
        "bare": bare,
        "above": above,
        "rounding": rounding,
        "values": [world.value, adaptif],
    }


@pytest.mark.parametrize("formula", ["capped_sum", "mean_ratio"])
def test_sql_and_python_rules_store_the_same_rows(cases, settings, formula):
    """Row for row, explanation included, for both JPM formulas."""
    settings.COMPETENCY_GAPS = {"JPM_FORMULA": formula}
    _world, people = cases
    ids = [people[k].pk for k in ("full", "unassessed", "bare", "above", "rounding")]
    gaps_recompute_chunk(employee_ids=ids, in_database=False)
    python_rows = snapshot(ids)
    gaps_recompute_chunk(employee_ids=ids, in_database=True)
    sql_rows = snapshot(ids)
    assert len(python_rows[0]) == 12 and len(python_rows[1]) == 5
    assert sql_rows == python_rows


def by_code(employee) -> dict[str, CompetencyGap]:
    return {
        g.competency.code: g
        for g in CompetencyGap.objects.filter(employee=employee).select_related("competency")
    }


def test_sql_rules_give_the_hand_computed_numbers(cases):
    world, people = cases
    ids = [people[k].pk for k in ("full", "unassessed", "bare", "above", "rounding")]
    gaps_recompute_chunk(employee_ids=ids, in_database=True)

    # Latest per source, too old and weight-0 sources left out: (3×2.0 + 2×3.5) / 5.
    g = by_code(people["full"])
    m1 = g["X.M1"]
    assert (m1.assessed_level, m1.difference, m1.gap) == (D("2.60"), D("-0.40"), D("0.40"))
    assert m1.behaviour_flag
    assert m1.priority == D("13.00")  # 0.4 × 10 + behaviour 5 + KURANG 4
    assert {(a["source"], a["level"], a["weight"]) for a in m1.explanation["assessments"]} == {
        ("ASSESSMENT_CENTER", 2.0, 3.0),
        ("SUPERVISOR", 3.5, 2.0),
    }
    assert [a["source"] for a in m1.explanation["assessments"]] == [
        "ASSESSMENT_CENTER",
        "SUPERVISOR",
    ]
    assert m1.explanation["standard"]["origin"] == "DEFAULT"
    appraisal = m1.explanation["appraisal"]
    assert (appraisal["period"], appraisal["predicate"]) == ("2026", "KURANG")
    # Every value rated BELOW is named, also one mapped to no competency (id order).
    values = sorted(people["values"], key=lambda v: v.pk)
    assert appraisal["below_values"] == [v.code for v in values]
    assert m1.explanation["priority"] == {
        "gap_weight": 10.0,
        "behaviour_boost": 5.0,
        "predicate_boost": 4.0,
    }
    m2 = g["X.M2"]  # above its overridden standard: no gap, no boost, no appraisal cited
    assert (m2.required_level, m2.difference, m2.gap, m2.priority) == (4, D("0.50"), 0, 0)
    assert m2.explanation["standard"]["origin"] == "POSITION"
    assert "appraisal" not in m2.explanation and "priority" not in m2.explanation
    t1 = g["X.T1"]  # nobody assessed it: unknown, not zero
    assert (t1.assessed_level, t1.gap, t1.priority) == (None, None, 0)
    jpm = JobPersonMatch.objects.get(employee=people["full"])
    assert (jpm.jpm_percent, jpm.coverage, jpm.standard_count, jpm.assessed_count) == (
        D("94.29"),  # (min(2.6, 3) + min(4.5, 4)) / (3 + 4)
        D("0.667"),
        3,
        2,
    )

    # No assessment: every gap unknown; the flagged one is still a concern.
    g = by_code(people["unassessed"])
    assert [x.gap for x in g.values()] == [None, None, None]
    assert g["X.M1"].behaviour_flag and g["X.M1"].priority == D("11.00")  # 5 + 6
    assert g["X.M2"].priority == 0 and g["X.M2"].explanation["assessments"] == []
    jpm = JobPersonMatch.objects.get(employee=people["unassessed"])
    assert (jpm.jpm_percent, jpm.coverage, jpm.assessed_count) == (None, 0, 0)

    # A position without a standard: no gap rows, JPM unknown.
    assert not CompetencyGap.objects.filter(employee=people["bare"]).exists()
    jpm = JobPersonMatch.objects.get(employee=people["bare"])
    assert (jpm.jpm_percent, jpm.standard_count) == (None, 0)

    # A weak predicate raises gaps only; a weight-0 source alone is no assessment.
    g = by_code(people["above"])
    assert (g["X.M1"].gap, g["X.M1"].priority) == (0, 0)
    assert (g["X.M2"].gap, g["X.M2"].priority) == (D("1.00"), D("12.00"))  # 10 + 2
    assert g["X.T1"].assessed_level is None

    # Half up, as documented: 2.125 → 2.13.
    m1 = by_code(people["rounding"])["X.M1"]
    assert (m1.assessed_level, m1.gap, m1.priority) == (D("2.13"), D("0.87"), D("8.70"))


def test_postgresql_recomputes_in_the_database_by_default(cases):
    """The incremental recomputation takes the SQL path (no COPY from Python)."""
    _world, people = cases
    with CaptureQueriesContext(connection) as ctx:
        gaps_recompute_for_employees(employee_ids=[people["full"].pk])
    statements = [q["sql"] for q in ctx.captured_queries]
    assert any("INSERT INTO" in s and "DISTINCT ON" in s for s in statements)
    assert not any(s.lstrip().upper().startswith("COPY") for s in statements)
    assert CompetencyGap.objects.filter(employee=people["full"]).count() == 3


def test_coverage_rounds_half_up_like_postgresql():
    """1 of 16 known = 0.0625 → 0.063 (Python's round() would give 0.062)."""
    assert round_half_up(1 / 16, 3) == 0.063
    assert round_half_up(2.125, 2) == 2.13
    assert round_half_up(-0.125, 2) == -0.13
