"""Benchmark: recompute everyone's training recommendations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_reco \
        .venv/bin/python bench/recommend.py --employees 100000 --workshops 500

Migrates, then (in a child process, so its memory is not counted) wipes the
database's employees, gaps, workshops and enrollments and generates an agency with
COPY: employees in a unit tree with positions of several kinds, 12 gap rows each
(from 60 competencies, about half below the standard, written directly: the gap
analysis has its own bench), `--workshops` live workshops developing 1–3
competencies with eligibility rules and 1–3 sessions (some full), enrollments,
completions, JP credits and appraisals (some Sangat Baik). Then it times the bulk
job as the product runs it (the chunk task body in --workers processes, like
`celery worker --concurrency=N`) and a naive per-employee, per-workshop ORM loop
over a sample, and prints `name: value` lines: employees_per_s, speedup_vs_naive,
peak_rss_mb (the workers'), the CPU seconds in Python and PostgreSQL and the load.

Refuses a database whose name does not contain "bench" (it deletes data).
"""

# ruff: noqa: T201, DTZ005, DTZ011  (a command-line report)
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("CELERY_BROKER_URL", "")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(n: int, n_workshops: int, seed: int = 11) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from competencies.models import AppraisalPeriod, Competency
    from learning.catalog.selectors import catalog_index_get
    from learning.models import (
        LearningForm,
        SessionSeats,
        WorkshopCompetency,
        WorkshopPage,
        WorkshopSession,
    )
    from people.models import Position, Rank, Unit

    rnd = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE recommendations_recommendation, recommendations_uncoveredgap, "
            "recommendations_recommendationdismissal, recommendations_recommendationassignment, "
            "recommendations_recommendationjobchunk, recommendations_recommendationjob, "
            "competencies_competencygap, competencies_jobpersonmatch, "
            "competencies_appraisalvaluerating, competencies_appraisal, "
            "learning_jpledgerentry, learning_completion, learning_enrollment, "
            "people_employee CASCADE")
    WorkshopPage.objects.filter(code__startswith="BR-").delete()
    with transaction.atomic(), connection.cursor() as cur:
        Unit.objects.filter(name__startswith="Bench R ", parent__isnull=False).delete()
        Unit.objects.filter(name__startswith="Bench R ").delete()
        Position.objects.filter(name__startswith="Bench R ").delete()
        Competency.objects.filter(code__startswith="BR.").delete()
        tops = Unit.objects.bulk_create([Unit(name=f"Bench R Dinas {i:02d}") for i in range(20)])
        units = list(tops) + Unit.objects.bulk_create(
            [Unit(name=f"Bench R Bidang {i:03d}", parent=tops[i % 20]) for i in range(180)])
        kinds = ["PELAKSANA", "FUNGSIONAL", "PENGAWAS", "ADMINISTRATOR"]
        positions = Position.objects.bulk_create(
            [Position(name=f"Bench R Jabatan {i:02d}", kind=kinds[i % 4], level="")
             for i in range(40)])
        comps = Competency.objects.bulk_create(
            [Competency(code=f"BR.{i:02d}", name=f"Bench Rekomendasi {i:02d}", type="TECHNICAL")
             for i in range(60)])
        ranks = list(Rank.objects.filter(employment_type="PNS").order_by("order"))
        cur.execute("SET LOCAL synchronous_commit = off")
        with cur.copy("COPY people_employee (nip, name, employment_type, rank_id, position_id, "
                      "unit_id, email, is_active, created_at, updated_at) FROM STDIN") as copy:
            for i in range(n):
                copy.write_row((f"29{i:016d}", f"Pegawai Bench {i}", "PNS",
                                ranks[rnd.randrange(len(ranks))].pk,
                                positions[rnd.randrange(40)].pk, units[rnd.randrange(200)].pk,
                                "", True, now, now))
        cur.execute("SELECT id FROM people_employee ORDER BY id")
        emp_ids = [r[0] for r in cur.fetchall()]
        levels = [Decimal(x) / 2 for x in range(2, 11)]
        with cur.copy("COPY competencies_competencygap (employee_id, competency_id, "
                      "required_level, assessed_level, difference, gap, priority, "
                      "behaviour_flag, explanation, computed_at) FROM STDIN") as copy:
            for emp in emp_ids:
                for comp in rnd.sample(comps, 12):
                    req = rnd.randint(2, 4)
                    assessed = rnd.choice(levels)
                    gap = max(Decimal(req) - assessed, Decimal(0))
                    flag = rnd.random() < 0.05
                    prio = gap * 10 + (5 if flag and gap else 0)
                    copy.write_row((emp, comp.pk, req, assessed, assessed - req, gap, prio,
                                    flag, "{}", now))
        periods = AppraisalPeriod.objects.get_or_create(
            code="2026", defaults={"year": 2026, "quarter": None, "kind": "ANNUAL"})[0]
        with cur.copy("COPY competencies_appraisal (employee_id, period_id, result_rating, "
                      "behaviour_rating, predicate, predicate_was_derived, created_at, "
                      "updated_at) FROM STDIN") as copy:
            for emp in emp_ids:
                if rnd.random() < 0.3:
                    pred = rnd.choice(["SANGAT_BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN"])
                    copy.write_row((emp, periods.pk, "MEETS", "MEETS", pred, False, now, now))
        with cur.copy("COPY learning_jpledgerentry (employee_id, year, source, source_ref, jp, "
                      "occurred_on, description, created_at) FROM STDIN") as copy:
            for i, emp in enumerate(emp_ids):
                if rnd.random() < 0.5:
                    copy.write_row((emp, today.year, "EXTERNAL", i, rnd.choice([4, 8, 16, 24]),
                                    today, "bench", now))

    # Workshops are Wagtail pages: created one by one (a few seconds per hundred).
    index = catalog_index_get()
    form = LearningForm.objects.order_by("pk").first()
    sessions = []
    with transaction.atomic():
        for i in range(n_workshops):
            page = WorkshopPage(title=f"Bench Pelatihan {i:03d}", slug=f"bench-r-{i:03d}",
                                code=f"BR-{i:03d}", learning_form=form,
                                jp=Decimal(rnd.choice([8, 16, 24])))
            if rnd.random() < 0.2:
                page.eligible_position_kinds = rnd.sample(kinds, 2)
            if rnd.random() < 0.1:
                page.eligible_rank_min = rnd.choice(ranks[:10])
            index.add_child(instance=page)
            if rnd.random() < 0.1:
                page.eligible_units.add(rnd.choice(tops))
            WorkshopCompetency.objects.bulk_create(
                [WorkshopCompetency(page=page, competency=c, target_level=rnd.randint(2, 5))
                 for c in rnd.sample(comps, rnd.randint(1, 3))])
            for _s in range(rnd.randint(1, 3)):
                start = now + dt.timedelta(days=rnd.randint(3, 90), hours=rnd.randint(0, 8))
                sessions.append(WorkshopSession(
                    page=page, starts_at=start,
                    ends_at=start + dt.timedelta(days=rnd.randint(0, 4), hours=7),
                    capacity=rnd.randint(20, 40), registration_opens_at=now - dt.timedelta(days=1),
                    registration_closes_at=start - dt.timedelta(hours=2), venue="Aula"))
        sessions = WorkshopSession.objects.bulk_create(sessions)
        SessionSeats.objects.bulk_create(
            [SessionSeats(session=s, taken=s.capacity if rnd.random() < 0.2 else rnd.randint(0, 10))
             for s in sessions])
    with transaction.atomic(), connection.cursor() as cur:
        with cur.copy("COPY learning_enrollment (session_id, employee_id, status, "
                      "approval_required, decision_reason, created_at, updated_at) "
                      "FROM STDIN") as copy:
            for emp in emp_ids:
                if rnd.random() < 0.2:
                    copy.write_row((sessions[rnd.randrange(len(sessions))].pk, emp, "ENROLLED",
                                    False, "", now, now))
        cur.execute("""INSERT INTO learning_completion (enrollment_id, completed_at, jp_awarded,
                         attendance_percent)
                       SELECT id, %s, 8, 100 FROM learning_enrollment WHERE id %% 4 = 0""",
                    [now - dt.timedelta(days=30)])


