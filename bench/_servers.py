"""Helpers the benchmark scripts share (a leading underscore: run_all.py skips it)."""
from __future__ import annotations

import importlib.util
import shutil
import socket
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


def ensure_database(url: str) -> None:
    """Create the bench's PostgreSQL database named in `url` when it does not exist
    (nothing to do for SQLite)."""
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname=%s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def free_port() -> int:
    """A loopback port nothing listens on, for the bench's own server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
