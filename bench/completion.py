"""Completion pages against a bare view, in-process through Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_completion \
        .venv/bin/python bench/completion.py [--participants 100] [--sessions 200] [--repeat 20]

Seeds (once; a re-run reuses them) 20 past workshops with `--sessions` sessions in all,
each with a few participants, plus one 3-day session with `--participants` participants,
~1,000 employees with ledger credits; then times, per request (median of --repeat):
the bare view (baseline), the roster page, saving the whole roster (idempotent re-save),
the session report, the unit JP report and the JP history page. Prints `name: value`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from _servers import ensure_database

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bangkom_bench_completion")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["BANGKOM_BENCH_VIEWS"] = "true"  # mounts the bare baseline view
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def seed(*, sessions: int, participants: int):
    from django.utils import timezone

    from learning.completion.services import attendance_save, jp_ledger_credit, session_days
    from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
    from learning.models.completion import JpLedgerEntry, JpLedgerSource
    from people.models import Employee, Rank, User
    from tests.factories import UnitFactory, make_nip
    from tests.learning.completion_world import make_session, make_workshop

    hr, _ = User.objects.get_or_create(username="bench.hr", defaults={"is_superuser": True})
    hr.set_password("bench-Password-1")
    hr.save()
    if not Employee.objects.filter(nip__startswith="1990").exists():
        rank = Rank.objects.get(employment_type="PNS", code="III/a")
        from people.models import Position

        position, _ = Position.objects.get_or_create(name="Bench Analis",
                                                 defaults={"kind": "PELAKSANA"})
        units = [UnitFactory(name=f"Bench Dinas {i}") for i in range(20)]
        Employee.objects.bulk_create([
            Employee(nip=make_nip(i, birth=dt.date(1990, 1, 1)), name=f"Bench Pegawai {i}",
                     rank=rank, position=position, unit=units[i % 20])
            for i in range(1000)
        ])
    employees = list(Employee.objects.filter(nip__startswith="1990").order_by("pk"))
    if not JpLedgerEntry.objects.filter(description="bench").exists():
        for i, e in enumerate(employees):
            jp_ledger_credit(employee=e, source=JpLedgerSource.MENTORING, source_ref=10**9 + i,
                             jp=Decimal(i % 30), occurred_on=timezone.localdate(),
                             description="bench")
    big = WorkshopSession.objects.filter(page__title="Bench big roster").first()
    if big is None:
        big = make_session(days=3, title="Bench big roster")
        Enrollment.objects.bulk_create([
            Enrollment(session=big, employee=e, status=EnrollmentStatus.ENROLLED)
            for e in employees[:participants]
        ])
        days = set(session_days(session=big))
        attendance_save(session=big, present={
            en.pk: days for en in Enrollment.objects.filter(session=big)}, marked_by=hr)
    have = WorkshopSession.objects.filter(page__title__startswith="Bench workshop").count()
    workshops = [make_workshop(title=f"Bench workshop {i}") for i in range(20)] if not have else []
    for n in range(sessions - have if workshops else 0):
        s = make_session(workshop=workshops[n % 20],
                         first_day=timezone.localdate() - dt.timedelta(days=2 + n % 200))
        Enrollment.objects.bulk_create([
            Enrollment(session=s, employee=e, status=EnrollmentStatus.ENROLLED)
            for e in employees[n * 3 % 900:n * 3 % 900 + 3]
        ])
    return hr, big, employees[0]


def timed(func, repeat: int) -> float:
    func()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = func()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.urls import reverse

    from learning.completion.services import session_days

    hr, big, employee = seed(sessions=args.sessions, participants=args.participants)
    client = Client()
    client.force_login(hr)
    emp_client = Client()
    if employee.user is None:
        from people.models import User

        employee.user = User.objects.create(username=employee.nip)
        employee.save()
    emp_client.force_login(employee.user)
    year = big.starts_at.year
    roster = reverse("learning:attendance_roster", args=[big.pk])
    days = session_days(session=big)
    post = {f"present-{e.pk}-{d.isoformat()}": "1"
            for e in big.enrollments.all() for d in days}
    results = {
        "bare_ms": timed(lambda: client.get("/belajar/bench/bare/"), args.repeat),
        "roster_page_ms": timed(lambda: client.get(roster), args.repeat),
        "roster_save_ms": timed(lambda: client.post(roster, post), args.repeat),
        "session_report_ms": timed(
            lambda: client.get(reverse("learning:report_sessions") + f"?tahun={year}"),
            args.repeat),
        "session_report_xlsx_ms": timed(
            lambda: client.get(reverse("learning:report_sessions") + f"?tahun={year}&format=xlsx"),
            args.repeat),
        "unit_report_ms": timed(
            lambda: client.get(reverse("learning:report_units") + f"?tahun={year}"), args.repeat),
        "jp_history_ms": timed(lambda: emp_client.get(reverse("learning:jp_history")), args.repeat),
    }
    print(f"participants: {args.participants}")
    print(f"sessions: {args.sessions}")
    for name, value in results.items():
        print(f"{name}: {value:.1f}")
    for name, value in results.items():
        if name != "bare_ms":
            print(f"{name.removesuffix('_ms')}_vs_bare: {value / results['bare_ms']:.1f}")


if __name__ == "__main__":
    main()
