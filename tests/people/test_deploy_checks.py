"""people.W001: `check --deploy` warns when the login limits would be counted per
process (DEBUG off and a process-local cache)."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

from people.checks import login_throttle_cache_check

ROOT = Path(__file__).resolve().parents[2]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


class TestLoginThrottleCacheCheck:
    def test_process_local_cache_in_production_warns(self, settings):
        settings.DEBUG = False
        for backend in ("locmem.LocMemCache", "dummy.DummyCache"):
            settings.CACHES = {"default": {"BACKEND": f"django.core.cache.backends.{backend}"}}
            assert [m.id for m in login_throttle_cache_check()] == ["people.W001"]

    def test_shared_cache_or_debug_is_fine(self, settings):
        settings.DEBUG = False
        settings.CACHES = {"default": {"BACKEND": "config.cache.RedisCache",
                                       "LOCATION": "redis://127.0.0.1:6379/1"}}
        assert login_throttle_cache_check() == []
        settings.DEBUG = True
        settings.CACHES = LOCMEM
        assert login_throttle_cache_check() == []


def test_check_deploy_shows_the_warning_without_cache_url(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "CACHE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "bangkom.example.go.id",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
    }
    deploy = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert "people.W001" in deploy.stdout + deploy.stderr
    plain = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and "people.W001" not in plain.stdout + plain.stderr
