"""A realistic mix against gunicorn with workers, ramped until it no longer holds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_load \
        .venv/bin/python bench/load.py [--users 300] [--workshops 200] [--start 4]
        [--steps 6] [--seconds 10]

Seeds workshops (bulk path, as bench/catalog.py), `--users` employees with a
logged-in session each, small sessions to enroll in (so seats run out and the
waitlist moves) and a few issued certificates. Starts gunicorn (2 workers,
production settings, the Redis cache and broker) and a Celery worker on a free
port and Redis database 4 (BENCH_REDIS_URL), then starts a certificate bulk issue and
a full gap recomputation that run in the worker during the load.

After a short warm-up of the mix (not counted), each step offers a fixed rate of
requests (open loop: requests are scheduled at `rate` per second whatever the server
does, and latency counts from the scheduled time, so a server that falls behind
shows it), starting at `--start` requests per
second and doubling. The mix: catalog pages by distinct employees (bench/catalog.py's
visits), home pages, certificate verification pages, enrolling and cancelling (real
POSTs with CSRF). Per step it prints throughput, p50/p95 latency and errors (any
status but 200/302, or no answer within 30 s); it stops after the first step that
does not hold (an error, or p95 of 1 s or more).

After the run it waits for the bulk issue and the gap job and checks the invariants:
no session over capacity, waitlists in order (nobody waits while a seat is free, the
promoted waited longer than whoever still waits), the JP ledger equal to its
completions, one current certificate per subject, both jobs done.

Prints `sustained_rps` (the throughput of the highest step held: 0 errors, p95 under
1 s), `errors` and `invariant_violations` (both must be 0), and as the baseline of the
same run `bare_rps` (the no-work view, 8 threads) and `sustained_vs_bare`. The
machine's load average comes first: on a shared machine the figures are only
comparable within one run.
"""
from __future__ import annotations

import argparse
import os
import random
import secrets
import string
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bangkom_bench_load")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
os.environ.setdefault("CACHE_URL", REDIS)
os.environ.setdefault("CELERY_BROKER_URL", REDIS)

from _servers import ensure_database, free_port, gunicorn_command  # noqa: E402
from catalog import (  # noqa: E402
    SERVER_ENV,
    STATIC_ROOT,
    manage,
    measure,
    mix_urls,
    seed,
    seed_users,
    visits,
)

SERVER_ENV = {**SERVER_ENV, "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
              "CACHE_URL": os.environ["CACHE_URL"]}
LOAD_SESSIONS = 6  # small sessions (capacity 5) everybody enrolls in: seats run out
CAPACITY = 5
BULK_PARTICIPANTS = 20  # the certificate bulk issue running during the load
TIMEOUT = 30
# The mix, by weight: what an employee does on the site.
MIX = {"catalog": 50, "home": 15, "verify": 10, "enroll": 15, "cancel": 10}


