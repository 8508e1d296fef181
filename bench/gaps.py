"""Benchmark: full gap recomputation for an agency of N employees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_gaps \
        .venv/bin/python bench/gaps.py --employees 100000

Creates the database schema with `migrate` if needed, then (in a child process, so
its memory is not counted) wipes the database's employees and competency results and
generates an agency with bulk COPY/INSERTs: units, positions of every kind with
per-position technical standards, assessments from several sources and dates, two
years of appraisals with BerAKHLAK ratings. Then it times the real bulk job as the
product runs it: the job's chunk tasks (gap_job_chunk_run) in --workers processes,
as `celery worker --concurrency=N` would (default 2, the machine's cores;
--workers 1 runs gaps_recompute_all eagerly in this process), and a naive
per-employee ORM loop over a sample, and prints `name: value` lines, with the CPU
seconds spent in Python and in PostgreSQL (the machine is shared: CPU time tells the
code's cost apart from the load; the load average is printed before and after).

Refuses a database whose name does not contain "bench" (it deletes data) unless
--force is given.
"""

# ruff: noqa: T201, DTZ011  (a command-line report; dates are local on purpose)
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
os.environ.setdefault("CELERY_BROKER_URL", "")  # eager: chunks run in this process


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup() -> None:
    import django

    django.setup()


# --- Generation --------------------------------------------------------------------------


