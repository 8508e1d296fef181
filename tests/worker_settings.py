"""Settings of the Celery worker that the `celery_worker` fixture starts: the test
settings, plus the fixture's own queue as the default one, so that tasks the worker
itself queues (the gap recomputation after an import) come back to this worker and
not to the shared "celery" queue of whatever else uses the same Redis."""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["BANGKOM_TEST_QUEUE"]

# The fault tests (tests/jobs/test_worker_faults.py) kill a worker and start another:
# its unacknowledged tasks come back once they are older than the visibility timeout,
# found by a sweep every unacked_restore_interval × unacked_restore_throttle seconds
# (1 hour and 100 s by default). Their workers say seconds here, nobody else's do.
if os.environ.get("BANGKOM_TEST_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ["BANGKOM_TEST_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