def naive_recompute_employee(employee) -> None:
    """What a straightforward implementation does: per employee, every live workshop
    with its own eligibility, completion, enrollment and session queries, rows saved
    one by one."""
    from django.utils import timezone

    from competencies.models import CompetencyGap
    from learning.catalog.selectors import workshop_list_visible
    from learning.enrollment.eligibility import workshop_is_eligible
    from learning.models import Enrollment, WorkshopSession
    from learning.recommendations.models import Recommendation

    now = timezone.now()
    gaps = {g.competency_id: g for g in CompetencyGap.objects.filter(
        employee=employee, gap__gt=0)}
    scored = []
    for workshop in workshop_list_visible().select_related("eligible_rank_min",
                                                           "eligible_rank_max"):
        if not workshop_is_eligible(workshop=workshop, employee=employee):
            continue
        if Enrollment.objects.filter(employee=employee, session__page=workshop,
                                     completion__isnull=False).exists():
            continue
        if Enrollment.objects.filter(employee=employee, session__page=workshop,
                                     status__in=["ENROLLED", "WAITLISTED", "PENDING_APPROVAL"]
                                     ).exists():
            continue
        session = WorkshopSession.objects.filter(page=workshop, starts_at__gt=now,
                                                 is_cancelled=False).order_by("starts_at").first()
        if session is None:
            continue
        points = Decimal(0)
        for link in workshop.competencies.all():
            g = gaps.get(link.competency_id)
            if g and link.target_level > g.assessed_level:
                points += g.priority * min(link.target_level - g.assessed_level, g.gap) / g.gap
        if points:
            scored.append((points, session.starts_at, workshop.pk, session.pk))
    Recommendation.objects.filter(employee=employee).delete()
    best = sorted(scored, key=lambda r: (-r[0], r[1]))[:10]
    for rank, (points, _s, wid, sid) in enumerate(best, 1):
        Recommendation.objects.create(employee=employee, workshop_id=wid, session_id=sid,
                                      kind="GAP", rank=rank, score=points, reason={},
                                      computed_at=now)


