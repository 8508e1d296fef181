"""Recommendation rules on hand-built cases whose best answer is known
(docs/recommendations.md), through the stored recomputation (the Python rules on
SQLite, the SQL rules on PostgreSQL)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from competencies.gaps.units import unit_rollup
from competencies.models import Predicate
from learning.models import Completion, Enrollment, JpLedgerEntry, JpPolicy
from learning.recommendations.models import (
    Recommendation,
    RecommendationDismissal,
    UncoveredGap,
)
from learning.recommendations.selectors import catalog_gap_rows
from learning.recommendations.services import (
    recommendation_dismiss,
    recommendations_recompute_for_employees,
)
from people.models import PositionKind
from tests.factories import EmployeeFactory, PositionFactory
from tests.learning.reco_world import appraise, competency, gap, workshop

pytestmark = pytest.mark.django_db
D = Decimal


def ranked(employee, kind="GAP") -> list[int]:
    recommendations_recompute_for_employees(employee_ids=[employee.pk])
    return list(Recommendation.objects.filter(employee=employee, kind=kind)
                .order_by("rank").values_list("workshop_id", flat=True))


@pytest.fixture
def no_jp_policy():
    """Scores without the JP factor, unless a test sets a policy."""
    JpPolicy.objects.all().delete()


class RecommendationRuleTests:
    def test_biggest_gap_wins(self, no_jp_policy):
        """Two gaps, a workshop for each: the larger gap's workshop ranks first,
        scored priority × share closed."""
        emp = EmployeeFactory()
        small, big = competency(), competency()
        gap(emp, small, required=3, assessed="2.5")  # gap 0.5, priority 5
        gap(emp, big, required=4, assessed="2.0")  # gap 2, priority 20
        w_small, _ = workshop((small, 3), starts_in_days=5)
        w_big, _ = workshop((big, 4), starts_in_days=20)
        assert ranked(emp) == [w_big.pk, w_small.pk]
        top = Recommendation.objects.get(employee=emp, rank=1, kind="GAP")
        assert top.score == D("20.000")
        line = top.reason["lines"][0]
        assert (line["required"], line["assessed"], line["target"]) == (4, 2.0, 4)

    def test_partial_close_counts_its_share(self, no_jp_policy):
        """Target 3 on a gap from 2 to 4 closes half: 20 × 0.5 = 10 points, beaten
        by a workshop closing a smaller gap fully (gap 1.5 → 15)."""
        emp = EmployeeFactory()
        a, b = competency(), competency()
        gap(emp, a, required=4, assessed="2.0")
        gap(emp, b, required=3, assessed="1.5")
        half, _ = workshop((a, 3))
        full, _ = workshop((b, 3))
        assert ranked(emp) == [full.pk, half.pk]
        assert Recommendation.objects.get(employee=emp, workshop=half).score == D("10.000")

    def test_target_at_or_below_assessed_counts_nothing(self, no_jp_policy):
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=4, assessed="3.0")
        low, _ = workshop((c, 3))  # target = assessed: closes nothing
        lower, _ = workshop((c, 2))
        useful, _ = workshop((c, 4))
        assert ranked(emp) == [useful.pk]
        assert low.pk not in ranked(emp) and lower.pk not in ranked(emp)

    def test_ineligible_completed_and_enrolled_never_appear(self, no_jp_policy):
        emp = EmployeeFactory(position=PositionFactory(kind=PositionKind.PELAKSANA))
        c = competency()
        gap(emp, c, required=4, assessed="1.0")
        ineligible, _ = workshop((c, 4), eligible_position_kinds=[PositionKind.FUNGSIONAL])
        completed, done_session = workshop((c, 4))
        enrolled, enrolled_session = workshop((c, 4))
        good, _ = workshop((c, 4))
        past = Enrollment.objects.create(session=done_session, employee=emp, status="ENROLLED")
        Completion.objects.create(enrollment=past, completed_at=timezone.now(),
                                  jp_awarded=8, attendance_percent=100)
        Enrollment.objects.create(session=enrolled_session, employee=emp, status="WAITLISTED")
        assert ranked(emp) == [good.pk]
        # Covered by a workshop the employee is in: not an uncovered gap.
        assert not UncoveredGap.objects.filter(employee=emp).exists()
        assert {ineligible.pk, completed.pk, enrolled.pk}.isdisjoint(ranked(emp))

    def test_completed_long_ago_comes_back(self, no_jp_policy, settings):
        settings.LEARNING_RECOMMENDATIONS = {"COMPLETED_WITHIN_YEARS": 1}
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=4, assessed="1.0")
        page, session = workshop((c, 4))
        past = Enrollment.objects.create(session=session, employee=emp, status="CANCELLED")
        Completion.objects.create(enrollment=past, jp_awarded=8, attendance_percent=100,
                                  completed_at=timezone.now() - dt.timedelta(days=400))
        assert ranked(emp) == [page.pk]

    def test_clash_lowers_the_rank(self, no_jp_policy):
        """Equal gaps; the workshop whose (multi-day) session overlaps one of the
        employee's sessions on its third day drops below the other."""
        emp = EmployeeFactory()
        a, b = competency(), competency()
        gap(emp, a, required=4, assessed="2.0")
        gap(emp, b, required=4, assessed="2.0")
        clashing, _ = workshop((a, 4), starts_in_days=10, hours=72)  # three days
        other, _ = workshop((b, 4), starts_in_days=30)
        mine, my_session = workshop((competency(), 3), starts_in_days=12)  # day 3 of it
        Enrollment.objects.create(session=my_session, employee=emp, status="ENROLLED")
        assert ranked(emp) == [other.pk, clashing.pk]
        low = Recommendation.objects.get(employee=emp, workshop=clashing)
        assert low.score == D("10.000") and low.reason["score"]["clash"] is True

    def test_tie_goes_to_the_earliest_session(self, no_jp_policy):
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=3, assessed="2.0")
        later, _ = workshop((c, 3), starts_in_days=40)
        sooner, _ = workshop((c, 3), starts_in_days=8)
        assert ranked(emp) == [sooner.pk, later.pk]

    def test_jp_shortfall_raises_the_score(self):
        """PNS minimum 20 JP, 5 credited: × (1 + 0.5 × 15/20) = × 1.375."""
        JpPolicy.objects.update_or_create(employment_type="PNS",
                                          defaults={"kind": "MINIMUM", "jp_per_year": 20})
        emp = EmployeeFactory()
        JpLedgerEntry.objects.create(
            employee=emp, year=timezone.localdate().year, source="EXTERNAL", source_ref=1,
            jp=5, occurred_on=timezone.localdate(), description="x")
        c = competency()
        gap(emp, c, required=3, assessed="2.0")  # priority 10
        workshop((c, 3))
        ranked(emp)
        rec = Recommendation.objects.get(employee=emp)
        assert rec.score == D("13.750")
        assert rec.reason["score"]["jp_shortfall"] == 15.0

    def test_high_performer_gets_talent_suggestions_apart(self, no_jp_policy):
        emp = EmployeeFactory()
        met, weak = competency(), competency()
        gap(emp, met, required=3, assessed="3.0")
        gap(emp, weak, required=3, assessed="2.0")
        next_level, _ = workshop((met, 4))
        closing, _ = workshop((weak, 3))
        assert ranked(emp, "TALENT") == []  # not a high performer (no appraisal)
        appraise(emp, Predicate.SANGAT_BAIK)
        assert ranked(emp, "GAP") == [closing.pk]
        assert ranked(emp, "TALENT") == [next_level.pk]
        talent = Recommendation.objects.get(employee=emp, kind="TALENT")
        assert talent.reason["kind"] == "TALENT" and talent.score == D("5.000")

    def test_uncovered_gap_reaches_the_catalog_gap_report(self, no_jp_policy):
        emp = EmployeeFactory()
        covered, orphan = competency(), competency()
        gap(emp, covered, required=3, assessed="2.0")
        gap(emp, orphan, required=4, assessed="1.0", priority="35")
        workshop((covered, 3))
        workshop((orphan, 1), starts_in_days=5)  # target = assessed: covers nothing
        ranked(emp)
        assert list(UncoveredGap.objects.filter(employee=emp).values_list(
            "competency_id", flat=True)) == [orphan.pk]
        rows = catalog_gap_rows(rollup=unit_rollup())
        assert [(r.competency_id, r.employees, r.total_priority, r.target_level)
                for r in rows] == [(orphan.pk, 1, D("35.00"), 4)]

    def test_dismissal_holds_until_the_gap_changes(self, no_jp_policy):
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=4, assessed="2.0")
        first, _ = workshop((c, 4))
        second, _ = workshop((c, 4), starts_in_days=20)
        assert ranked(emp) == [first.pk, second.pk]
        rec = Recommendation.objects.get(employee=emp, workshop=first)
        recommendation_dismiss(recommendation=rec, reason="LEARNED_ELSEWHERE")
        assert list(Recommendation.objects.filter(employee=emp).values_list(
            "workshop_id", "rank")) == [(second.pk, 1)]
        assert ranked(emp) == [second.pk]  # recomputing keeps it hidden
        gap(emp, c, required=4, assessed="2.5")  # a new assessment changes the gap
        assert ranked(emp) == [first.pk, second.pk]
        assert RecommendationDismissal.objects.filter(employee=emp).count() == 1

    def test_inactive_employee_has_none(self, no_jp_policy):
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=4, assessed="2.0")
        workshop((c, 4))
        assert len(ranked(emp)) == 1
        emp.is_active = False
        emp.save()
        assert ranked(emp) == []


