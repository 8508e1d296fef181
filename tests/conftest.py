"""Shared fixtures: real services (PostgreSQL, Redis, a Celery worker), a real browser.

Tests that need a service skip with a message when it is not reachable, and fail
instead when REQUIRE_SERVICES=1 (CI), so a missing service can never pass silently.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factories import *  # noqa: F401,F403  (factories as fixtures' helpers)

ROOT = Path(__file__).resolve().parents[1]
# CI runs two phases side by side in one clone: each keeps its own artifacts.
ARTIFACTS = ROOT / os.environ.get("BANGKOM_TEST_ARTIFACTS", "test-artifacts")
ARTIFACTS.mkdir(parents=True, exist_ok=True)
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CELERY_BROKER_URL") or (
    "redis://127.0.0.1:6379/15"
)

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM
# calls from a thread with a running loop unless told it is safe (field notes).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, worker, concurrency) flush the database when they
    end, which would also remove the rows that data migrations seed (golongan, groups,
    the home page, the competency dictionary, learning forms). Serialized rollback puts
    those rows back after each such test, so test order does not matter."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or "django_db_serialized_rollback" in names:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        if transactional or "transactional_db" in names or "live_server" in names:
            names.append("django_db_serialized_rollback")
            if marker is not None and not marker.kwargs.get("serialized_rollback"):
                # pytest-django decides which databases to serialize at setup from the
                # django_db marker alone when a test has one, ignoring the fixture name.
                item.add_marker(
                    pytest.mark.django_db(*marker.args,
                                          **{**marker.kwargs, "serialized_rollback": True}),
                    append=False,
                )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django keeps the serialized copy of the test database (the seed rows that
    serialized rollback reloads) on the connection object, and connections are per
    thread *and per event loop*: once Playwright's sync API runs a loop in the test
    thread, `connections["default"]` is a new object without the copy, so the
    transactional tests after a browser test found the seed rows (golongan, groups)
    flushed and never reloaded (and their flush re-ran post_migrate). With one
    database, keep the copy on the connection class, where every object finds it."""
    from django.db import connections

    if len(connections.settings) == 1:
        connection = connections[next(iter(connections.settings))]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    # Reloading that copy re-adds the groups' permissions: m2m_changed has no `raw`
    # flag, so the audit trail would log them as role changes and create content
    # types out of the copy's order (UNIQUE constraint failed: django_content_type).
    from django.db.backends.base.creation import BaseDatabaseCreation

    from audit.receivers import role_changes_unrecorded

    deserialize = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize_unrecorded(self, data):
        with role_changes_unrecorded():
            return deserialize(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = deserialize_unrecorded
    try:
        yield
    finally:
        BaseDatabaseCreation.deserialize_db_from_string = deserialize


@pytest.fixture(scope="session", autouse=True)
def manifest_static(tmp_path_factory):
    """Every test runs as production does: DEBUG=false with the manifest storage after
    collectstatic, where `{% static %}` of a missing file raises (it answered 500 in
    production while every test passed under the plain storage)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    manifest = override_settings(DEBUG=False, STATIC_ROOT=str(root), STORAGES={
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    })
    manifest.enable()
    call_command("collectstatic", interactive=False, verbosity=0)
    yield root
    manifest.disable()


@pytest.fixture(scope="session")
def live_server(request, manifest_static):
    """pytest-django's live server, serving the collected (hashed) static files from
    STATIC_ROOT as whitenoise does in production, not from the finders."""
    from django.test.testcases import _StaticFilesHandler
    from pytest_django.live_server_helper import LiveServer

    addr = (request.config.getvalue("liveserver")
            or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _StaticFilesHandler
    server.start()
    yield server
    server.stop()


def service_missing(what: str) -> None:
    """Skip, or fail under REQUIRE_SERVICES=1, because `what` is not available."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {what}", pytrace=False)
    pytest.skip(what)


@pytest.fixture
def require_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("PostgreSQL is not the test database (set DATABASE_URL=postgres://...)")


