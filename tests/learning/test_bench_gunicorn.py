"""bench/enrollment.py starts the gunicorn of the environment it runs in, not one
at a fixed .venv/ path (a CI or production venv lives elsewhere)."""
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _servers import gunicorn_command  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_the_command_runs_gunicorn():
    result = subprocess.run([*gunicorn_command(), "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "gunicorn" in (result.stdout + result.stderr)


def test_gunicorn_beside_the_running_python_is_chosen(tmp_path, monkeypatch):
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "gunicorn").write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    assert gunicorn_command() == [str(bin_dir / "gunicorn")]


def test_without_a_console_script_the_running_python_runs_the_module(tmp_path,
                                                                      monkeypatch):
    pytest.importorskip("gunicorn")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert gunicorn_command() == [str(tmp_path / "python"), "-m", "gunicorn"]


def test_the_benchmark_uses_it():
    source = (ROOT / "bench" / "enrollment.py").read_text()
    assert "gunicorn_command()" in source and '".venv"' not in source
