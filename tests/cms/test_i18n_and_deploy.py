"""Language (Indonesian by default, English selectable), date format, deploy check."""
import datetime as dt
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
class TestLanguage:
    def test_indonesian_by_default(self, client):
        html = client.get("/akun/login/").content.decode()
        assert '<html lang="id">' in html and "Masuk ke Bangkom" in html

    def test_browser_preference_for_english_is_honoured(self, client):
        html = client.get("/akun/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Log in to Bangkom" in html

    def test_language_switch_in_the_header(self, client):
        html = client.get("/").content.decode()
        assert 'action="/i18n/setlang/"' in html and 'value="en"' in html
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/akun/login/"})
        assert response.status_code == 302 and response["Location"] == "/akun/login/"
        html = client.get("/akun/login/").content.decode()
        assert '<html lang="en">' in html and "Log in to Bangkom" in html
        client.post("/i18n/setlang/", {"language": "id", "next": "/"})
        assert "Masuk ke Bangkom" in client.get("/akun/login/").content.decode()

    def test_every_catalog_entry_is_translated(self):
        for po in [ROOT / "locale/id/LC_MESSAGES/django.po",
                   ROOT / "site/people/locale/id/LC_MESSAGES/django.po",
                   ROOT / "site/home/locale/id/LC_MESSAGES/django.po",
                   ROOT / "site/audit/locale/id/LC_MESSAGES/django.po"]:
            text = po.read_text()
            assert "#, fuzzy" not in text, po
            entries = text.split("\n\n")[1:]
            empty = [e for e in entries if e.rstrip().endswith('msgstr ""')
                     or e.rstrip().endswith('msgstr[0] ""')]
            assert not empty, (po, empty[:3])
            assert po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime - 5


class TestDates:
    def test_dates_in_indonesian_long_form(self):
        template = Template("{{ d|date }}|{{ d|date:'DATE_FORMAT' }}")
        with translation.override("id"):
            out = template.render(Context({"d": dt.date(2026, 11, 23)}))
        assert out == "23 November 2026|23 November 2026"
        with translation.override("id"):
            out = Template("{{ d|date }}").render(Context({"d": dt.date(2026, 8, 17)}))
        assert out == "17 Agustus 2026"

    def test_english_dates(self):
        with translation.override("en"):
            out = Template("{{ d|date }}").render(Context({"d": dt.date(2026, 11, 23)}))
        assert out == "23 November 2026"


def test_check_deploy_passes_on_environment_alone(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "bangkom.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        # Production needs a cache every process shares (people.W001); the check
        # does not connect to it.
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
        "ALLOWED_HOSTS": "bangkom.example.go.id",
    }
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
