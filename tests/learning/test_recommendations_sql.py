"""The recommendation rules run inside PostgreSQL (compute_sql) rank exactly as the
Python reference (compute.py) on generated data: every stored row (workshop, session,
kind, rank, score, signature, reason) and every uncovered gap. PostgreSQL only
(SQLite always runs the Python rules)."""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from competencies.models import Predicate
from learning.models import Completion, Enrollment, JpLedgerEntry, JpPolicy
from learning.recommendations.models import (
    Recommendation,
    RecommendationDismissal,
    UncoveredGap,
)
from learning.recommendations.services import (
    reco_context_load,
    recommendations_recompute_chunk,
)
from people.models import PositionKind, Rank
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory
from tests.learning.reco_world import appraise, competency, gap, workshop


def snapshot(ids: list[int]) -> tuple[list, list]:
    recos = sorted(
        (r.employee_id, r.kind, r.rank, r.workshop_id, r.session_id, r.score, r.gap_signature,
         r.reason)
        for r in Recommendation.objects.filter(employee_id__in=ids)
    )
    uncovered = sorted(UncoveredGap.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "competency_id", "unit_id", "required_level", "assessed_level",
        "priority"))
    return recos, uncovered


@pytest.fixture
def generated(require_postgres):
    """40 employees in a two-level unit tree, 12 competencies, 25 workshops with
    eligibility rules, random gaps, predicates, JP, enrollments, completions and a
    dismissal: enough for ties, clashes, talent and uncovered gaps."""
    rng = random.Random(20261202)
    JpPolicy.objects.update_or_create(employment_type="PNS",
                                      defaults={"kind": "MINIMUM", "jp_per_year": 20})
    JpPolicy.objects.update_or_create(employment_type="PPPK",
                                      defaults={"kind": "CAP", "jp_per_year": 24})
    today = timezone.localdate()
    top = UnitFactory(name="Dinas Induk Uji")
    child = UnitFactory(name="Bidang Anak Uji", parent=top)
    other = UnitFactory(name="Dinas Lain Uji")
    ranks = list(Rank.objects.filter(employment_type="PNS").order_by("order"))
    kinds = [PositionKind.PELAKSANA, PositionKind.FUNGSIONAL, PositionKind.PENGAWAS]
    positions = [PositionFactory(name=f"Posisi Uji {k}", kind=k) for k in kinds]
    comps = [competency() for _ in range(12)]
    workshops = []
    for i in range(25):
        targets = rng.sample(comps, rng.randint(1, 3))
        fields = {}
        if i % 5 == 1:
            fields["eligible_position_kinds"] = [rng.choice(kinds)]
        if i % 7 == 2:
            fields["eligible_rank_min"] = rng.choice(ranks[:8])
        page, session = workshop(
            *[(c, rng.randint(1, 5)) for c in targets],
            # 400 days: next calendar year and, for a PPPK, another contract year.
            starts_in_days=rng.choice([3, 5, 5, 9, 14, 30, 400]),
            hours=rng.choice([3, 48, 200]),
            **fields)
        if i % 6 == 3:
            page.eligible_units.add(rng.choice([top, other]))
        workshops.append((page, session))
    employees = []
    pppk_ranks = list(Rank.objects.filter(employment_type="PPPK"))
    for n in range(40):
        pppk = n % 6 == 5
        emp = EmployeeFactory(
            position=rng.choice(positions), unit=rng.choice([top, child, other]),
            rank=rng.choice(pppk_ranks if pppk else ranks),
            employment_type="PPPK" if pppk else "PNS",
            # A contract year that began 1-300 days ago (some PPPK without one).
            contract_start=(today - dt.timedelta(days=365 * 2 + rng.randint(1, 300))
                            if pppk and n % 12 != 11 else None))
        employees.append(emp)
        for c in rng.sample(comps, rng.randint(2, 8)):
            assessed = Decimal(rng.choice(["1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0"]))
            gap(emp, c, required=rng.randint(2, 4), assessed=str(assessed),
                behaviour=rng.random() < 0.2)
        if n % 3 == 0:
            appraise(emp, rng.choice([Predicate.SANGAT_BAIK, Predicate.BAIK, Predicate.KURANG]))
        if n % 4 == 0 or pppk:
            JpLedgerEntry.objects.create(
                employee=emp, year=timezone.localdate().year, source="EXTERNAL",
                source_ref=n, jp=rng.choice([4, 12, 20]), occurred_on=timezone.localdate(),
                description="uji")
        page, session = rng.choice(workshops)
        if n % 5 == 0:
            Enrollment.objects.create(session=session, employee=emp, status="ENROLLED")
        if n % 8 == 0:
            done = Enrollment.objects.create(session=rng.choice(workshops)[1], employee=emp,
                                             status="CANCELLED")
            Completion.objects.create(enrollment=done, completed_at=timezone.now(),
                                      jp_awarded=8, attendance_percent=100)
    ids = [e.pk for e in employees]
    ctx = reco_context_load()
    recommendations_recompute_chunk(employee_ids=ids, ctx=ctx, in_database=False)
    # Dismiss a few suggestions (with their current signatures), and one with a stale one.
    for rec in Recommendation.objects.filter(employee_id__in=ids, rank=1)[:4]:
        RecommendationDismissal.objects.create(employee_id=rec.employee_id,
                                               workshop_id=rec.workshop_id, kind=rec.kind,
                                               reason="NOT_RELEVANT",
                                               gap_signature=rec.gap_signature)
    stale = Recommendation.objects.filter(employee_id__in=ids, rank=2).first()
    RecommendationDismissal.objects.create(employee_id=stale.employee_id,
                                           workshop_id=stale.workshop_id, kind=stale.kind,
                                           reason="NOT_RELEVANT", gap_signature="stale")
    return ids, ctx


def test_sql_and_python_rank_the_same(generated):
    ids, ctx = generated
    recommendations_recompute_chunk(employee_ids=ids, ctx=ctx, in_database=False)
    python = snapshot(ids)
    recommendations_recompute_chunk(employee_ids=ids, ctx=ctx, in_database=True)
    sql = snapshot(ids)
    # The data exercises every rule, so agreeing is not agreeing on nothing.
    recos = python[0]
    assert len(recos) > 60 and python[1]
    assert {r[1] for r in recos} == {"GAP", "TALENT"}
    assert any(r[7]["score"]["clash"] for r in recos)
    assert any(r[7]["score"]["jp_factor"] != 1 for r in recos)
    # JP counted in the period of the session: next year's, a contract year, a cap.
    this_year = str(timezone.localdate().year)
    assert any(not r[7]["jp_period"]["start"].startswith(this_year) for r in recos)
    assert any(r[7]["jp_period"]["contract"] for r in recos)
    assert any(r[7]["jp_counted"] < r[7]["jp"] for r in recos)
    assert sql[1] == python[1]
    assert [r[:7] for r in sql[0]] == [r[:7] for r in recos]
    assert [r[7] for r in sql[0]] == [r[7] for r in recos]
