"""Operational tasks of the site shell."""
from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "bangkom:worker-heartbeat"


@shared_task
def worker_heartbeat_task() -> str:
    """Record that a worker ran a task just now (shown to HR so a stopped worker is
    noticed). Idempotent: it only overwrites one timestamp."""
    now = timezone.now().isoformat()
    cache.set(WORKER_HEARTBEAT_KEY, now, timeout=None)
    return now
