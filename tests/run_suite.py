"""Run the whole suite: ordinary tests in one pytest process, and each file with
transactional tests (live server + browser, Celery worker, concurrency) in a process
of its own, so a flush or a worker's connection pools in one cannot leak into another.
Prints one closing line `suite: N passed, N failed, N skipped`; exits non-zero on failure."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ISOLATE = re.compile(
    r"def \w+\([^)]*\bpage\b|\b(live_server|celery_worker|transactional_db)\b|transaction=True"
    r"|mark\.browser"
)
SUMMARY = re.compile(r"(\d+) (passed|failed|skipped|error|errors)\b")


def run(args: list[str]) -> dict[str, int]:
    proc = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT,
                          capture_output=True, text=True)
    sys.stdout.write(proc.stdout[-6000:] if proc.returncode else proc.stdout[-1500:])
    sys.stdout.write(proc.stderr[-2000:] if proc.returncode not in (0, 5) else "")
    sys.stdout.flush()
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    for kind_count, kind in SUMMARY.findall(lines[-1] if lines else ""):
        key = "failed" if kind.startswith("error") else kind
        counts[key] += int(kind_count)
    if proc.returncode not in (0, 5) and counts["failed"] == 0:
        counts["failed"] = 1  # crashed before summarising
    return counts


def main() -> int:
    extra = sys.argv[1:]
    files = sorted((ROOT / "tests").rglob("test_*.py"))
    isolated = [f for f in files if ISOLATE.search(f.read_text())]
    shared = [f for f in files if f not in isolated]
    total = {"passed": 0, "failed": 0, "skipped": 0}
    batches = [[str(f.relative_to(ROOT)) for f in shared]] + [
        [str(f.relative_to(ROOT))] for f in isolated
    ]
    for batch in batches:
        print(f"== pytest {' '.join(batch) if len(batch) == 1 else f'({len(batch)} files)'}",
              flush=True)
        for key, value in run([*batch, "-q", "-ra", *extra]).items():
            total[key] += value
    print(f"suite: {total['passed']} passed, {total['failed']} failed, "
          f"{total['skipped']} skipped")
    return 1 if total["failed"] or not total["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
