"""Benchmark: certificate issuing, in process and through Celery workers on Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_certs \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/certificates.py [--count 500]

Creates (or reuses) `count` bench employees (distinct people, NIPs and names) and
three workshop sessions each completed by all of them, then:

1. In process, per certificate, alternating so both see the same machine load:
   the real issuing path (`certificate_issue`: subject, number, frozen data,
   render, store, SHA-256) and bare WeasyPrint on the same HTML (its CSS inline,
   fonts from files, default fetcher, no reuse of anything). Prints
   `per_certificate_ms`, `bare_ms`, `ratio_vs_bare` (target <= 1.25).
2. `certificate_issue_task` for every participant of the second session, sent to
   a `celery worker --concurrency 1` (one process), then of the third session to
   `--concurrency 2` (two processes), both with a private queue on the Redis in
   CELERY_BROKER_URL. Prints `one_worker_seconds`, `bulk_<count>_seconds` (two
   processes; target <= 60 on 2 cores), `two_workers_vs_one` (target >= 1.7) and
   `worker_rss_growth_mb_per_1000` (the worker child's RSS after warm-up to the end,
   scaled to 1,000 certificates, in the one-process run with recycling off), and
   the CPU time the worker processes spent per certificate (what wall-clock figures
   become on a machine not shared with other jobs: bulk ~= count x cpu_ms / 2 cores,
   plus PostgreSQL's share).

The machine is shared (other jobs run); `load_average` is printed with the figures.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _servers import ensure_database

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bangkom_bench_certs")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")
os.environ.setdefault("MEDIA_ROOT", "/tmp/bangkom-bench-certs-media")  # noqa: S108
os.environ.setdefault("EMAIL_URL", "dummymail://")


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import logging  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from weasyprint import HTML  # noqa: E402

from learning.certificates.models import Certificate  # noqa: E402
from learning.certificates.rendering import (  # noqa: E402
    BASE_CSS,
    FONTS_DIR,
    certificate_html,
    page_css,
)
from learning.certificates.services import certificate_issue  # noqa: E402
from learning.completion.certificate_subject import WORKSHOP  # noqa: E402
from learning.models import (  # noqa: E402
    Enrollment,
    EnrollmentStatus,
    LearningForm,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from learning.models.completion import Completion  # noqa: E402
from people.models import Employee, Position, Rank, Unit, User  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("django_tasks").setLevel(logging.WARNING)
logging.getLogger("wagtail").setLevel(logging.WARNING)
UNIT = "Bench Certificates Unit"


def bench_employees(n: int) -> list[Employee]:
    unit, _ = Unit.objects.get_or_create(name=UNIT)
    position, _ = Position.objects.get_or_create(
        name="Bench Sertifikat Pelaksana", defaults={"kind": "PELAKSANA"})
    rank = Rank.objects.get(employment_type="PNS", code="III/a")
    have = Employee.objects.filter(unit=unit).count()
    if have < n:
        users = User.objects.bulk_create([
            User(username=f"benchcert{i}", password="!", email=f"benchcert{i}@bench.go.id")
            for i in range(have, n)])
        start = dt.date(1975, 1, 1)
        Employee.objects.bulk_create([
            Employee(nip=f"{start + dt.timedelta(days=i):%Y%m%d}2005011001",
                     name=f"Peserta Sertifikat {i} Lestari, S.Kom.", rank=rank,
                     position=position, unit=unit, user=u)
            for i, u in zip(range(have, n), users, strict=True)])
    return list(Employee.objects.filter(unit=unit).order_by("pk")[:n])


def clear_previous() -> None:
    Certificate.objects.filter(employee__unit__name=UNIT).delete()
    Enrollment.objects.filter(employee__unit__name=UNIT).delete()
    for page in WorkshopPage.objects.filter(code__startswith="BENCHCERT-"):
        page.delete()


def completed_session(employees: list[Employee], label: str) -> list[str]:
    """A session that ended yesterday, completed by every one of `employees`."""
    index = WorkshopIndexPage.objects.first()
    stamp = f"{time.time_ns()}"
    page = WorkshopPage(title=f"Pelatihan Uji Kinerja Sertifikat {label}",
                        slug=f"benchcert-{stamp}", code=f"BENCHCERT-{stamp}",
                        learning_form=LearningForm.objects.first(), jp=8)
    index.add_child(instance=page)
    end = timezone.now() - dt.timedelta(days=1)
    session = WorkshopSession.objects.create(
        page=page, starts_at=end - dt.timedelta(days=2), ends_at=end, capacity=len(employees),
        registration_opens_at=end - dt.timedelta(days=30),
        registration_closes_at=end - dt.timedelta(days=3), venue="Aula BKPSDM")
    enrollments = Enrollment.objects.bulk_create([
        Enrollment(session=session, employee=e, status=EnrollmentStatus.ENROLLED)
        for e in employees])
    now = timezone.now()
    Completion.objects.bulk_create([
        Completion(enrollment=e, completed_at=now, jp_awarded=Decimal(15),
                   attendance_percent=Decimal(100)) for e in enrollments])
    return [str(e.pk) for e in enrollments]


def bare_html(certificate: Certificate) -> str:
    """The same document with its CSS inline and fonts as files: what a plain
    WeasyPrint call would be given."""
    template = certificate.template
    css = (BASE_CSS + page_css(template) + template.css).replace(
        "bangkom:font/", (FONTS_DIR.as_uri() + "/"))
    return certificate_html(template=template, context=certificate.context).replace(
        "</head>", f"<style>{css}</style></head>")


def in_process(refs: list[str]) -> None:
    # Warm both paths (first render in a process ~200 ms: fonts, imports).
    warm = certificate_issue(subject_kind=WORKSHOP, subject_ref=refs[0])
    HTML(string=bare_html(warm)).write_pdf()
    real, bare, cpu = [], [], []
    for ref in refs[1:]:
        start, start_cpu = time.perf_counter(), time.process_time()
        certificate = certificate_issue(subject_kind=WORKSHOP, subject_ref=ref)
        real.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        html = bare_html(certificate)
        start = time.perf_counter()
        HTML(string=html).write_pdf()
        bare.append(time.perf_counter() - start)
    print(f"per_certificate_ms: {statistics.mean(real) * 1000:.1f}")
    print(f"per_certificate_median_ms: {statistics.median(real) * 1000:.1f}")
    # CPU time of this process only (PostgreSQL's share is not in it): what a render
    # costs when the machine is not shared with other jobs.
    print(f"per_certificate_cpu_ms: {statistics.mean(cpu) * 1000:.1f}")
    print(f"bare_ms: {statistics.mean(bare) * 1000:.1f}")
    print(f"ratio_vs_bare: {statistics.mean(real) / statistics.mean(bare):.2f}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def through_workers(refs: list[str], *, concurrency: int, measure_rss: bool) -> float:
    from config.celery import app
    from learning.certificates.tasks import certificate_issue_task

    queue = f"bench-certs-{os.getpid()}-{concurrency}"
    log = Path(f"/tmp/bench-certs-worker-{concurrency}.log")  # noqa: S108
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}"}
    with log.open("w") as handle:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue,
             "--concurrency", str(concurrency), "--prefetch-multiplier", "4",
             # Recycling off here to measure growth; production recycles (README).
             "--max-tasks-per-child", "100000", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-l", "warning"],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        time.sleep(2)
        while len(children(worker.pid)) < concurrency:
            if worker.poll() is not None:
                raise SystemExit(f"worker died:\n{log.read_text()[-2000:]}")
            time.sleep(0.3)
        app.conf.task_always_eager = False
        # Warm-up: the first render per process (fonts, imports) is not the steady state.
        warm = refs[:concurrency * 3]
        for ref in warm:
            certificate_issue_task.apply_async(args=[WORKSHOP, ref], queue=queue)
        wait_for(warm)
        rss_start = {pid: rss_mb(pid) for pid in children(worker.pid)}
        cpu_start = sum(cpu_seconds(pid) for pid in rss_start)
        rest = refs[len(warm):]
        start = time.perf_counter()
        for ref in rest:
            certificate_issue_task.apply_async(args=[WORKSHOP, ref], queue=queue)
        wait_for(rest)
        elapsed = time.perf_counter() - start
        cpu_used = sum(cpu_seconds(pid) for pid in rss_start) - cpu_start
        print(f"worker_cpu_ms_per_certificate_{concurrency}: "
              f"{cpu_used / len(rest) * 1000:.1f}")
        if measure_rss:
            growth = [rss_mb(pid) - before for pid, before in rss_start.items()]
            per_task = max(growth) / (len(rest) / concurrency)
            print(f"worker_rss_start_mb: {max(rss_start.values()):.0f}")
            print(f"worker_rss_growth_mb_per_1000: {per_task * 1000:.1f}")
        # Scale to the whole count (the warm-up ones were not timed).
        return elapsed * len(refs) / len(rest)
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def wait_for(refs: list[str], timeout: float = 900) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = Certificate.objects.filter(subject_kind=WORKSHOP, subject_ref__in=refs
                                          ).exclude(sha256="").count()
        if done >= len(refs):
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out: {done}/{len(refs)} certificates")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--skip-workers", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    clear_previous()
    employees = bench_employees(args.count)
    sessions = [completed_session(employees, label) for label in ("A", "B", "C")]
    print(f"count: {args.count}")
    print(f"load_average_start: {os.getloadavg()[0]:.1f}")
    in_process(sessions[0])
    if not args.skip_workers:
        one = through_workers(sessions[1], concurrency=1, measure_rss=True)
        two = through_workers(sessions[2], concurrency=2, measure_rss=False)
        print(f"one_worker_seconds: {one:.1f}")
        print(f"bulk_{args.count}_seconds: {two:.1f}")
        print(f"two_workers_vs_one: {one / two:.2f}")
    print(f"load_average_end: {os.getloadavg()[0]:.1f}")
    print(f"cpu_count: {os.cpu_count()}")


if __name__ == "__main__":
    main()
