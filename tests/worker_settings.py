"""Settings of the Celery worker that the `celery_worker` fixture starts: the test
settings, plus the fixture's own queue as the default one, so that tasks the worker
itself queues (the gap recomputation after an import) come back to this worker and
not to the shared "celery" queue of whatever else uses the same Redis."""

import os

from config.settings.test import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["BANGKOM_TEST_QUEUE"]