def generate(n: int, seed: int = 7) -> None:
    from django.db import connection, transaction

    from competencies.models import (
        Competency,
        CoreValue,
        JobStandard,
        SourceWeight,
    )
    from people.models import LEVELS_BY_KIND, Position, Rank, Unit

    rnd = random.Random(seed)
    today = dt.date.today()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "TRUNCATE competencies_competencygap, competencies_jobpersonmatch, "
            "competencies_gaprecomputechunk, competencies_gaprecomputejob, "
            "competencies_appraisalvaluerating, competencies_appraisal, "
            "competencies_assessment, competencies_jobstandard, people_employee CASCADE"
        )
        Unit.objects.filter(name__startswith="Bench ").delete()
        Position.objects.filter(name__startswith="Bench ").delete()
        Competency.objects.filter(code__startswith="BT.").delete()
        # Ages: peers older than two years and self-assessments older than a year
        # no longer count, so the rule has something to drop.
        SourceWeight.objects.filter(source="PEER").update(max_age_days=730)
        SourceWeight.objects.filter(source="SELF").update(max_age_days=365)

        units = Unit.objects.bulk_create(
            [Unit(name=f"Bench Unit {i:03d}") for i in range(max(10, n // 500))]
        )
        technical = Competency.objects.bulk_create(
            [
                Competency(code=f"BT.{i:02d}", name=f"Bench Teknis {i:02d}", type="TECHNICAL")
                for i in range(20)
            ]
        )
        positions = []
        kinds = [(k, lv) for k, levels in LEVELS_BY_KIND.items() for lv in sorted(levels)]
        for i in range(300):
            kind, level = kinds[i % len(kinds)]
            positions.append(Position(name=f"Bench Jabatan {i:03d}", kind=kind, level=level))
        positions = Position.objects.bulk_create(positions)
        managerial = list(Competency.objects.filter(type="MANAGERIAL", is_active=True))
        standards = []
        for p in positions:
            for c in rnd.sample(technical, 3):
                standards.append(
                    JobStandard(position=p, competency=c, required_level=rnd.randint(1, 4))
                )
            if rnd.random() < 0.3:  # an override of a default
                standards.append(
                    JobStandard(
                        position=p,
                        competency=rnd.choice(managerial),
                        required_level=rnd.randint(2, 5),
                    )
                )
        JobStandard.objects.bulk_create(standards)
        by_position: dict[int, list[int]] = {}
        defaults = {}
        from competencies.models import JobStandardDefault

        for d in JobStandardDefault.objects.all():
            defaults.setdefault((d.position_kind, d.position_level), []).append(d.competency_type)
        typed = {
            t: list(Competency.objects.filter(type=t, is_active=True).values_list("pk", flat=True))
            for t in ("MANAGERIAL", "SOCIOCULTURAL")
        }
        for p in positions:
            comps = [c for t in defaults.get((p.kind, p.level), []) for c in typed[t]]
            by_position[p.pk] = comps
        for s in standards:
            if s.competency_id not in by_position[s.position_id]:
                by_position[s.position_id].append(s.competency_id)

        rank_id = Rank.objects.get(employment_type="PNS", code="III/a").pk
        now = dt.datetime.now(dt.UTC)
        emp_positions = []
        with cur.copy(
            "COPY people_employee (nip, name, employment_type, rank_id, position_id, unit_id, "
            "email, is_active, created_at, updated_at) FROM STDIN"
        ) as copy:
            for i in range(n):
                p = positions[rnd.randrange(len(positions))]
                emp_positions.append(p.pk)
                copy.write_row(
                    (
                        f"19{i:016d}",
                        f"Pegawai Bench {i}",
                        "PNS",
                        rank_id,
                        p.pk,
                        units[i % len(units)].pk,
                        "",
                        True,
                        now,
                        now,
                    )
                )
        cur.execute("SELECT id FROM people_employee ORDER BY id")
        emp_ids = [r[0] for r in cur.fetchall()]

        sources = [
            ("SUPERVISOR", 0.8),
            ("SELF", 0.5),
            ("ASSESSMENT_CENTER", 0.2),
            ("PEER", 0.3),
            ("MENTOR", 0.05),
        ]
        assessments = 0
        with cur.copy(
            "COPY competencies_assessment (employee_id, competency_id, level, source, "
            "assessed_on, created_at, updated_at) FROM STDIN"
        ) as copy:
            for emp, pos in zip(emp_ids, emp_positions, strict=True):
                if rnd.random() < 0.05:
                    continue  # never assessed: unknown gaps
                for comp in by_position[pos]:
                    for source, share in sources:
                        if rnd.random() >= share:
                            continue
                        days = rnd.randint(0, 1000)
                        copy.write_row(
                            (
                                emp,
                                comp,
                                Decimal(rnd.randint(10, 50)) / 10,
                                source,
                                today - dt.timedelta(days=days),
                                now,
                                now,
                            )
                        )
                        assessments += 1
                        if rnd.random() < 0.25:  # an older one from the same source
                            copy.write_row(
                                (
                                    emp,
                                    comp,
                                    Decimal(rnd.randint(10, 50)) / 10,
                                    source,
                                    today - dt.timedelta(days=days + 1 + rnd.randint(0, 400)),
                                    now,
                                    now,
                                )
                            )
                            assessments += 1

        periods = []
        from competencies.models import AppraisalPeriod

        for code, year, q, kind in [
            ("2025", 2025, None, "ANNUAL"),
            ("2026-T3", 2026, 3, "QUARTERLY"),
        ]:
            period, _ = AppraisalPeriod.objects.get_or_create(
                code=code, defaults={"year": year, "quarter": q, "kind": kind}
            )
            periods.append(period.pk)
        predicates = [
            "SANGAT_BAIK",
            "BAIK",
            "BAIK",
            "BAIK",
            "BUTUH_PERBAIKAN",
            "KURANG",
            "SANGAT_KURANG",
        ]
        with cur.copy(
            "COPY competencies_appraisal (employee_id, period_id, result_rating, behaviour_rating, "
            "predicate, predicate_was_derived, created_at, updated_at) FROM STDIN"
        ) as copy:
            for emp in emp_ids:
                for period in periods:
                    copy.write_row(
                        (emp, period, "MEETS", "MEETS", rnd.choice(predicates), False, now, now)
                    )
        cur.execute("SELECT id FROM competencies_appraisal")
        appraisal_ids = [r[0] for r in cur.fetchall()]
        values = list(CoreValue.objects.values_list("pk", flat=True))
        ratings = 0
        with cur.copy(
            "COPY competencies_appraisalvaluerating (appraisal_id, core_value_id, rating) "
            "FROM STDIN"
        ) as copy:
            for appraisal in appraisal_ids:
                for value in values:
                    r = rnd.random()
                    copy.write_row(
                        (appraisal, value, "BELOW" if r < 0.05 else "ABOVE" if r > 0.8 else "MEETS")
                    )
                    ratings += 1
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"generated_employees: {n}")
    print(f"generated_assessments: {assessments}")
    print(f"generated_appraisals: {len(appraisal_ids)}")
    print(f"generated_value_ratings: {ratings}")


# --- The naive baseline: ORM queries per employee ------------------------------------------


def naive_recompute_employee(employee) -> None:
    """What a straightforward implementation does: per employee, per competency,
    query the standard, the assessments and the appraisal, and save row by row."""
    from django.utils import timezone

    from competencies.models import (
        Appraisal,
        Assessment,
        Competency,
        CompetencyGap,
        CoreValueCompetency,
        JobPersonMatch,
        JobStandard,
        JobStandardDefault,
        SourceWeight,
    )

    today = timezone.localdate()
    now = timezone.now()
    position = employee.position
    standard = {}
    for d in JobStandardDefault.objects.filter(
        position_kind=position.kind, position_level=position.level
    ):
        for c in Competency.objects.filter(type=d.competency_type, is_active=True):
            standard[c.pk] = d.required_level
    for s in JobStandard.objects.filter(position=position):
        standard[s.competency_id] = s.required_level
    appraisal = (
        Appraisal.objects.filter(employee=employee)
        .order_by("-period__year", "-period__quarter")
        .first()
    )
    flagged = set()
    if appraisal:
        for vr in appraisal.value_ratings.filter(rating="BELOW"):
            flagged |= set(
                CoreValueCompetency.objects.filter(core_value_id=vr.core_value_id).values_list(
                    "competency_id", flat=True
                )
            )
    capped = required_sum = 0.0
    known = 0
    for comp_id, required in standard.items():
        total = weight_sum = 0.0
        for sw in SourceWeight.objects.all():
            qs = Assessment.objects.filter(
                employee=employee, competency_id=comp_id, source=sw.source
            )
            if sw.max_age_days:
                qs = qs.filter(assessed_on__gte=today - dt.timedelta(days=sw.max_age_days))
            latest = qs.order_by("-assessed_on").first()
            if latest and sw.weight > 0:
                total += float(latest.level) * float(sw.weight)
                weight_sum += float(sw.weight)
        assessed = round(total / weight_sum, 2) if weight_sum else None
        gap = None if assessed is None else max(required - assessed, 0)
        if assessed is not None:
            known += 1
            capped += min(assessed, required)
            required_sum += required
        CompetencyGap.objects.update_or_create(
            employee=employee,
            competency_id=comp_id,
            defaults={
                "required_level": required,
                "assessed_level": assessed,
                "difference": None if assessed is None else round(assessed - required, 2),
                "gap": gap,
                "priority": (gap or 0) * 10 + (5 if comp_id in flagged else 0),
                "behaviour_flag": comp_id in flagged,
                "explanation": {},
                "computed_at": now,
            },
        )
    JobPersonMatch.objects.update_or_create(
        employee=employee,
        defaults={
            "jpm_percent": round(capped / required_sum * 100, 2) if known else None,
            "coverage": round(known / len(standard), 3) if standard else 0,
            "standard_count": len(standard),
            "assessed_count": known,
            "computed_at": now,
        },
    )


def _worker_init() -> None:
    from django.db import connections

    for conn in connections.all():
        conn.close()


def _run_chunk(job_id: int, number: int, ids: list[int]) -> tuple[int, float, float]:
    """Run one chunk; return (PostgreSQL backend pid, its CPU seconds so far, this
    worker's peak RSS in MB)."""
    from django.db import connection

    from competencies.gaps.services import gap_job_chunk_run

    gap_job_chunk_run(job_id=job_id, number=number, employee_ids=ids)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    return pid, _proc_cpu_s(pid), rss_mb()


def _proc_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a local process, from /proc (0 if unreadable:
    PostgreSQL on another host)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


# --- Main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--naive-sample", type=int, default=1000)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes running chunk tasks (like Celery concurrency)",
    )
    parser.add_argument(
        "--chunk-size", type=int, default=None, help="override COMPETENCY_GAPS CHUNK_SIZE"
    )
    parser.add_argument(
        "--python-rules",
        action="store_true",
        help="compute with the Python rules + COPY instead of in PostgreSQL",
    )
    parser.add_argument("--reuse", action="store_true", help="skip generation")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/gaps.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    if "bench" not in connection.settings_dict["NAME"] and not args.force:
        sys.exit("Refusing to wipe a database whose name lacks 'bench' (use --force).")
    if args.generate_only:
        t = time.perf_counter()
        generate(args.employees)
        print(f"generate_s: {time.perf_counter() - t:.1f}")
        return
    call_command("migrate", verbosity=0)
    if not args.reuse:
        # A child process, so generation's memory does not count in peak_rss_mb.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--generate-only",
                "--employees",
                str(args.employees),
                *(["--force"] if args.force else []),
            ],
            check=True,
        )

    from django.conf import settings

    from competencies.gaps.services import gaps_recompute_all
    from competencies.models import CompetencyGap, GapRecomputeJob, JobPersonMatch
    from people.models import Employee

    overrides = dict(getattr(settings, "COMPETENCY_GAPS", {}))
    if args.chunk_size:
        overrides["CHUNK_SIZE"] = args.chunk_size
    if args.python_rules:
        overrides["COMPUTE_IN_DATABASE"] = False
    settings.COMPETENCY_GAPS = overrides  # the forked workers inherit it
    existing = CompetencyGap.objects.count()

    connection.close()
    print(f"load_average_before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rss_start = rss_mb()
    cpu_children_before = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    t = time.perf_counter()
    if args.workers <= 1:
        job = gaps_recompute_all()  # eager Celery: every chunk runs on commit, here
    else:
        # What `celery worker --concurrency=N` does with the job's chunk tasks: the
        # task body (gap_job_chunk_run) in N processes.
        from django.db import transaction

        from competencies.gaps.services import gap_job_create

        with transaction.atomic():
            job, chunks, _ = gap_job_create()
        connection.close()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(args.workers, initializer=_worker_init) as pool:
            backends = pool.starmap(_run_chunk, [(job.pk, i, c) for i, c in enumerate(chunks)])
    elapsed = time.perf_counter() - t
    # CPU actually spent, to tell the code's cost from the machine's load (the 2
    # cores are shared): Python in the worker processes, SQL in their backends.
    if args.workers > 1:
        py_cpu = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2]) - cpu_children_before
        per_backend: dict[int, float] = {}
        for pid, cpu, _rss in backends:  # CPU so far, per backend: keep the last
            per_backend[pid] = max(cpu, per_backend.get(pid, 0.0))
        pg_cpu = sum(per_backend.values())
        # The workers' own peak, not RUSAGE_CHILDREN's, which also counts the
        # generation child process.
        workers_rss = max(rss for _pid, _cpu, rss in backends)
    job = GapRecomputeJob.objects.get(pk=job.pk)
    assert job.status == "DONE", (job.status, job.error)
    employees = Employee.objects.filter(is_active=True).count()
    print(f"employees: {employees}")
    print(f"gap_rows_before: {existing}")
    print(f"chunk_size: {overrides.get('CHUNK_SIZE', 'default')}")
    print(f"rules: {'python' if args.python_rules else 'in database'}")
    print(f"gap_rows: {CompetencyGap.objects.count()}")
    print(f"jpm_rows: {JobPersonMatch.objects.count()}")
    print(f"recompute_s: {elapsed:.1f}")
    print(f"employees_per_s: {employees / elapsed:.0f}")
    print(f"rss_before_recompute_mb: {rss_start:.0f}")
    print(f"workers: {args.workers}")
    if args.workers > 1:
        print(f"python_cpu_s: {py_cpu:.1f}")
        print(f"postgres_cpu_s: {pg_cpu:.1f}")
        # What the same work takes on 2 otherwise idle cores (CPU-bound either side).
        print(f"employees_per_cpu_s: {employees / (py_cpu + pg_cpu):.0f}")
        print(f"est_employees_per_s_idle_2_cores: {2 * employees / (py_cpu + pg_cpu):.0f}")
    print(f"peak_rss_mb: {max(rss_mb(), workers_rss if args.workers > 1 else 0):.0f}")
    print(f"load_average_after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    sample = list(Employee.objects.select_related("position").order_by("?")[: args.naive_sample])
    t = time.perf_counter()
    for employee in sample:
        naive_recompute_employee(employee)
    naive = len(sample) / (time.perf_counter() - t)
    print(f"naive_sample: {len(sample)}")
    print(f"naive_employees_per_s: {naive:.0f}")
    print(f"speedup_vs_naive: {employees / elapsed / naive:.1f}")


if __name__ == "__main__":
    main()
