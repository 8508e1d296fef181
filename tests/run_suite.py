"""Run the whole suite in one pytest process echoing its output, and print one closing line
`suite: N passed, N failed, N skipped`; exits non-zero on failure.

`--isolate` runs each file with transactional tests (live server + browser, Celery
worker, concurrency) in a process of its own instead, as the suite once had to: a
way to tell an order-dependent failure from a real one. The fixtures that made that
necessary (kombu's shared pools, the serialized test data, Celery's join flag) are
reset in tests/conftest.py."""
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
    """Run pytest, echoing its output as it comes (a long run shows its progress),
    and count its closing line."""
    proc = subprocess.Popen([sys.executable, "-m", "pytest", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    last = ""
    assert proc.stdout is not None
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        if line.strip():
            last = line
    returncode = proc.wait()
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for kind_count, kind in SUMMARY.findall(last):
        key = "failed" if kind.startswith("error") else kind
        counts[key] += int(kind_count)
    if returncode not in (0, 5) and counts["failed"] == 0:
        counts["failed"] = 1  # crashed before summarising
    return counts


def main() -> int:
    extra = [a for a in sys.argv[1:] if a != "--isolate"]
    total = {"passed": 0, "failed": 0, "skipped": 0}
    if "--isolate" in sys.argv[1:]:
        files = sorted((ROOT / "tests").rglob("test_*.py"))
        isolated = [f for f in files if ISOLATE.search(f.read_text())]
        shared = [f for f in files if f not in isolated]
        batches = [[str(f.relative_to(ROOT)) for f in shared]] + [
            [str(f.relative_to(ROOT))] for f in isolated
        ]
    else:
        batches = [["tests"]]
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
