"""Benchmark: import a generated 50,000-row employee CSV on the configured database.

    DATABASE_URL=postgres://... .venv/bin/python bench/import_employees.py [--rows 50000]

Prints `rows_per_s`, `peak_rss_mb` (resource.getrusage, whole process) and, measured in
the same run as the baseline, `naive_rows_per_s` for a per-row get_or_create loop over
2,000 rows, and `speedup_vs_naive`. The bench data lives in units named "Bench ..."
and is deleted at the end (the naive and bulk runs use separate NIP ranges).
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from people.models import Employee, Position, Rank, Unit, User  # noqa: E402
from people.services.employee_import import employee_import  # noqa: E402

PNS = ["II/a", "II/b", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]
POSITIONS = ["Pengadministrasi Perkantoran", "Pengolah Data dan Informasi",
             "Analis SDM Aparatur Ahli Pertama", "Perencana Ahli Muda", "Perawat Terampil",
             "Guru Ahli Pertama", "Kepala Seksi Bench", "Kepala Bidang Bench"]


def nip(i: int, *, birth_year: int) -> str:
    # Unique, valid PNS NIPs: the sequence and birth day/month carry i.
    day, month = i % 28 + 1, (i // 28) % 12 + 1
    seq = i // (28 * 12) % 999 + 1
    return f"{birth_year}{month:02d}{day:02d}{birth_year + 25}01{1 + i % 2}{seq:03d}"


def generate(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["nip", "nama", "golongan", "jabatan", "unit_kerja", "nip_atasan", "email"])
        for i in range(rows):
            boss = nip(i // 10, birth_year=1960 + (i // 10) // 336_000) if i >= 10 else ""
            w.writerow([nip(i, birth_year=1960 + i // 336_000), f"Pegawai Bench {i}",
                        rng.choice(PNS), rng.choice(POSITIONS), f"Bench Unit {i % 200}",
                        boss, f"bench{i}@bench.go.id"])


def naive(rows: int) -> float:
    """The obvious per-row loop: get_or_create unit/position, update_or_create employee."""
    ranks = {r.code: r for r in Rank.objects.filter(employment_type="PNS")}
    rng = random.Random(8)
    start = time.perf_counter()
    with transaction.atomic():
        for i in range(rows):
            n = nip(i, birth_year=1999)
            unit, _ = Unit.objects.get_or_create(name=f"Bench Naive Unit {i % 200}")
            position, _ = Position.objects.get_or_create(
                name=rng.choice(POSITIONS), defaults={"kind": "PELAKSANA"})
            user, _ = User.objects.get_or_create(username=n, defaults={"email": ""})
            Employee.objects.update_or_create(nip=n, defaults={
                "name": f"Naive {i}", "rank": ranks[rng.choice(PNS)], "position": position,
                "unit": unit, "user": user})
    return rows / (time.perf_counter() - start)


def cleanup() -> None:
    with transaction.atomic():
        bench = Employee.objects.filter(unit__name__startswith="Bench ")
        user_ids = list(bench.values_list("user_id", flat=True))
        Employee.objects.filter(unit__name__startswith="Bench ").update(supervisor=None)
        bench.delete()
        User.objects.filter(pk__in=user_ids).delete()
        Unit.objects.filter(name__startswith="Bench ").delete()
        Position.objects.filter(name__endswith=" Bench").delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--naive-rows", type=int, default=2_000)
    args = parser.parse_args()
    # The gap recomputation the import queues runs in a Celery worker in production,
    # not in the import; without a broker here it would run inline and be timed as
    # the import's (bench/gaps.py measures it).
    from competencies.signals import employees_imported_received
    from people.signals import employees_imported

    employees_imported.disconnect(employees_imported_received,
                                  dispatch_uid="competency_gaps_employees_imported")
    cleanup()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "employees.csv"
        generate(path, args.rows)
        print(f"file_mb: {path.stat().st_size / 1e6:.1f}")
        start = time.perf_counter()
        result = employee_import(file=path)
        elapsed = time.perf_counter() - start
        assert result.ok, result.errors[:5]
        assert result.created == args.rows, result
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        again = employee_import(file=path)
        reimport = time.perf_counter() - start
        assert again.changed == 0
    naive_rate = naive(args.naive_rows)
    rate = args.rows / elapsed
    print(f"database: {django.db.connection.vendor}")
    print(f"rows: {args.rows}")
    print(f"rows_per_s: {rate:.0f}")
    print(f"reimport_unchanged_rows_per_s: {args.rows / reimport:.0f}")
    print(f"peak_rss_mb: {rss:.0f}")
    print(f"naive_rows_per_s: {naive_rate:.0f}")
    print(f"speedup_vs_naive: {rate / naive_rate:.1f}")
    cleanup()


if __name__ == "__main__":
    main()