def _worker_init() -> None:
    from django.db import connections

    for conn in connections.all():
        conn.close()


def _proc_cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _run_chunk(job_id: int, number: int, ids: list[int]) -> tuple[int, float, float]:
    from django.db import connection

    from learning.recommendations.services import reco_job_chunk_run

    reco_job_chunk_run(job_id=job_id, number=number, employee_ids=ids)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    return pid, _proc_cpu_s(pid), rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--workshops", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive-sample", type=int, default=30)
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--python-rules", action="store_true",
                        help="rank with compute.py instead of inside PostgreSQL")
    parser.add_argument("--reuse", action="store_true", help="skip generation")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/recommend.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Refusing to wipe a database whose name lacks 'bench'.")
    if args.generate_only:
        t = time.perf_counter()
        generate(args.employees, args.workshops)
        print(f"generate_s: {time.perf_counter() - t:.1f}")
        return
    call_command("migrate", verbosity=0)
    if not args.reuse:
        subprocess.run([sys.executable, __file__, "--generate-only", "--employees",
                        str(args.employees), "--workshops", str(args.workshops)], check=True)

    from django.conf import settings
    from django.db import transaction

    from learning.recommendations.models import (
        Recommendation,
        RecommendationJob,
        UncoveredGap,
    )
    from learning.recommendations.services import reco_job_create
    from people.models import Employee

    overrides = dict(getattr(settings, "LEARNING_RECOMMENDATIONS", {}))
    if args.chunk_size:
        overrides["CHUNK_SIZE"] = args.chunk_size
    if args.python_rules:
        overrides["COMPUTE_IN_DATABASE"] = False
    settings.LEARNING_RECOMMENDATIONS = overrides
    before = Recommendation.objects.count()
    with transaction.atomic():
        job, chunks, _ = reco_job_create()
    connection.close()
    print(f"load_average_before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cpu_before = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    t = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(max(args.workers, 1), initializer=_worker_init) as pool:
        backends = pool.starmap(_run_chunk, [(job.pk, i, c) for i, c in enumerate(chunks)])
    elapsed = time.perf_counter() - t
    py_cpu = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2]) - cpu_before
    per_backend: dict[int, float] = {}
    for pid, cpu, _rss in backends:
        per_backend[pid] = max(cpu, per_backend.get(pid, 0.0))
    pg_cpu = sum(per_backend.values())
    job = RecommendationJob.objects.get(pk=job.pk)
    assert job.status == "DONE", (job.status, job.error)
    employees = Employee.objects.filter(is_active=True).count()
    print(f"employees: {employees}")
    print(f"workshops: {args.workshops}")
    print(f"rules: {'python' if args.python_rules else 'in database'}")
    print(f"recommendation_rows_before: {before}")
    print(f"recommendation_rows: {Recommendation.objects.count()}")
    print(f"uncovered_gap_rows: {UncoveredGap.objects.count()}")
    print(f"recompute_s: {elapsed:.1f}")
    print(f"employees_per_s: {employees / elapsed:.0f}")
    print(f"workers: {args.workers}")
    print(f"python_cpu_s: {py_cpu:.1f}")
    print(f"postgres_cpu_s: {pg_cpu:.1f}")
    print(f"est_employees_per_s_idle_2_cores: {2 * employees / max(py_cpu + pg_cpu, 0.001):.0f}")
    print(f"peak_rss_mb: {max(rss for _p, _c, rss in backends):.0f}")
    print(f"load_average_after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    sample = list(Employee.objects.select_related("position", "rank").order_by("?")
                  [: args.naive_sample])
    t = time.perf_counter()
    for employee in sample:
        naive_recompute_employee(employee)
    naive = len(sample) / (time.perf_counter() - t)
    print(f"naive_sample: {len(sample)}")
    print(f"naive_employees_per_s: {naive:.1f}")
    print(f"speedup_vs_naive: {employees / elapsed / naive:.1f}")


if __name__ == "__main__":
    main()
