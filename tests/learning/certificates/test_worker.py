"""Through a real Celery worker process (Redis broker, PostgreSQL): the task issues
one certificate however often it is delivered, and renders its PDF."""
from __future__ import annotations

import pytest

from learning.certificates.models import Certificate, CertificateNumberCounter
from learning.certificates.tasks import certificate_issue_task
from learning.completion.certificate_subject import WORKSHOP
from tests.learning.certificates.helpers import completed
from tests.learning.completion_world import (  # noqa: F401 (autouse fixtures)
    _restore_migrated_data,
    make_session,
    migrated_data,
    seed_rows_ensure,
)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _leave_celery_as_found():
    from django.conf import settings

    from config.celery import app

    eager = settings.CELERY_TASK_ALWAYS_EAGER
    yield
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.task_always_eager = eager


def test_redelivered_task_issues_once(celery_worker, migrated_data):  # noqa: F811
    from config.celery import app

    seed_rows_ensure(migrated_data)
    app._pool = None
    app.amqp._producer_pool = None
    ref = str(completed().pk)
    results = [certificate_issue_task.delay(WORKSHOP, ref) for _ in range(3)]
    ids = {r.get(timeout=120) for r in results}
    assert len(ids) == 1
    certificate = Certificate.objects.get()
    assert certificate.pk in ids and certificate.is_ready
    assert CertificateNumberCounter.objects.get().last == 1
