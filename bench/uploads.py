"""Benchmark: how fast and in how much memory hostile uploads are refused.

    .venv/bin/python bench/uploads.py

Each case runs the project's reader (config.uploads) as the upload it targets would,
on files built here: a 5,000,000-row XLSX bomb against HR's NIP list (refused from
the zip directory) and against the employee import (its dimension tag lies, so the
rows stream until the row limit), and a 60 MB CSV against the post-test import
(refused by size). Prints `<case>_s` and `peak_rss_mb` lines; the baseline, measured
in the same run, is plain openpyxl read-only over the same bomb's first 200,000 rows
(`baseline_openpyxl_200k_rows_s`): what streaming to the row limit costs at least.
No database is needed.
"""
from __future__ import annotations

import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from config.uploads import UploadError, table_open, upload_limits  # noqa: E402
from tests.upload_files import xlsx_bomb  # noqa: E402

EMPLOYEE_HEADER = ["nip", "nama", "golongan", "jabatan", "unit_kerja"]


def refuse(kind: str, data: bytes, name: str) -> float:
    start = time.perf_counter()
    try:
        table = table_open(file=SimpleUploadedFile(name, data), file_name=name,
                           limits=upload_limits(kind))
        for _row in table.rows:
            pass
    except UploadError:
        return time.perf_counter() - start
    raise SystemExit(f"{kind}: {name} was not refused")


def main() -> None:
    bomb = xlsx_bomb(5_000_000, header=EMPLOYEE_HEADER).getvalue()
    print(f"bomb_size_kb: {len(bomb) // 1024}")
    print(f"nip_list_bomb_5m_rows_refused_s: {refuse('nip_list', bomb, 'nip.xlsx'):.2f}")
    print(f"employees_bomb_5m_rows_refused_s: {refuse('employees', bomb, 'pegawai.xlsx'):.2f}")
    big_csv = b"nip;nilai\n" + b"199001012015032001;85,5\n" * (60 * 1024 * 1024 // 24)
    print(f"post_test_csv_60mb_refused_s: {refuse('post_test', big_csv, 'nilai.csv'):.3f}")
    del big_csv

    from openpyxl import load_workbook

    start = time.perf_counter()
    sheet = load_workbook(io.BytesIO(bomb), read_only=True, data_only=True).worksheets[0]
    sheet.reset_dimensions()
    for number, _row in enumerate(sheet.iter_rows(values_only=True)):
        if number >= 200_000:
            break
    print(f"baseline_openpyxl_200k_rows_s: {time.perf_counter() - start:.2f}")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")


if __name__ == "__main__":
    main()
