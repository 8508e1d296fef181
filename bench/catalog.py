"""Catalog throughput against a bare view on the same stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bangkom_bench_catalog \
        .venv/bin/python bench/catalog.py [--workshops 1000] [--seconds 10]

Seeds 1,000 workshops with 3,000 sessions through the bulk path (once; a re-run
reuses them), collects static files, starts gunicorn (2 workers, DEBUG=false, the
production cache: Redis database 3 unless CACHE_URL says otherwise) on a
free loopback port, logs in a demo-like employee (a real session cookie) and, for
each URL, runs a bounded, time-boxed loop of requests from 8 threads. Prints
`bare_rps`, `catalog_index_rps`, `workshop_page_rps` and the ratios to the bare view:
one employee re-reading one page.

Real traffic is many employees each opening a few different pages once, so the same
run also measures that: 480 logged-in employees (sessions made as a login makes
them, in the session store production uses), each making a visit of 3 pages (a
catalog index page, filter or search, then two workshops) from a mix of 61 index
URLs and 300 different workshops, no (employee, URL) pair twice. Visits start
staggered (8 employees at each step), so a third of the requests are an
employee's first page. Every URL is opened once beforehand by another employee
(what is shared between employees is then in the cache, as in steady traffic);
then the pairs are requested by 8 threads for the same time box, longer if needed
for at least 400 employees to make a request (at most 30 boxes). Prints
`distinct_users_rps`, `distinct_users_vs_bare`, how many employees and URLs the
measured requests covered, and — after renewing the catalog token, as any
enrollment does — the same over one time box of second visits (other URLs) with
no page body cached yet (`distinct_users_cold_vs_bare`), and the machine's load
average (the bench shares 2 cores with whatever else runs). These phases take
minutes when the machine is loaded, so the bare view is measured again after them
(`bare_after_rps`) and they are compared with the mean of both bare figures.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _servers import ensure_database, free_port, gunicorn_command

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
    catalog_changed(people=True)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    page = WorkshopPage.objects.filter(code__startswith="BENCH-").order_by("pk").first()
    return store.session_key, page.get_url()


BENCH_USERS = 480
MIN_EMPLOYEES = 400  # the measured requests must come from at least this many
VISIT_PAGES = 3
COHORT = 8
WORKSHOP_URLS = 300


def seed_users(count: int) -> list[str]:
    """`count` employees with logins (across units, positions and golongan, so
    "eligible for me" differs between them) and a logged-in session each, stored
    as a login stores it (the configured session engine: Redis and the database in
    production). Returns the session keys."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password

    from people.models import Employee, Position, Rank, Unit, User

    units = [Unit.objects.get_or_create(name=f"Dinas Bench {i}")[0] for i in range(4)]
    positions = [Position.objects.get_or_create(
        name=f"Bench {kind.title()}",
        defaults={"kind": kind, "level": "AHLI_PERTAMA" if kind == "FUNGSIONAL" else ""})[0]
        for kind in ("PELAKSANA", "PENGAWAS", "FUNGSIONAL")]
    ranks = list(Rank.objects.filter(employment_type="PNS", code__in=["II/c", "III/a", "III/c",
                                                                      "IV/a"]))
    names = [f"199001{i:04d}2020121001"[:18] for i in range(count)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [n for n in names if n not in have]
    if missing:
        password = make_password("bench-Password-1")
        User.objects.bulk_create([User(username=n, password=password,
                                       email=f"bench-{n}@example.go.id") for n in missing])
        users = User.objects.filter(username__in=missing)
        Employee.objects.bulk_create([
            Employee(nip=u.username, name=f"Pegawai Bench {u.username[6:10]}", user=u,
                     rank=ranks[i % len(ranks)], position=positions[i % len(positions)],
                     unit=units[i % len(units)])
            for i, u in enumerate(users)])
    from learning.catalog.cache import catalog_changed

    catalog_changed(people=True)  # bulk inserts send no signal
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for user in User.objects.filter(username__in=names).order_by("username"):
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def mix_urls(workshops: int) -> tuple[list[str], list[str]]:
    """The distinct-user mix: (catalog index URLs: pages, filters, searches),
    (WORKSHOP_URLS different workshop pages)."""
    import datetime as dt

    from django.utils import timezone

    from competencies.models import Competency
    from learning.models import LearningForm, WorkshopPage

    pages = list(WorkshopPage.objects.filter(code__startswith="BENCH-").order_by("pk")
                 .values_list("url_path", flat=True))
    step = max(1, len(pages) // WORKSHOP_URLS)
    # url_path includes the site root's own slug ("/home/pelatihan/..."): strip it.
    workshop_urls = ["/" + p.split("/", 2)[2] for p in pages[::step][:WORKSHOP_URLS]]
    index = ["/pelatihan/"] + [f"/pelatihan/?page={n}" for n in range(2, 26)]
    comps = list(Competency.objects.filter(workshop_links__page__code__startswith="BENCH-")
                 .distinct().values_list("pk", flat=True))
    for pk in comps:
        index += [f"/pelatihan/?competency={pk}", f"/pelatihan/?competency={pk}&page=2"]
    form = LearningForm.objects.filter(workshops__code__startswith="BENCH-").first()
    if form:
        index += [f"/pelatihan/?form={form.pk}", f"/pelatihan/?form={form.pk}&page=3"]
    month = timezone.localdate().replace(day=1)
    for _ in range(4):
        month = (month + dt.timedelta(days=32)).replace(day=1)
        index.append(f"/pelatihan/?month={month:%Y-%m}")
    index += ["/pelatihan/?seats=on", "/pelatihan/?seats=on&page=2",
              "/pelatihan/?eligible=on", "/pelatihan/?eligible=on&seats=on"]
    for word in ("pelatihan", "katalog", "uji beban", "BPSDM", "pelayanan", "integritas",
                 "bench 0042", "provinsi"):
        index.append("/pelatihan/?q=" + word.replace(" ", "+"))
    return index, workshop_urls


def visits(cookies: list[str], index: list[str], workshops: list[str],
           rounds: range) -> list[tuple[str, str]]:
    """(session cookie, URL) pairs in the order they are requested. Each employee
    makes a visit of VISIT_PAGES pages: a catalog index URL (page, filter or
    search), then workshops. Visits start staggered, COHORT employees at each step,
    so that (as in real traffic) at any moment some employees are on their first
    page and others further on. No employee opens a URL twice (`rounds` 0-1 give
    each employee a second, different visit)."""
    pairs = []
    for r in rounds:
        starts = {u: u // COHORT for u in range(len(cookies))}
        last = max(starts.values()) + VISIT_PAGES
        for t in range(last):
            for u, cookie in enumerate(cookies):
                step = t - starts[u]
                if not 0 <= step < VISIT_PAGES:
                    continue
                if step == 0:
                    url = index[(u * 7 + 3 * r) % len(index)]
                else:
                    url = workshops[(u * 11 + step + 3 * r) % len(workshops)]
                pairs.append((cookie, url))
    return pairs


def measure_pairs(base: str, pairs: list[tuple[str, str]], seconds: float,
                  threads: int = 8, employees: int = 0) -> tuple[float, int, int, int]:
    """Requests per second over the pairs in order, from `threads` threads, until
    the time box has passed and requests from `employees` distinct employees were
    made (at most 30 time boxes), or the pairs run out. Returns (rps, requests,
    distinct cookies, distinct URLs) of what was requested. Every response must
    be 200."""
    import requests

    start = time.monotonic()
    deadline, cap = start + seconds, start + 30 * seconds
    lock = threading.Lock()
    feed = iter(pairs)
    done: list[tuple[str, str]] = []
    seen: set[str] = set()
    errors: list = []

    def worker(_i: int) -> None:
        with requests.Session() as http:
            while True:
                now = time.monotonic()
                with lock:
                    if now >= cap or (now >= deadline and len(seen) >= employees):
                        return
                    pair = next(feed, None)
                if pair is None:
                    return
                cookie, path = pair
                http.cookies.clear()
                http.cookies.set("sessionid", cookie, domain="127.0.0.1")
                r = http.get(base + path, timeout=30, allow_redirects=False)
                with lock:
                    if r.status_code != 200:
                        errors.append((path, r.status_code))
                        return
                    done.append(pair)
                    seen.add(cookie)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.monotonic() - start
    if errors:
        raise SystemExit(f"distinct users: HTTP {errors[:5]}")
    return (len(done) / elapsed, len(done), len({c for c, _ in done}),
            len({u for _, u in done}))


def bench_index_search() -> None:
    """Put the bench workshops in the search index (the bulk path leaves them out),
    once, so that the mix's searches find them."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.index import insert_or_update_object
    from wagtail.search.models import IndexEntry

    from learning.models import WorkshopPage

    ct = ContentType.objects.get_for_model(WorkshopPage)
    indexed = set(IndexEntry.objects.filter(content_type=ct).values_list("object_id", flat=True))
    for page in WorkshopPage.objects.filter(code__startswith="BENCH-"):
        if str(page.pk) not in indexed:
            insert_or_update_object(page)


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
    bench_index_search()
    cookies = seed_users(BENCH_USERS)
    index_urls, workshop_urls = mix_urls(args.workshops)
    warm_cookie = cookie  # the single employee above: not one of the distinct users
    port = free_port()
    env = {**os.environ, **SERVER_ENV}
    server = subprocess.Popen(
        [*gunicorn_command(), "config.wsgi:application", "--workers", "2",
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
        # Steady traffic: what employees share is in the cache (each URL opened once,
        # by an employee who is not among those measured).
        measure_pairs(base, [(warm_cookie, u) for u in index_urls + workshop_urls], 120)
        distinct = measure_pairs(base, visits(cookies, index_urls, workshop_urls, range(1)),
                                 args.seconds, employees=MIN_EMPLOYEES)
        # Right after the catalog token was renewed (any enrollment, publish...):
        # nothing shared is cached yet; the same employees, URLs they did not open.
        from learning.catalog.cache import catalog_changed

        catalog_changed()
        cold = measure_pairs(base, visits(cookies, index_urls, workshop_urls, range(1, 2)),
                             args.seconds)
        # The distinct-user phases take minutes on a loaded machine: measure the
        # baseline again after them and compare them with both.
        bare_after = measure(base, "/belajar/bench/bare/", cookie, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"load_average_1min: {os.getloadavg()[0]:.1f}")
    print(f"workshops: {args.workshops}")
    print(f"cache: {os.environ['CACHE_URL'].split('://')[0]}")
    print(f"bare_rps: {bare:.0f}")
    print(f"catalog_index_rps: {index:.0f}")
    print(f"workshop_page_rps: {page:.0f}")
    print(f"catalog_vs_bare: {index / bare:.2f}")
    print(f"workshop_vs_bare: {page / bare:.2f}")
    print(f"distinct_users_rps: {distinct[0]:.0f}")
    print(f"distinct_users_requests: {distinct[1]}")
    print(f"distinct_users_employees: {distinct[2]}")
    print(f"distinct_users_urls: {distinct[3]}")
    bare_mean = (bare + bare_after) / 2
    print(f"bare_after_rps: {bare_after:.0f}")
    print(f"distinct_users_vs_bare: {distinct[0] / bare_mean:.2f}")
    print(f"distinct_users_cold_rps: {cold[0]:.0f}")
    print(f"distinct_users_cold_vs_bare: {cold[0] / bare_mean:.2f}")


if __name__ == "__main__":
    main()