class RecomputationTriggerTests:
    def test_gap_recomputation_reranks_the_same_employees(
        self, no_jp_policy, django_capture_on_commit_callbacks
    ):
        """competencies sends gaps_recomputed after commit; learning re-ranks them."""
        from competencies.gaps.services import gaps_recompute_for_employees
        from tests.competencies.test_gaps_world import assess, employee_in, world_build

        world = world_build()
        emp, other = employee_in(world), employee_in(world)
        assess(emp, world.m2, "2.0", "SUPERVISOR", timezone.localdate())  # required 4
        page, _ = workshop((world.m2, 4))
        with django_capture_on_commit_callbacks(execute=True):
            gaps_recompute_for_employees(employee_ids=[emp.pk])
        assert list(Recommendation.objects.values_list("employee_id", "workshop_id")) == [
            (emp.pk, page.pk)]
        assert not Recommendation.objects.filter(employee=other).exists()

    def test_publishing_a_workshop_reranks_employees_with_gaps_in_it(
        self, no_jp_policy, django_capture_on_commit_callbacks
    ):
        emp = EmployeeFactory()
        c = competency()
        gap(emp, c, required=4, assessed="2.0")
        page, _ = workshop((c, 4))
        assert not Recommendation.objects.exists()  # nothing computed yet
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        assert Recommendation.objects.filter(employee=emp, workshop=page).exists()

    def test_a_session_filling_up_moves_others_to_the_next_session(
        self, no_jp_policy, django_capture_on_commit_callbacks
    ):
        from learning.enrollment.services import enrollment_create
        from tests.learning.enrollment_factories import make_session

        a, b = EmployeeFactory(), EmployeeFactory()
        c = competency()
        for emp in (a, b):
            gap(emp, c, required=4, assessed="2.0")
        page, first = workshop((c, 4), capacity=1, starts_in_days=5)
        second = make_session(workshop=page, capacity=5, starts_in=dt.timedelta(days=30))
        recommendations_recompute_for_employees(employee_ids=[a.pk, b.pk])
        assert Recommendation.objects.get(employee=b).session_id == first.pk
        with django_capture_on_commit_callbacks(execute=True):
            enrollment_create(session=first, employee=a, enrolled_by=a.user)
        assert not Recommendation.objects.filter(employee=a).exists()  # now enrolled
        assert Recommendation.objects.get(employee=b).session_id == second.pk
