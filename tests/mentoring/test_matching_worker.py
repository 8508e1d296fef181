"""The matching run through a real Celery worker process (Redis broker, PostgreSQL):
the request only queues it; the worker runs it to 100 % and writes the proposal;
running the task again for a finished run changes nothing."""
from __future__ import annotations

import time

import pytest

from mentoring.models import MatchingRun, MentoringPair
from mentoring.services.matching_runs import matching_run_start
from tests.factories import make_hr_user
from tests.mentoring.world import competency, mentee, person, program, recompute

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _leave_celery_as_found(settings):
    from config.celery import app

    eager = settings.CELERY_TASK_ALWAYS_EAGER
    yield
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.task_always_eager = eager


def wait_for(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_matching_runs_in_the_worker(celery_worker):
    from config.celery import app
    from mentoring.tasks import matching_run_execute_task

    app._pool = None
    app.amqp._producer_pool = None
    comp = competency("T.WRK")
    prog = program([comp])
    person("Mentor Pekerja", levels={comp: 5})
    learner = mentee("Mentee Pekerja", needs={comp: (3, 1.0)})
    recompute(learner)
    run = matching_run_start(program=prog, started_by=make_hr_user("hr.worker"))
    assert run.status == "PENDING"  # queued, not run in the request
    assert wait_for(lambda: MatchingRun.objects.get(pk=run.pk).status == "SUCCEEDED"), (
        MatchingRun.objects.get(pk=run.pk).__dict__)
    run.refresh_from_db()
    assert run.percent == 100 and run.pair_count == 1
    pair = MentoringPair.objects.get(program=prog)
    matching_run_execute_task.delay(run.pk).get(timeout=30)
    assert list(MentoringPair.objects.filter(program=prog)) == [pair]
