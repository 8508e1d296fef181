"""Build the demo regency government. Idempotent: running it twice changes nothing.

Each app contributes its part in a `demo.py` module with a `seed_demo(*, stdout)`
function; they run in dependency order inside one transaction, so a failure leaves
nothing half-seeded."""
from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Dependency order: organization first, then what builds on it.
DEMO_MODULES = [
    "people.demo",
    "competencies.demo",
    "home.demo",
    "socialization.demo",
    "learning.demo",
    "learning.demo_enrollment",
    "learning.demo_completion",
    "learning.recommendations.demo",
    "learning.plans.demo",
    "mentoring.demo",
    "learning.certificates.demo",
]


class Command(BaseCommand):
    help = "Create the demo agency (units, people, catalog, policies). Safe to run twice."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed_demo(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