def load_world(keys: list[str]) -> dict:
    """What the mix needs besides the catalog: sessions to enroll in, certificate
    codes to verify, the employees behind the session keys; and a session of completed
    participants whose certificates the bulk issue will make."""
    import datetime as dt
    from decimal import Decimal

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from learning.certificates.models import Certificate
    from learning.certificates.services import certificate_issue
    from learning.completion.certificate_subject import WORKSHOP
    from learning.completion.services.jp_ledger import jp_ledger_credit
    from learning.models import Enrollment, EnrollmentStatus, WorkshopPage, WorkshopSession
    from learning.models.completion import Completion, JpLedgerSource
    from people.models import Employee

    now = timezone.now()
    page = WorkshopPage.objects.filter(code__startswith="BENCH-").order_by("pk").first()

    def session(days: int, capacity: int) -> WorkshopSession:
        starts = now + dt.timedelta(days=days)
        return WorkshopSession.objects.create(
            page=page, starts_at=starts, ends_at=starts + dt.timedelta(hours=6),
            capacity=capacity, venue="Aula Uji Beban",
            registration_opens_at=min(now, starts) - dt.timedelta(days=30),
            registration_closes_at=starts - dt.timedelta(hours=1))

    # Each run its own sessions, days apart so that no employee's two overlap.
    load_sessions = [session(300 + 2 * i, CAPACITY) for i in range(LOAD_SESSIONS)]
    ended = session(-3, BULK_PARTICIPANTS)
    stamp = secrets.token_hex(3)
    template = Employee.objects.filter(nip__startswith="199001").first()
    participants = Employee.objects.bulk_create([
        Employee(nip=f"1970{stamp}{i:04d}"[:18].ljust(18, "0"), name=f"Peserta Beban {i}",
                 rank=template.rank, position=template.position, unit=template.unit)
        for i in range(BULK_PARTICIPANTS)])
    for person in participants:
        enrollment = Enrollment.objects.create(session=ended, employee=person,
                                               status=EnrollmentStatus.ENROLLED)
        completion = Completion.objects.create(enrollment=enrollment, completed_at=now,
                                               jp_awarded=Decimal(8),
                                               attendance_percent=Decimal(100))
        jp_ledger_credit(employee=person, source=JpLedgerSource.COMPLETION,
                         source_ref=completion.pk, jp=Decimal(8), occurred_on=now.date(),
                         description=page.title)
    verified = list(Certificate.objects.values_list("code", flat=True)[:5])
    for enrollment in Enrollment.objects.filter(session=ended)[:max(0, 3 - len(verified))]:
        verified.append(certificate_issue(subject_kind=WORKSHOP,
                                          subject_ref=str(enrollment.pk)).code)
    employee_of = {}
    for key in keys:
        user_id = Session.objects.get(session_key=key).get_decoded()["_auth_user_id"]
        employee_of[key] = Employee.objects.get(user_id=user_id).pk
    return {"sessions": [s.pk for s in load_sessions], "ended": ended.pk,
            "codes": verified, "employee_of": employee_of}


@dataclass
class Step:
    rate: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0

    @property
    def held(self) -> bool:
        return not self.errors and self.percentile(0.95) < 1.0


class Mix:
    """The next request of the mix: (method, path, session key or None, form data)."""

    def __init__(self, keys: list[str], world: dict, pairs: list[tuple[str, str]]) -> None:
        self.keys, self.world, self.pairs = keys, world, pairs
        self.random = random.Random(19)
        self.kinds = [k for k, weight in MIX.items() for _ in range(weight)]
        self.next_pair = 0
        self.lock = threading.Lock()

    def draw(self) -> tuple[str, str, str | None, dict]:
        with self.lock:
            kind = self.random.choice(self.kinds)
            key = self.random.choice(self.keys)
            code = self.random.choice(self.world["codes"])
            if kind == "catalog":
                key, path = self.pairs[self.next_pair % len(self.pairs)]
                self.next_pair += 1
                return "GET", path, key, {}
        if kind == "home":
            return "GET", "/", key, {}
        if kind == "verify":
            return "GET", f"/sertifikat/verifikasi/{code}/", None, {}
        sessions = self.world["sessions"]
        session_id = sessions[self.keys.index(key) % len(sessions)]
        if kind == "enroll":
            return "POST", f"/belajar/sesi/{session_id}/daftar/", key, {}
        enrollment_id = self.enrollment_of(key, session_id)
        if enrollment_id is None:  # nothing to cancel: enroll instead
            return "POST", f"/belajar/sesi/{session_id}/daftar/", key, {}
        return "POST", f"/belajar/pendaftaran/{enrollment_id}/batal/", key, {"confirm": "1"}

    def enrollment_of(self, key: str, session_id: int) -> int | None:
        from learning.models import ACTIVE_STATUSES, Enrollment

        return Enrollment.objects.filter(
            session_id=session_id, employee_id=self.world["employee_of"][key],
            status__in=ACTIVE_STATUSES).values_list("pk", flat=True).first()


