"""deploy/ and docs/deployment.md stay true: every environment variable the settings
read is documented, the systemd units pass `systemd-analyze verify`, the nginx file
passes `nginx -t` (each when the tool is installed: they are checks of text files,
not services the product needs), and nginx's body limit stays above the upload cap."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTINGS = ROOT / "site" / "config" / "settings" / "base.py"
_ENV_READ = re.compile(r'env(?:\.[a-z_]+)?\(\s*"([A-Z][A-Z0-9_]+)"')


def test_every_environment_variable_is_in_the_deployment_guide():
    names = set(_ENV_READ.findall(SETTINGS.read_text()))
    assert {"DATABASE_URL", "BANGKOM_PRIVATE_MEDIA_ROOT", "SESSION_ENGINE"} <= names
    guide = (ROOT / "docs" / "deployment.md").read_text()
    assert sorted(n for n in names if f"`{n}`" not in guide) == []


def test_nginx_refuses_bodies_above_the_upload_cap_and_hides_documents():
    conf = (DEPLOY / "nginx" / "bangkom.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", conf)
    assert limit and int(limit.group(1)) * 1024 * 1024 > settings.BANGKOM_UPLOAD_MAX_BYTES
    assert "location /media/documents/ { return 404; }" in conf
    assert "X-Forwarded-Proto $scheme" in conf and "X-Forwarded-For" in conf


def test_systemd_units_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    venv = Path(sys.executable).parent.parent  # this venv has gunicorn and celery
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {u.name for u in units} == {
        "bangkom-web.service", "bangkom-worker.service", "bangkom-beat.service"}
    for unit in units:
        # The real paths are /srv/bangkom/.venv; verify checks the programs exist.
        (tmp_path / unit.name).write_text(
            unit.read_text().replace("/srv/bangkom/.venv", str(venv)))
        assert "Environment=PYTHONPATH=/srv/bangkom:/srv/bangkom/site" in unit.read_text()
    result = subprocess.run([analyze, "verify", *sorted(map(str, tmp_path.glob("*.service")))],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_nginx_configuration_is_valid(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    openssl = shutil.which("openssl")
    if nginx is None or openssl is None:
        pytest.skip("nginx (apt-get install nginx-light) or openssl is not installed")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=bangkom.example.go.id",
                    "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")],
                   check=True, capture_output=True, timeout=60)
    site = (DEPLOY / "nginx" / "bangkom.conf").read_text().replace(
        "/etc/ssl/bangkom", str(tmp_path))
    (tmp_path / "bangkom.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/bangkom.conf; }}\n")
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
