"""Helpers the benchmark scripts share (a leading underscore: run_all.py skips it)."""
from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path


def gunicorn_command() -> list[str]:
    """gunicorn from the environment this script runs in, wherever that is (a venv
    at .venv/, another venv, the system Python): its console script next to
    sys.executable, else `python -m gunicorn` when this Python has it, else the
    one on PATH."""
    beside = Path(sys.executable).with_name("gunicorn")  # not resolved: a venv's bin/
    if beside.is_file():
        return [str(beside)]
    if importlib.util.find_spec("gunicorn") is not None:
        return [sys.executable, "-m", "gunicorn"]
    on_path = shutil.which("gunicorn")
    if on_path:
        return [on_path]
    raise SystemExit("gunicorn is not installed: pip install -r requirements.txt")
