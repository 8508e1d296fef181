"""Build the demo regency government. Idempotent: running it twice changes nothing.

Each app contributes its part in a `demo.py` module with a `seed_demo(*, stdout)`
function; they run in dependency order inside one transaction, so a failure leaves
nothing half-seeded."""
from __future__ import annotations

import importlib
import io

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from config.notifications import notifications_suppressed

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

    def add_arguments(self, parser) -> None:
        parser.add_argument("--verbose-seed", action="store_true",
                            help="Print each app's seeding messages.")

    def handle(self, *args, **options) -> None:
        # The demo's workflows send emails (approval requests, reminders) nobody reads:
        # the enrollment and plan emails are not even rendered (notifications_suppressed,
        # a sixth of the seeding time), the rest stay in memory instead of being
        # printed, and a short summary counts them all.
        out = self.stdout if options["verbose_seed"] else io.StringIO()
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            notifications_suppressed() as suppressed,
        ):
            mail.outbox = []
            with transaction.atomic():
                for name in DEMO_MODULES:
                    try:
                        module = importlib.import_module(name)
                    except ModuleNotFoundError as exc:
                        if exc.name != name:
                            raise
                        continue
                    module.seed_demo(stdout=out)
            emails = len(mail.outbox) + suppressed.count
            mail.outbox = []
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"  Bangkom: {settings.SITE_URL.rstrip('/')}/  ·  login: "
                          f"{settings.SITE_URL.rstrip('/')}/akun/login/")
        from people.demo import DEMO_LOGINS, DEMO_PASSWORD

        self.stdout.write(f"  Password for every demo login: {DEMO_PASSWORD}")
        for login in DEMO_LOGINS:
            self.stdout.write(f"    {login['role']:<12} {login['username']:<20} {login['name']}")
        # The demo mentor's mentees log in too (the README's mentee journey): say who.
        from people.demo import DEMO_NIPS
        from people.models import Employee

        mentees = Employee.objects.filter(
            mentoring_as_mentee__mentor__nip=DEMO_NIPS["mentor"]).order_by("name")
        for mentee in mentees.values("nip", "name").distinct():
            self.stdout.write(f"    {'mentee':<12} {mentee['nip']:<20} {mentee['name']}")
        if emails:
            self.stdout.write(f"  ({emails} demo emails were not sent.)")
