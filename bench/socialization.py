"""Benchmark: policy socialization pages and jobs on a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_c \
        .venv/bin/python bench/socialization.py [--extra 2000] [--repeat 20]

Needs `migrate` + `seed_demo` (the demo regency, 600+ employees). Adds `--extra`
bench employees (unit "Bench Socialization Unit") so the biggest policy's audience is
larger, acknowledges half of them, then measures through Django's test client, in
this process (no web server):

- `home_ms`: the employee home page (every app's panels); `home_panel_ms`: ours alone;
- `policy_page_ms`: one policy page as an employee in its audience;
- `report_ms`, `report_queries`: HR's report for the all-employee policy;
- `report_csv_ms`, `report_xlsx_ms`: its exports;
- `reminders_per_s`: reminder emails sent by the service (locmem mail backend);
- baseline, same run: `baseline_ms`, HR's report index (one small query, same
  middleware and base template).
Bench rows are removed at the end (reminders and acknowledgements included).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bangkom_c")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from people.models import Employee, Position, Rank, Unit  # noqa: E402
from people.roles import HR_GROUP  # noqa: E402
from socialization.models import Acknowledgement, PolicyPage, ReminderSent  # noqa: E402
from socialization.selectors import policy_ack_revision_id  # noqa: E402
from socialization.services import policy_reminders_send  # noqa: E402

BENCH_UNIT = "Bench Socialization Unit"


def emit(name: str, value: object) -> None:
    print(f"{name}: {value}", flush=True)  # noqa: T201  (the bench's output format)


def timed(fn, repeat: int) -> float:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    page = PolicyPage.objects.live().filter(audience_all=True, is_mandatory=True).first()
    if page is None:
        sys.exit("run `manage.py migrate` and `manage.py seed_demo` first")
    unit, _ = Unit.objects.get_or_create(name=BENCH_UNIT)
    position = Position.objects.filter(kind="PELAKSANA").first()
    rank = Rank.objects.get(employment_type="PNS", code="III/a")
    base = 900000
    Employee.objects.bulk_create(
        [Employee(nip=f"19900101201501{base + i:04d}"[-18:], name=f"Bench {i}", rank=rank,
                  position=position, unit=unit, email=f"bench{i}@example.go.id")
         for i in range(args.extra)],
        ignore_conflicts=True,
    )
    bench_ids = list(Employee.objects.filter(unit=unit).values_list("pk", flat=True))
    revision_id = policy_ack_revision_id(page=page)
    Acknowledgement.objects.bulk_create(
        [Acknowledgement(employee_id=pk, page=page, revision_id=revision_id)
         for pk in bench_ids[: len(bench_ids) // 2]], ignore_conflicts=True)
    try:
        hr_user = Employee.objects.filter(user__groups__name=HR_GROUP).first().user
        reader = Employee.objects.filter(user__isnull=False).exclude(
            user__groups__name=HR_GROUP).order_by("nip").first().user
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            hr, employee = Client(), Client()
            hr.force_login(hr_user)
            employee.force_login(reader)
            report_url = f"/sosialisasi-aksi/laporan/{page.pk}/"
            audience = Employee.objects.active().count()
            emit("audience", f"{audience}")
            index_url = "/sosialisasi-aksi/laporan/"
            emit("baseline_ms", f"{timed(lambda: hr.get(index_url), args.repeat):.1f}")
            emit("home_ms", f"{timed(lambda: employee.get('/'), args.repeat):.1f}")
            from django.test import RequestFactory

            from socialization.panels import policies_to_read

            request = RequestFactory().get("/")
            request.user = reader
            emit("home_panel_ms", f"{timed(lambda: policies_to_read(request), args.repeat):.1f}")
            emit("policy_page_ms", f"{timed(lambda: employee.get(page.url), args.repeat):.1f}")
            emit("report_ms", f"{timed(lambda: hr.get(report_url), args.repeat):.1f}")
            with CaptureQueriesContext(connection) as ctx:
                hr.get(report_url)
            emit("report_queries", f"{len(ctx.captured_queries)}")
            emit("report_csv_ms", f"{timed(lambda: hr.get(report_url + 'csv/'), 5):.1f}")
            emit("report_xlsx_ms", f"{timed(lambda: hr.get(report_url + 'xlsx/'), 5):.1f}")
        start = time.perf_counter()
        sent = policy_reminders_send(page=page)
        elapsed = time.perf_counter() - start
        emit("reminders_sent", f"{sent}")
        emit("reminders_per_s", f"{sent / elapsed:.0f}")
        emit("reminders_second_run", f"{policy_reminders_send(page=page)}")
    finally:
        ReminderSent.objects.filter(page=page).delete()
        Acknowledgement.objects.filter(employee_id__in=bench_ids).delete()
        Employee.objects.filter(pk__in=bench_ids).delete()
        unit.delete()


if __name__ == "__main__":
    main()
