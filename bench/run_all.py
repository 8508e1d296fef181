"""Run every benchmark in bench/ one after another on the configured database.

Migrates the database first; each script prints `name: value` lines, its baseline
measured in the same run.
Usage: .venv/bin/python bench/run_all.py [--quick]   (--quick passes each script's
smaller size where it has one)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK_ARGS = {
    "gaps.py": ["--employees", "10000"],
    "recommend.py": ["--employees", "10000", "--workshops", "200"],
    "import_employees.py": ["--rows", "10000"],
    "import_appraisals.py": ["--rows", "20000"],
    "load.py": ["--users", "100", "--workshops", "100", "--steps", "4", "--seconds", "5"],
}


def main() -> int:
    quick = "--quick" in sys.argv
    # The scripts expect the schema on the configured database (a fresh one too).
    if subprocess.call([sys.executable, str(HERE.parent / "manage.py"), "migrate",
                        "--noinput", "-v", "0"]) != 0:
        return 1
    failed = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name in {"run_all.py", "__init__.py"} or script.name.startswith("_"):
            continue
        args = QUICK_ARGS.get(script.name, []) if quick else []
        print(f"== {script.name} {' '.join(args)}", flush=True)
        failed += subprocess.call([sys.executable, str(script), *args]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
