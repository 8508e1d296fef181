"""Gap analysis rules, checked on hand-computed cases (docs/competencies-gaps.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competencies.gaps.compute import jpm_band
from competencies.gaps.config import gap_config
from competencies.gaps.services import (
    gap_job_chunk_run,
    gaps_recompute_all,
    gaps_recompute_for_employees,
)
from competencies.models import (
    CompetencyGap,
    CoreValueCompetency,
    GapRecomputeJob,
    JobPersonMatch,
    JobStandard,
    Predicate,
)
from tests.competencies.test_gaps_world import TODAY, appraise, assess, employee_in, world_build
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = Decimal


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def gaps_of(employee) -> dict[str, CompetencyGap]:
    return {
        g.competency.code: g
        for g in CompetencyGap.objects.filter(employee=employee).select_related("competency")
    }


@pytest.fixture
def world():
    return world_build()


@pytest.fixture
def assessed(world):
    """E: m1 from three sources (one too old, one weighted 0), m2 by a mentor, t1 none."""
    e = employee_in(world)
    assess(e, world.m1, "4.0", "ASSESSMENT_CENTER", days_ago(800))  # superseded
    assess(e, world.m1, "2.0", "ASSESSMENT_CENTER", days_ago(400))  # AC has no age limit
    assess(e, world.m1, "1.0", "SUPERVISOR", days_ago(30))  # superseded
    assess(e, world.m1, "3.5", "SUPERVISOR", days_ago(5))
    assess(e, world.m1, "4.0", "PEER", days_ago(400))  # older than the peer limit (365)
    assess(e, world.m1, "5.0", "SELF", days_ago(1))  # self weighs 0
    assess(e, world.m2, "4.5", "MENTOR", days_ago(1000))
    return e


class TestSourceCombination:
    def test_latest_per_source_weighted_old_and_zero_weight_ignored(self, world, assessed):
        """m1 = (3×2.0 + 2×3.5) / 5 = 2.6 → gap 0.4 below a default of 3."""
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        g = gaps_of(assessed)
        assert g["X.M1"].required_level == 3
        assert g["X.M1"].assessed_level == D("2.60")
        assert g["X.M1"].difference == D("-0.40")
        assert g["X.M1"].gap == D("0.40")
        used = {(a["source"], a["level"]) for a in g["X.M1"].explanation["assessments"]}
        assert used == {("ASSESSMENT_CENTER", 2.0), ("SUPERVISOR", 3.5)}
        assert g["X.M1"].explanation["standard"]["origin"] == "DEFAULT"

    def test_above_standard_is_no_gap_but_keeps_the_signed_difference(self, world, assessed):
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        g = gaps_of(assessed)["X.M2"]
        assert (g.required_level, g.assessed_level, g.difference, g.gap) == (
            4,
            D("4.50"),
            D("0.50"),
            D("0.00"),
        )
        assert g.explanation["standard"]["origin"] == "POSITION"
        assert g.priority == 0

    def test_unassessed_competency_is_unknown_not_zero(self, world, assessed):
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        g = gaps_of(assessed)["X.T1"]
        assert g.required_level == 2
        assert g.assessed_level is None and g.gap is None and g.difference is None


class TestJpm:
    def test_capped_sum_over_assessed_competencies_with_coverage(self, world, assessed):
        """(min(2.6,3) + min(4.5,4)) / (3+4) = 94.29 %, 2 of 3 assessed."""
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        jpm = JobPersonMatch.objects.get(employee=assessed)
        assert jpm.jpm_percent == D("94.29")
        assert jpm.coverage == D("0.667")
        assert (jpm.standard_count, jpm.assessed_count) == (3, 2)

    def test_mean_ratio_formula_is_configurable(self, world, assessed, settings):
        """(2.6/3 + 1) / 2 = 93.33 %."""
        settings.COMPETENCY_GAPS = {"JPM_FORMULA": "mean_ratio"}
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        assert JobPersonMatch.objects.get(employee=assessed).jpm_percent == D("93.33")

    def test_employee_without_assessments_has_unknown_jpm_and_gaps(self, world):
        e = employee_in(world)
        gaps_recompute_for_employees(employee_ids=[e.pk])
        assert [g.gap for g in gaps_of(e).values()] == [None, None, None]
        jpm = JobPersonMatch.objects.get(employee=e)
        assert jpm.jpm_percent is None and jpm.coverage == 0 and jpm.standard_count == 3

    def test_position_without_standard_has_no_gaps(self, world):
        e = EmployeeFactory(position=world.bare_position)
        assess(e, world.m1, "2.0", "SUPERVISOR", days_ago(1))
        gaps_recompute_for_employees(employee_ids=[e.pk])
        assert not CompetencyGap.objects.filter(employee=e).exists()
        jpm = JobPersonMatch.objects.get(employee=e)
        assert (jpm.jpm_percent, jpm.standard_count) == (None, 0)

    def test_bands(self):
        bands = gap_config().jpm_bands
        assert [jpm_band(jpm=v, bands=bands) for v in (95, 90, 89.99, 78, 77.9, None)] == [
            "OPTIMAL",
            "OPTIMAL",
            "CUKUP_OPTIMAL",
            "CUKUP_OPTIMAL",
            "KURANG_OPTIMAL",
            None,
        ]


class TestBehaviourAndPriority:
    def test_value_below_in_latest_appraisal_flags_mapped_competencies(self, world, assessed):
        """Latest = annual 2026 (after 2026-T4); its BELOW value flags m1 and t1."""
        CoreValueCompetency.objects.create(core_value=world.value, competency=world.t1)
        appraise(assessed, "2026-T4", predicate=Predicate.SANGAT_KURANG)
        appraise(
            assessed,
            "2026",
            predicate=Predicate.BAIK,
            behaviour="BELOW",
            below_values=[world.value],
        )
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        g = gaps_of(assessed)
        assert g["X.M1"].behaviour_flag and g["X.T1"].behaviour_flag
        assert not g["X.M2"].behaviour_flag
        assert g["X.M1"].priority == D("9.00")  # 0.4 × 10 + 5, BAIK adds nothing
        assert g["X.T1"].priority == D("5.00")  # unknown gap, flagged
        assert g["X.T1"].gap is None
        assert g["X.M1"].explanation["appraisal"]["below_values"] == ["akuntabel"]
        assert g["X.M1"].explanation["appraisal"]["period"] == "2026"

    def test_older_appraisal_does_not_flag(self, world, assessed):
        appraise(assessed, "2025", below_values=[world.value])
        appraise(assessed, "2026-T1")
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        assert not gaps_of(assessed)["X.M1"].behaviour_flag

    @pytest.mark.parametrize(
        ("predicate", "priority"),
        [
            (Predicate.BAIK, "4.00"),
            (Predicate.BUTUH_PERBAIKAN, "6.00"),
            (Predicate.KURANG, "8.00"),
            (Predicate.SANGAT_KURANG, "10.00"),
        ],
    )
    def test_weak_predicate_raises_priority_of_gaps_only(
        self, world, assessed, predicate, priority
    ):
        appraise(assessed, "2026", predicate=predicate)
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        g = gaps_of(assessed)
        assert g["X.M1"].priority == D(priority)
        assert g["X.M2"].priority == 0  # no gap: nothing to raise


class TestRecomputation:
    def test_recompute_is_idempotent_and_drops_stale_rows(self, world, assessed):
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        first = {c: (g.gap, g.priority, g.explanation) for c, g in gaps_of(assessed).items()}
        gaps_recompute_for_employees(employee_ids=[assessed.pk, assessed.pk])
        assert {
            c: (g.gap, g.priority, g.explanation) for c, g in gaps_of(assessed).items()
        } == first
        JobStandard.objects.filter(competency=world.t1).delete()
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        assert set(gaps_of(assessed)) == {"X.M1", "X.M2"}

    def test_inactive_employee_loses_rows(self, world, assessed):
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        assessed.is_active = False
        assessed.save()
        gaps_recompute_for_employees(employee_ids=[assessed.pk])
        assert not CompetencyGap.objects.filter(employee=assessed).exists()
        assert not JobPersonMatch.objects.filter(employee=assessed).exists()

    def test_queries_do_not_grow_with_employees(self, world, settings):
        """Set-based: a chunk costs the same number of queries for 2 or 12 employees."""
        settings.COMPETENCY_GAPS = {"CHUNK_SIZE": 50}

        def run(n: int) -> int:
            people = [employee_in(world) for _ in range(n)]
            for p in people:
                assess(p, world.m1, "2.0", "SUPERVISOR", days_ago(3))
                appraise(p, "2026", below_values=[world.value])
            with CaptureQueriesContext(connection) as ctx:
                gaps_recompute_for_employees(employee_ids=[p.pk for p in people])
            return len(ctx.captured_queries)

        assert run(2) == run(12)


class TestBulkJob:
    def test_job_runs_all_chunks_and_reports_progress(
        self, world, assessed, settings, django_capture_on_commit_callbacks
    ):
        """Eager Celery: the chunk tasks run on commit, each counts its employees."""
        settings.COMPETENCY_GAPS = {"CHUNK_SIZE": 2}
        others = [employee_in(world) for _ in range(4)]
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            job = gaps_recompute_all()
        job.refresh_from_db()
        # Each chunk also tells other apps (gaps_recomputed) after its commit.
        chunk_tasks = [c for c in callbacks if "gaps_recompute_chunk_task" in repr(c)]
        assert len(chunk_tasks) == job.chunk_count == (job.total + 1) // 2
        assert job.status == "DONE" and job.done == job.total and job.finished_at
        assert job.chunks.count() == job.chunk_count
        for e in [assessed, *others]:
            assert CompetencyGap.objects.filter(employee=e).count() == 3

    def test_retried_chunk_is_counted_once(
        self, world, assessed, settings, django_capture_on_commit_callbacks
    ):
        settings.COMPETENCY_GAPS = {"CHUNK_SIZE": 2}
        [employee_in(world) for _ in range(3)]
        with django_capture_on_commit_callbacks(execute=True):
            job = gaps_recompute_all()
        job.refresh_from_db()
        assert job.status == "DONE" and job.done == job.total
        assert JobPersonMatch.objects.filter(employee=assessed).exists()
        done = job.done
        gap_job_chunk_run(job_id=job.pk, number=0, employee_ids=[assessed.pk])
        job.refresh_from_db()
        assert job.done == done

    def test_second_click_returns_the_running_job(self, world, assessed):
        job = gaps_recompute_all()  # callbacks not run: stays RUNNING
        assert gaps_recompute_all().pk == job.pk
        assert GapRecomputeJob.objects.count() == 1


class TestStandardAgreement:
    def test_effective_standard_agrees_with_competencies_standards(self, world):
        """The set-based loader here and competencies.standards give the same
        effective standard (defaults, overrides, technical rows, retired ones out)."""
        from competencies.gaps.services import gap_context_load, standards_for_positions
        from competencies.models import Competency, CompetencyType
        from competencies.standards import standard_for_position

        retired = Competency.objects.create(
            code="X.T9", name="Uji Lama", type=CompetencyType.TECHNICAL, is_active=False
        )
        JobStandard.objects.create(position=world.position, competency=retired, required_level=3)
        positions = {p.pk: (p.kind, p.level) for p in (world.position, world.bare_position)}
        mine = standards_for_positions(positions=positions, ctx=gap_context_load())
        for p in (world.position, world.bare_position):
            theirs = standard_for_position(position=p)
            assert {c: (r.required_level, r.origin) for c, r in mine[p.pk].items()} == theirs


class TestStaleJob:
    def test_abandoned_running_job_does_not_block_a_new_one(self, world, assessed):
        import datetime as dt

        from django.utils import timezone

        old = GapRecomputeJob.objects.create(total=3)
        GapRecomputeJob.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=5)
        )
        job = gaps_recompute_all()
        old.refresh_from_db()
        assert job.pk != old.pk and old.status == "FAILED" and "abandoned" in old.error


class TestNightlyTask:
    def test_scheduled_and_runs_the_job(
        self, world, assessed, settings, django_capture_on_commit_callbacks
    ):
        from competencies.tasks import gaps_recompute_all_task

        schedule = settings.CELERY_BEAT_SCHEDULE["competency-gaps-nightly"]
        assert schedule["task"] == "competencies.tasks.gaps_recompute_all_task"
        with django_capture_on_commit_callbacks(execute=True):
            job_id = gaps_recompute_all_task.delay().get()
        job = GapRecomputeJob.objects.get(pk=job_id)
        assert job.status == "DONE" and job.done == job.total
        assert JobPersonMatch.objects.filter(employee=assessed).exists()