def _redis_reachable(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not _redis_reachable(REDIS_URL):
        service_missing(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


def _celery_reset_connections(app) -> None:
    """Forget broker connections and the result backend made with the old settings."""
    from kombu import pools

    # Closing app._pool alone is not enough: it is kombu's shared pool for that
    # broker URL, which kombu hands out again, closed, to the next worker test
    # ("Acquire on closed pool"). Close and forget all of kombu's pools.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


def database_url_of_tests() -> str:
    """The test database as a URL, for processes started outside pytest."""
    from django.db import connection

    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}{':' + db['PASSWORD'] if db['PASSWORD'] else ''}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def worker_process_start(*, queue: str, broker_url: str, log: Path, pool: str = "solo",
                         concurrency: int = 1, extra_env: dict | None = None,
                         own_session: bool = False) -> subprocess.Popen:
    """Start `celery -A config worker` on the test database, consuming `queue`, and
    wait until it is ready (fail the test if it never is). `own_session` gives it its
    own process group, so a test can kill the worker with its pool processes."""
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "BANGKOM_TEST_QUEUE": queue,
        "DATABASE_URL": database_url_of_tests(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **(extra_env or {}),
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}",
             f"--concurrency={concurrency}", "-Q", queue, "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            start_new_session=own_session,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"Celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
    return proc


def worker_process_stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def celery_sending_to(*, queue: str, broker_url: str, settings):
    """The test process sends its tasks through `broker_url` to `queue` (not eagerly)
    for the block's duration; Celery is left as it was found."""
    from celery._state import _set_task_join_will_block

    from config.celery import app

    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue,
           app.conf.result_backend)
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    app.conf.result_backend = broker_url
    app.conf.task_default_queue = queue
    _celery_reset_connections(app)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Celery's "inside a task, never wait for a result" flag is one global, which
    # every eager task sets and then restores. Eager tasks run at once in a browser
    # test's live-server thread and in its test thread can restore each other's
    # value and leave it set; the test process is not inside a task here.
    _set_task_join_will_block(False)
    try:
        yield
    finally:
        (app.conf.task_always_eager, app.conf.broker_url, app.conf.task_default_queue,
         app.conf.result_backend) = old
        _celery_reset_connections(app)


def wait_until(condition, *, seconds: float, what: str) -> None:
    """Poll `condition` until it holds; fail the test (pointing at the workers' logs)
    when `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; worker logs in {ARTIFACTS}")
        time.sleep(0.2)


def worker_queue_name() -> str:
    """A queue of the test's own, so no other worker on the same Redis takes its tasks."""
    return f"bangkom-test-{os.getpid()}-{time.monotonic_ns()}"


@pytest.fixture
def celery_worker(transactional_db, redis_url, settings):
    """A real `celery worker` process, consuming from Redis, on the test database.

    The test's tasks go through the broker (not eagerly); the worker sees committed
    data only, hence transactional_db. Needs PostgreSQL: SQLite's test database is in
    the test process's memory."""
    from django.db import connection

    if connection.vendor != "postgresql":
        service_missing("a Celery worker test needs PostgreSQL as the test database")
    queue = worker_queue_name()
    with celery_sending_to(queue=queue, broker_url=redis_url, settings=settings):
        proc = worker_process_start(queue=queue, broker_url=redis_url,
                                    log=ARTIFACTS / "celery-worker.log")
        try:
            yield proc
        finally:
            worker_process_stop(proc)
            connection.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never Playwright's download)."""
    if not Path(CHROMIUM).exists():
        service_missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request, settings):
    """A fresh browser context per test, Indonesian by default; a screenshot of the
    last state is kept in test-artifacts/ for people to look at. Links built from
    SITE_URL (QR codes, emails) point at the live server, as they point at the site
    people use."""
    settings.SITE_URL = live_server.url
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.base_url = live_server.url  # type: ignore[attr-defined]
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        browser_quiesce(context)


def browser_quiesce(context) -> None:
    """Close a browser context so that no request of its is still being served when
    the test's database is flushed. On SQLite the live server shares the test's
    connection: a request still running then (the Wagtail editor pings and refreshes
    its preview on timers) made the flush fail with "cannot start a transaction within
    a transaction" and left the connection broken for every later test."""
    try:
        for tab in context.pages:
            tab.goto("about:blank")
    except Exception:  # noqa: BLE001 - a closed or crashed tab: nothing left to stop
        pass
    context.close()
    time.sleep(0.5)  # let a request that had already reached the server finish


def browser_login(page, username: str, password: str) -> None:
    """Log in through allauth's real login form."""
    page.goto(f"{page.base_url}/akun/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