def run_step(base: str, mix: Mix, rate: float, seconds: float, threads: int) -> Step:
    """Offer `rate` requests per second for `seconds`; latency from the scheduled time."""
    import requests

    step = Step(rate=rate)
    count = int(rate * seconds)
    start = time.monotonic() + 0.2
    schedule = iter(range(count))
    lock = threading.Lock()
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))

    def worker(_i: int) -> None:
        from django.db import connection

        with requests.Session() as http:
            while True:
                with lock:
                    n = next(schedule, None)
                if n is None:
                    break
                due = start + n / rate
                time.sleep(max(0.0, due - time.monotonic()))
                method, path, key, data = mix.draw()
                http.cookies.clear()
                http.cookies.set("csrftoken", csrf, domain="127.0.0.1")
                if key:
                    http.cookies.set("sessionid", key, domain="127.0.0.1")
                try:
                    r = http.request(method, base + path, data=data or None,
                                     headers={"X-CSRFToken": csrf}, timeout=TIMEOUT,
                                     allow_redirects=False)
                    error = None if r.status_code in (200, 302) else f"{path}: {r.status_code}"
                except requests.RequestException as exc:
                    error = f"{path}: {type(exc).__name__}"
                latency = time.monotonic() - due
                with lock:
                    if error:
                        step.errors.append(error)
                    else:
                        step.latencies.append(latency)
        connection.close()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    step.elapsed = time.monotonic() - start
    return step


def jobs_start(*, session_id: int) -> tuple[int, int]:
    """The certificate bulk issue and the full gap recomputation, run by the worker."""
    from competencies.gaps.services import gaps_recompute_all
    from learning.certificates.bulk import certificate_bulk_issue_start
    from people.models import User

    hr = User.objects.filter(is_superuser=True).first() or User.objects.first()
    job = certificate_bulk_issue_start(session_id=session_id, started_by=hr)
    return job.pk, gaps_recompute_all().pk


def jobs_wait(certificate_job_id: int, gap_job_id: int, seconds: float) -> list[str]:
    """Wait for both jobs; the ones not done are violations."""
    from competencies.models import GapRecomputeJob
    from learning.certificates.bulk import certificate_job_refresh
    from learning.certificates.models import CertificateJob

    deadline = time.monotonic() + seconds
    while True:
        cert = certificate_job_refresh(job=CertificateJob.objects.get(pk=certificate_job_id))
        gaps = GapRecomputeJob.objects.get(pk=gap_job_id)
        if (cert.is_finished and gaps.is_finished) or time.monotonic() > deadline:
            break
        time.sleep(1)
    return [f"{name} job {job.pk} is {job.status}" for name, job in
            (("certificate", cert), ("gap", gaps)) if job.status != "DONE"]


def invariant_violations(world: dict) -> list[str]:
    from django.db.models import Count, Max, Min, Q

    from learning.certificates.models import Certificate
    from learning.models import SEAT_HOLDING_STATUSES, EnrollmentStatus, WorkshopSession
    from learning.models.completion import Completion, JpLedgerEntry, JpLedgerSource

    found = []
    sessions = WorkshopSession.objects.annotate(
        holding=Count("enrollments", filter=Q(enrollments__status__in=SEAT_HOLDING_STATUSES)),
        waiting=Count("enrollments", filter=Q(
            enrollments__status=EnrollmentStatus.WAITLISTED)),
        last_promoted=Max("enrollments__waitlisted_at", filter=Q(
            enrollments__status__in=SEAT_HOLDING_STATUSES)),
        first_waiting=Min("enrollments__waitlisted_at", filter=Q(
            enrollments__status=EnrollmentStatus.WAITLISTED)),
    ).select_related("seats")
    for s in sessions:
        taken = getattr(getattr(s, "seats", None), "taken", 0)
        if s.holding > s.capacity or taken > s.capacity:
            found.append(f"session {s.pk}: {s.holding} holding, {taken} taken of {s.capacity}")
        if s.waiting and s.holding < s.capacity:
            found.append(f"session {s.pk}: {s.waiting} waiting with a free seat")
        if s.waiting and s.last_promoted and s.last_promoted > s.first_waiting:
            found.append(f"session {s.pk}: promoted out of waitlist order")
    entries = {e.source_ref: e for e in JpLedgerEntry.objects.filter(
        source=JpLedgerSource.COMPLETION)}
    for completion in Completion.objects.select_related("enrollment"):
        entry = entries.pop(completion.pk, None)
        if entry is None or entry.jp + (entry.withdrawn_jp or 0) != completion.jp_awarded \
                or entry.employee_id != completion.enrollment.employee_id:
            found.append(f"completion {completion.pk}: ledger {entry and entry.jp}")
    found += [f"ledger entry {pk} without its completion" for pk in entries]
    doubles = (Certificate.objects.current().values("subject_kind", "subject_ref", "cycle")
               .annotate(n=Count("pk")).filter(n__gt=1))
    found += [f"{d['subject_kind']} {d['subject_ref']}: {d['n']} current certificates"
              for d in doubles]
    return found


