"""Catalog throughput against a bare view on the same stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_catalog \
        .venv/bin/python bench/catalog.py [--workshops 1000] [--seconds 10]

Seeds 1,000 workshops with 3,000 sessions through the bulk path (once; a re-run
reuses them), collects static files, starts gunicorn (2 workers, DEBUG=false, the
production cache: Redis database 3 unless CACHE_URL says otherwise) on a
free loopback port, logs in a demo-like employee (a real session cookie) and, for
each URL, runs a bounded, time-boxed loop of requests from 8 threads. Prints
`bare_rps`, `catalog_index_rps`, `workshop_page_rps` and the ratios to the bare view.
Traffic goes to 127.0.0.1 only; gunicorn is stopped at the end.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bangkom_bench_catalog"
os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
# Production's cache (README): Redis, shared by the gunicorn workers, which turns on
# the catalog caches and cached sessions. Database 3, away from the tests' 15.
# CACHE_URL=locmemcache:// measures the uncached catalog.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
STATIC_ROOT = Path(tempfile.gettempdir()) / "bangkom-bench-catalog-static"
SERVER_ENV = {
    "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "BANGKOM_BENCH_VIEWS": "true",
    "STATIC_ROOT": str(STATIC_ROOT),
    "EMAIL_URL": "dummymail://",
    "LOG_LEVEL": "WARNING",
}


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname=%s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def manage(*args: str) -> None:
    env = {**os.environ, **SERVER_ENV}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def seed(workshops: int) -> tuple[str, str]:
    """Bench workshops (bulk path) and an employee; returns (session cookie, page URL)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from competencies.models import Competency
    from learning.catalog.bulk import workshops_bulk_create
    from learning.catalog.cache import catalog_changed
    from learning.catalog.selectors import catalog_index_get
    from learning.models import WorkshopPage
    from people.models import Employee, Position, Rank, Unit, User

    index = catalog_index_get()
    have = WorkshopPage.objects.filter(code__startswith="BENCH-").count()
    if have < workshops:
        comps = list(Competency.objects.all()[:9])
        if not comps:
            comps = [Competency.objects.create(code="M.05", name="Pelayanan Publik",
                                               type="MANAGERIAL")]
        for _ in range((workshops - have) // 250 + 1):
            n = min(250, workshops - WorkshopPage.objects.filter(code__startswith="BENCH-").count())
            if n > 0:
                workshops_bulk_create(index=index, count=n, sessions_per_workshop=3,
                                      competencies=comps, code_prefix="BENCH", taken=7)
    unit, _ = Unit.objects.get_or_create(name="Dinas Bench")
    position, _ = Position.objects.get_or_create(name="Analis Bench",
                                                 defaults={"kind": "FUNGSIONAL",
                                                           "level": "AHLI_PERTAMA"})
    user, created = User.objects.get_or_create(username="198801012015031001",
                                               defaults={"email": "bench@example.go.id"})
    if created:
        user.set_password("bench-Password-1")
        user.save()
    Employee.objects.get_or_create(nip="198801012015031001", defaults={
        "name": "Pegawai Bench", "rank": Rank.objects.get(employment_type="PNS", code="III/b"),
        "position": position, "unit": unit, "user": user})
    # Whatever the cache holds from an earlier run (another seed) is not this data.
    catalog_changed()
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    page = WorkshopPage.objects.filter(code__startswith="BENCH-").order_by("pk").first()
    return store.session_key, page.get_url()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(base: str, path: str, cookie: str, seconds: float, threads: int = 8) -> float:
    """Requests per second over a time-boxed loop from `threads` threads (each
    bounded to 100,000 requests). Every response must be 200."""
    import requests

    deadline = time.monotonic() + seconds
    counts, errors = [0] * threads, []
    lock = threading.Lock()

    def worker(i: int) -> None:
        with requests.Session() as http:
            http.cookies.set("sessionid", cookie, domain="127.0.0.1")
            for _ in range(100_000):
                if time.monotonic() >= deadline:
                    return
                r = http.get(base + path, timeout=30, allow_redirects=False)
                if r.status_code != 200:
                    with lock:
                        errors.append(r.status_code)
                    return
                counts[i] += 1

    start = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.monotonic() - start
    if errors:
        raise SystemExit(f"{path}: HTTP {errors[:5]}")
    return sum(counts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    ensure_database(url)
    os.environ.update(SERVER_ENV)  # the same SECRET_KEY signs the session cookie
    manage("migrate", "--noinput")
    if not (STATIC_ROOT / "staticfiles.json").exists():
        manage("collectstatic", "--noinput")
    cookie, workshop_path = seed(args.workshops)
    port = free_port()
    env = {**os.environ, **SERVER_ENV}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import requests

        for _ in range(100):
            try:
                requests.get(base + "/belajar/bench/bare/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        for path in ("/belajar/bench/bare/", "/pelatihan/", workshop_path):  # warm up
            for _ in range(4):
                r = requests.get(base + path, cookies={"sessionid": cookie}, timeout=30)
                assert r.status_code == 200, (path, r.status_code)
        assert "Pegawai Bench" in requests.get(base + "/pelatihan/",
                                               cookies={"sessionid": cookie}).text
        bare = measure(base, "/belajar/bench/bare/", cookie, args.seconds)
        index = measure(base, "/pelatihan/", cookie, args.seconds)
        page = measure(base, workshop_path, cookie, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"workshops: {args.workshops}")
    print(f"cache: {os.environ['CACHE_URL'].split('://')[0]}")
    print(f"bare_rps: {bare:.0f}")
    print(f"catalog_index_rps: {index:.0f}")
    print(f"workshop_page_rps: {page:.0f}")
    print(f"catalog_vs_bare: {index / bare:.2f}")
    print(f"workshop_vs_bare: {page / bare:.2f}")


if __name__ == "__main__":
    main()
