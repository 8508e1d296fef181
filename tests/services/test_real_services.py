"""The real services CI provides: PostgreSQL as the test database, Redis, and a
Celery worker process running a task through Redis. Skipped with a message when not
available; failed instead under REQUIRE_SERVICES=1."""
from django.db import connection

from home.tasks import worker_heartbeat_task
from tests.conftest import ARTIFACTS


def test_database_is_postgresql_when_required(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert "PostgreSQL" in cursor.fetchone()[0]


def test_redis_answers(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    client.set("bangkom:test", "ok", ex=10)
    assert client.get("bangkom:test") == b"ok"


def test_celery_worker_runs_task_through_redis(celery_worker):
    """The task is executed by the worker process (its return value comes back
    through Redis), not eagerly in the test process."""
    result = worker_heartbeat_task.delay()
    assert result.get(timeout=30)
    assert result.status == "SUCCESS"
    assert "worker_heartbeat_task" in (ARTIFACTS / "celery-worker.log").read_text()
