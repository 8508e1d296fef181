"""Celery autodiscovery entry for the learning app: it imports `learning.tasks`, so
the tasks of each concern are re-exported here."""
from learning.completion.tasks import *  # noqa: F401,F403
from learning.enrollment.tasks import *  # noqa: F401,F403
