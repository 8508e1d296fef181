"""Celery application. Started outside manage.py, so run it with PYTHONPATH=.:site:

    PYTHONPATH=.:site celery -A config worker -l info
"""
import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)


class BangkomTask(DjangoTask):
    """Every task of the project. Queueing after a commit never fails the request that
    committed: the data is written by then, so raising (as Celery's `delay_on_commit`
    does when the broker is down) only turned a done change into an error page, and
    with the Redis result backend first waited ~20 s for it (measured). Work that must
    not be lost with its message keeps a row the task clears and a beat sweep re-queues
    (enrollment emails: NotificationDue; docs/architecture.md, "Faults")."""

    def delay_unless_broker_down(self, *args, **kwargs) -> None:
        """Queue the task, or log that the broker is unavailable. No result is stored:
        nobody waits for one of a task queued after a commit."""
        try:
            self.apply_async(args, kwargs, ignore_result=True)
        except BrokerUnavailable:
            logger.warning("Broker unavailable, not queued: %s%r", self.name, args)

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.delay_unless_broker_down, *args, **kwargs))


app = Celery("bangkom", task_cls=BangkomTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
