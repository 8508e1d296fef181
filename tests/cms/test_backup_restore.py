"""deploy/backup.sh and deploy/restore.sh on the demo (docs/deployment.md "Backups"):
back up the seeded demo with its certificate PDFs, restore into a fresh database and
fresh folders, and find every certificate's PDF (by its hash), every JP ledger total
and every acknowledgement unchanged. A backup that does not match its manifest
restores nothing. PostgreSQL only: the scripts are pg_dump/pg_restore."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from learning.certificates.models import Certificate
from learning.models import JpLedgerEntry
from people.models import Employee
from socialization.models import Acknowledgement
from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{name}")


def _facts(url: str) -> dict[str, list[tuple]]:
    """What must survive, read with plain SQL so that the same query reads both
    databases: every certificate row, JP totals per employee and year, every
    acknowledgement row."""
    jp, employee = JpLedgerEntry._meta.db_table, Employee._meta.db_table
    queries = {
        "certificates": f"SELECT id, number, code, sha256, pdf, revoked_at, employee_id "
                        f"FROM {Certificate._meta.db_table} ORDER BY id",
        "jp_totals": f"SELECT e.nip, j.year, SUM(j.jp), SUM(COALESCE(j.withdrawn_jp, 0)) "
                     f"FROM {jp} j JOIN {employee} e ON e.id = j.employee_id "
                     f"GROUP BY e.nip, j.year ORDER BY e.nip, j.year",
        "acknowledgements": f"SELECT * FROM {Acknowledgement._meta.db_table} ORDER BY id",
    }
    with psycopg.connect(url) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ROOT / "deploy" / script), *args],
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def fresh_database(transactional_db):
    if connection.vendor != "postgresql":
        service_missing("backup.sh and restore.sh need PostgreSQL as the test database")
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_of_the_demo_restores_unchanged(fresh_database, settings, tmp_path):
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is not installed (postgresql-client)")
    media, private = tmp_path / "media", tmp_path / "media-private"
    settings.MEDIA_ROOT = str(media)
    settings.BANGKOM_PRIVATE_MEDIA_ROOT = str(private)
    call_command("seed_demo", stdout=io.StringIO())  # issues the demo's certificates
    certificates = list(Certificate.objects.exclude(pdf=""))
    assert certificates, "the demo issues certificates"
    before = _facts(_url(connection.settings_dict["NAME"]))
    assert before["jp_totals"] and before["acknowledgements"]

    backup = _run("backup.sh", str(tmp_path / "backups"), env={
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(media), "BANGKOM_PRIVATE_MEDIA_ROOT": str(private)})
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip())
    assert (backup_dir / "MANIFEST.sha256").exists()

    new_media, new_private = tmp_path / "new" / "media", tmp_path / "new" / "private"
    restore_env = {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(new_media),
                   "BANGKOM_PRIVATE_MEDIA_ROOT": str(new_private)}
    restore = _run("restore.sh", str(backup_dir), env=restore_env)
    assert restore.returncode == 0, restore.stderr

    assert _facts(fresh_database) == before
    for certificate in certificates:
        pdf = (new_private / certificate.pdf.name).read_bytes()
        assert hashlib.sha256(pdf).hexdigest() == certificate.sha256, certificate.number

    # Restoring again over what is now there refuses and leaves it as it is.
    again = _run("restore.sh", str(backup_dir), env=restore_env)
    assert again.returncode != 0 and "already has" in again.stderr


def test_a_backup_that_differs_from_its_manifest_restores_nothing(fresh_database, tmp_path):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "edaran.pdf").write_bytes(b"%PDF-1.4 edaran")
    backup = _run("backup.sh", str(tmp_path / "backups"), env={
        "DATABASE_URL": _url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(media)})
    assert backup.returncode == 0, backup.stderr
    backup_dir = Path(backup.stdout.strip())
    with (backup_dir / "media.tar.gz").open("ab") as archive:
        archive.write(b"tampered")

    target = tmp_path / "new" / "media"
    restore = _run("restore.sh", str(backup_dir), env={
        "DATABASE_URL": fresh_database, "MEDIA_ROOT": str(target)})
    assert restore.returncode != 0
    assert "does not match its manifest" in restore.stderr
    assert not target.exists() and not (tmp_path / "new" / "media-private").exists()
    with psycopg.connect(fresh_database) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                            ).fetchone() == (0,)
