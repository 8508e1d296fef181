"""Benchmark: import a generated 100,000-row competency-assessment CSV (and, smaller,
an appraisal CSV) on the configured database through results_import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_b1 \
        .venv/bin/python bench/import_appraisals.py [--rows 100000]

Creates the employees to match (10 assessments each, in units named "Bench Impor"),
writes a semicolon CSV with decimal commas and spaced NIPs, and prints:
`rows_per_s`, `seconds`, `peak_rss_mb` (resource.getrusage ru_maxrss of the whole
process, after the import), `rss_before_import_mb` (the same before it: Django and
the generated data), `reimport_rows_per_s` (the same file again: all updates), and the
baseline measured in the same run, `naive_rows_per_s` (per-row update_or_create over
2,000 rows) and `speedup_vs_naive`. The gap recomputation hook is skipped
(bench/gaps.py measures it). Bench data is deleted at the end.
"""
# ruff: noqa: T201
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from competencies.imports.services import results_import  # noqa: E402
from competencies.models import (  # noqa: E402
    Appraisal,
    Assessment,
    AssessmentSource,
    Competency,
    ImportBatch,
)
from people.models import Employee, Position, PositionKind, Rank, Unit  # noqa: E402

UNIT = "Bench Impor"
SOURCES = ["assessment center", "atasan langsung", "rekan kerja", "diri sendiri", "AC"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def nip(i: int) -> str:
    # Unique valid PNS NIPs for bench employees: born 1950, sequence carries i.
    day, month = i % 28 + 1, (i // 28) % 12 + 1
    seq = i // (28 * 12) % 999 + 1
    return f"1950{month:02d}{day:02d}197501{1 + i % 2}{seq:03d}"


def make_employees(n: int) -> list[str]:
    unit, _ = Unit.objects.get_or_create(name=UNIT)
    position, _ = Position.objects.get_or_create(
        name="Bench Analis", defaults={"kind": PositionKind.PELAKSANA, "level": ""})
    rank = Rank.objects.get(employment_type="PNS", code="III/a")
    nips = [nip(i) for i in range(n)]
    Employee.objects.bulk_create(
        [Employee(nip=x, name=f"Pegawai Bench {i}", rank=rank, position=position, unit=unit)
         for i, x in enumerate(nips)],
        batch_size=5000, ignore_conflicts=True,
    )
    return nips


def write_csv(path: Path, nips: list[str], codes: list[str], rows: int) -> None:
    rng = random.Random(11)
    per = max(1, rows // len(nips))
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        f.write("NIP;Kompetensi;Level;Sumber;Tanggal\r\n")
        written = 0
        for x in nips:
            spaced = f"{x[:8]} {x[8:14]} {x[14]} {x[15:]}"
            for k in range(per):
                if written >= rows:
                    return
                level = f"{rng.randint(1, 4)},{rng.choice('05')}"
                f.write(f"{spaced};{codes[k % len(codes)]};{level};"
                        f"{SOURCES[k // len(codes) % len(SOURCES)]};"
                        f"{(k % 28) + 1:02d}/03/2026\r\n")
                written += 1


def naive(nips: list[str], codes: list[str], rows: int) -> float:
    """Per-row lookups and update_or_create: what a straightforward import does."""
    comps = list(Competency.objects.filter(code__in=codes))
    start = time.perf_counter()
    with transaction.atomic():
        for i in range(rows):
            employee = Employee.objects.get(nip=nips[i % len(nips)])
            Assessment.objects.update_or_create(
                employee=employee, competency=comps[i % len(comps)],
                source=AssessmentSource.PEER, assessed_on=dt.date(2025, 1, 1 + i // len(nips)),
                defaults={"level": Decimal("3.0")},
            )
    return rows / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    codes = list(Competency.objects.filter(is_active=True, type__in=["MANAGERIAL",
                                                                      "SOCIOCULTURAL"])
                 .values_list("code", flat=True))
    employees = max(1, args.rows // 10)
    try:
        nips = make_employees(employees)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "asesmen.csv"
            write_csv(path, nips, codes, args.rows)
            before = rss_mb()
            start = time.perf_counter()
            with path.open("rb") as f:
                report = results_import(file=f, file_name=path.name, recompute=False)
            seconds = time.perf_counter() - start
            peak = rss_mb()
            assert report.ok, report.errors[:5]
            start = time.perf_counter()
            with path.open("rb") as f:
                again = results_import(file=f, file_name=path.name, recompute=False)
            reimport = time.perf_counter() - start
            assert again.ok and again.created == 0, (again.created, again.updated)
        base = naive(nips, codes, 2000)
        print(f"rows: {report.row_count}")
        print(f"employees: {employees}")
        print(f"seconds: {seconds:.1f}")
        print(f"rows_per_s: {report.row_count / seconds:.0f}")
        print(f"reimport_rows_per_s: {again.row_count / reimport:.0f}")
        print(f"rss_before_import_mb: {before:.0f}")
        print(f"peak_rss_mb: {peak:.0f}")
        print(f"naive_rows_per_s: {base:.0f}")
        print(f"speedup_vs_naive: {report.row_count / seconds / base:.1f}")
    finally:
        Assessment.objects.filter(employee__unit__name=UNIT).delete()
        Appraisal.objects.filter(employee__unit__name=UNIT).delete()
        Employee.objects.filter(unit__name=UNIT).delete()
        ImportBatch.objects.filter(file_name="asesmen.csv").delete()


if __name__ == "__main__":
    main()