def server_start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **SERVER_ENV},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--workshops", type=int, default=200)
    parser.add_argument("--start", type=float, default=4)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=48)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    os.environ.update(SERVER_ENV)  # the same SECRET_KEY signs the session cookie
    manage("migrate", "--noinput")
    if not (STATIC_ROOT / "staticfiles.json").exists():
        manage("collectstatic", "--noinput")
    cookie, _page = seed(args.workshops)
    keys = seed_users(args.users)
    world = load_world(keys)
    index_urls, workshop_urls = mix_urls(args.workshops)
    pairs = visits(keys, index_urls, workshop_urls, range(3))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = server_start([*gunicorn_command(), "config.wsgi:application", "--workers", "2",
                        "--threads", "4", "--bind", f"127.0.0.1:{port}",
                        "--log-level", "warning"])
    worker = server_start([sys.executable, "-m", "celery", "-A", "config", "worker",
                           "--concurrency", "1", "--without-gossip", "--without-mingle",
                           "-l", "warning"])
    steps: list[Step] = []
    try:
        import requests

        for _ in range(150):
            try:
                requests.get(base + "/belajar/bench/bare/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        bare = measure(base, "/belajar/bench/bare/", cookie, args.seconds)
        mix = Mix(keys, world, pairs)
        # Every gunicorn worker loads its templates and caches on its first requests:
        # a short warm-up of the mix, not counted.
        run_step(base, mix, args.start, min(args.seconds, 5), args.threads)
        jobs = jobs_start(session_id=world["ended"])
        rate = args.start
        for _ in range(args.steps):
            step = run_step(base, mix, rate, args.seconds, args.threads)
            steps.append(step)
            print(f"step_{rate:g}_rps: throughput {step.throughput:.1f}, "
                  f"p50 {step.percentile(0.5) * 1000:.0f} ms, "
                  f"p95 {step.percentile(0.95) * 1000:.0f} ms, errors {len(step.errors)}",
                  flush=True)
            if not step.held:
                break
            rate *= 2
        violations = jobs_wait(*jobs, seconds=120) + invariant_violations(world)
    finally:
        for proc in (web, worker):
            proc.terminate()
        for proc in (web, worker):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    held = [s for s in steps if s.held]
    sustained = max((s.throughput for s in held), default=0.0)
    errors = [e for s in steps for e in s.errors]
    print(f"load_average_1min: {os.getloadavg()[0]:.1f}")
    print(f"users: {args.users}")
    print(f"bare_rps: {bare:.0f}")
    print(f"sustained_rps: {sustained:.1f}")
    print(f"sustained_vs_bare: {sustained / bare:.2f}")
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print(f"  error: {error}")
    print(f"invariant_violations: {len(violations)}")
    for violation in violations[:10]:
        print(f"  violation: {violation}")
    if errors or violations:
        sys.exit(1)


if __name__ == "__main__":
    main()
