"""Benchmark: concurrent enroll POSTs through the real view, behind gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_enroll \
        .venv/bin/python bench/enrollment.py [--employees 1000] [--capacity 500]

Creates (or reuses) N bench employees with logins, a workshop with one session of
`capacity` seats, starts gunicorn (2 workers, PYTHONPATH=.:site, DEBUG off) on a free
127.0.0.1 port, gives every employee a logged-in session, and fires one enroll POST
per employee from a bounded thread pool. Prints:

- `enrollments_per_s`: POSTs answered per second (each a real enrollment or waitlist
  entry, emails rendered eagerly to a dummy mail backend, as without a broker);
- `overbooked`: max(0, enrolled + pending − capacity), counted in the database;
- `enrolled`, `waitlisted`, `http_errors`;
- baseline, same run: `service_enrollments_per_s` (the service called directly,
  sequentially, in this process, on a second session of the same size).

Logging in is not what is measured: sessions are created directly in the session
store (the login form's password hashing would dominate). The database is created and
migrated if missing; bench rows live in the unit "Bench Enroll Unit".
"""
from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _servers import ensure_database, free_port, gunicorn_command

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DATABASE_URL",
                      "postgres://postgres@127.0.0.1:5432/bangkom_bench_enroll")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EMAIL_URL", "dummymail://")
# gunicorn must read the sessions this process writes: same signing key.
os.environ.setdefault("SECRET_KEY", "bench-enrollment-not-secret-" + "x" * 30)


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from learning.enrollment.services import enrollment_create  # noqa: E402
from learning.models import (  # noqa: E402
    Enrollment,
    EnrollmentStatus,
    LearningForm,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from people.models import Employee, Position, Rank, Unit, User  # noqa: E402

UNIT = "Bench Enroll Unit"


def bench_employees(n: int) -> list[Employee]:
    unit, _ = Unit.objects.get_or_create(name=UNIT)
    position, _ = Position.objects.get_or_create(
        name="Bench Enroll Pelaksana", defaults={"kind": "PELAKSANA"})
    rank = Rank.objects.get(employment_type="PNS", code="III/a")
    have = Employee.objects.filter(unit=unit).count()
    if have < n:
        users = User.objects.bulk_create([
            User(username=f"benchenroll{i}", password="!", email=f"benchenroll{i}@bench.go.id")
            for i in range(have, n)
        ])
        Employee.objects.bulk_create([
            Employee(nip=f"19900101201501{i:04d}"[:18], name=f"Bench Enroll {i}", rank=rank,
                     position=position, unit=unit, user=u, email=u.email)
            for i, u in zip(range(have, n), users, strict=True)
        ])
    return list(Employee.objects.filter(unit=unit).select_related("user").order_by("pk")[:n])


def bench_session(capacity: int, label: str) -> WorkshopSession:
    index = WorkshopIndexPage.objects.first()
    stamp = f"{time.time_ns()}"
    page = WorkshopPage(title=f"Bench Enroll {label}", slug=f"bench-enroll-{stamp}",
                        code=f"BENCH-{stamp}", learning_form=LearningForm.objects.first(),
                        jp=8)
    index.add_child(instance=page)
    now = timezone.now()
    return WorkshopSession.objects.create(
        page=page, starts_at=now + timezone.timedelta(days=30),
        ends_at=now + timezone.timedelta(days=30, hours=4), capacity=capacity,
        registration_opens_at=now - timezone.timedelta(days=1),
        registration_closes_at=now + timezone.timedelta(days=29), venue="Bench",
    )


def clear_previous() -> None:
    Enrollment.objects.filter(employee__unit__name=UNIT).delete()
    for page in WorkshopPage.objects.filter(code__startswith="BENCH-"):
        Enrollment.objects.filter(session__page=page).delete()
        page.delete()


def login_cookies(users: list[User]) -> list[dict]:
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append({"sessionid": store.session_key,
                        "csrftoken": secrets.token_hex(16)})
    return cookies


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
           "DEBUG": "false",
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false",
           "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
           "LOG_LEVEL": "WARNING", "EMAIL_URL": "dummymail://"}
    proc = subprocess.Popen(
        [*gunicorn_command(), "config.wsgi:application", "-w", "2",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/belajar/pendaftaran-saya/", timeout=30,
                         allow_redirects=False)
            return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    clear_previous()
    people = bench_employees(args.employees * 2)
    http_people, service_people = people[: args.employees], people[args.employees:]
    session = bench_session(args.capacity, "HTTP")
    cookies = login_cookies([p.user for p in http_people])
    connection.close()

    port = free_port()
    proc = start_gunicorn(port)
    url = f"http://127.0.0.1:{port}/belajar/sesi/{session.pk}/daftar/"
    local = threading.local()
    errors = []

    def post(cookie: dict) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = requests.Session()
        r = client.post(url, cookies=cookie, allow_redirects=False,
                        headers={"X-CSRFToken": cookie["csrftoken"],
                                 "Referer": f"http://127.0.0.1:{port}/"},
                        data={"next": "/"})
        if r.status_code != 302 or "/akun/login" in r.headers.get("Location", ""):
            errors.append(r.status_code)

    try:
        post(cookies[0])  # warm both the connection and a worker
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            list(pool.map(post, cookies[1:]))
        elapsed = time.perf_counter() - start
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    rows = Enrollment.objects.filter(session=session)
    enrolled = rows.filter(status=EnrollmentStatus.ENROLLED).count()
    pending = rows.filter(status=EnrollmentStatus.PENDING_APPROVAL).count()
    waitlisted = rows.filter(status=EnrollmentStatus.WAITLISTED).count()
    print(f"employees: {args.employees}")
    print(f"capacity: {args.capacity}")
    print(f"enrollments_per_s: {(len(cookies) - 1) / elapsed:.1f}")
    print(f"enrolled: {enrolled}")
    print(f"waitlisted: {waitlisted}")
    print(f"overbooked: {max(0, enrolled + pending - args.capacity)}")
    print(f"http_errors: {len(errors)}")

    baseline = bench_session(args.capacity, "service")
    start = time.perf_counter()
    for p in service_people:
        enrollment_create(session=baseline, employee=p, enrolled_by=p.user)
    elapsed = time.perf_counter() - start
    print(f"service_enrollments_per_s: {len(service_people) / elapsed:.1f}")
    clear_previous()


if __name__ == "__main__":
    main()
