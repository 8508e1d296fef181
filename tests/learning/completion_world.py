"""Helpers for the completion tests: learning forms with known JP rules, workshops,
sessions on given local days, and enrolled participants (created directly, so these
tests do not depend on the enrollment service)."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.models import (
    Enrollment,
    EnrollmentStatus,
    LearningForm,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from people.models import Employee

_seq = itertools.count(1)

FORMS = {
    # Domain §2.4: workshop 5 JP/day (7 abroad), seminar 4 JP/day (6 abroad),
    # pelatihan: JP as per program, +20% abroad.
    "workshop": {"name": "Workshop / lokakarya (uji)", "category": "KLASIKAL", "jp_unit": "DAY",
                 "jp_per_unit": Decimal(5), "international_jp_per_unit": Decimal(7)},
    "seminar": {"name": "Seminar (uji)", "category": "KLASIKAL", "jp_unit": "DAY",
                "jp_per_unit": Decimal(4), "international_jp_per_unit": Decimal(6)},
    "pelatihan": {"name": "Pelatihan teknis (uji)", "category": "KLASIKAL",
                  "jp_unit": "PROGRAM", "international_multiplier": Decimal("1.20")},
    "kursus": {"name": "Kursus (uji)", "category": "KLASIKAL", "jp_unit": "ACTIVITY",
               "jp_per_unit": Decimal(4), "max_jp_per_month": Decimal(8)},
}


def learning_form(kind: str) -> LearningForm:
    form, _ = LearningForm.objects.get_or_create(code=f"uji-{kind}", defaults=FORMS[kind])
    return form


def catalog_index() -> WorkshopIndexPage:
    index = WorkshopIndexPage.objects.first()
    if index is not None:
        return index
    from home.models import HomePage

    index = WorkshopIndexPage(title="Katalog Pelatihan", slug="pelatihan")
    HomePage.objects.first().add_child(instance=index)
    return index


def make_workshop(*, kind: str = "workshop", jp: Decimal | int = 8, abroad: bool = False,
                  min_attendance: int = 100, passing_score: Decimal | None = None,
                  title: str | None = None) -> WorkshopPage:
    n = next(_seq)
    page = WorkshopPage(
        title=title or f"Lokakarya Uji {n}", slug=f"lokakarya-uji-{n}-{timezone.now():%H%M%S%f}",
        code=f"LK-{n}-{timezone.now():%H%M%S%f}", learning_form=learning_form(kind),
        jp=Decimal(jp), is_international=abroad, min_attendance_percent=min_attendance,
        passing_score=passing_score,
    )
    catalog_index().add_child(instance=page)
    return page


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def make_session(*, workshop: WorkshopPage | None = None, first_day: dt.date | None = None,
                 days: int = 1, capacity: int = 20, facilitator_user=None,
                 **workshop_fields) -> WorkshopSession:
    """A session from 08:00 on `first_day` to 16:00 on its last day (local time);
    by default a one-day session that ended yesterday."""
    workshop = workshop or make_workshop(**workshop_fields)
    first_day = first_day or timezone.localdate() - dt.timedelta(days=days)
    starts = local(first_day, 8)
    ends = local(first_day + dt.timedelta(days=days - 1), 16)
    return WorkshopSession.objects.create(
        page=workshop, starts_at=starts, ends_at=ends, capacity=capacity, venue="Aula BKPSDM",
        registration_opens_at=starts - dt.timedelta(days=30),
        registration_closes_at=starts - dt.timedelta(days=1),
        facilitator_user=facilitator_user,
    )


def enroll(employee: Employee, session: WorkshopSession,
           status: str = EnrollmentStatus.ENROLLED) -> Enrollment:
    return Enrollment.objects.create(session=session, employee=employee, status=status)


# --- For transactional test modules -------------------------------------------------

@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker) -> str:
    """The migration-made rows (page tree, groups, ranks), serialized at setup."""
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", "") or (
            connection.creation.serialize_db_to_string())


@pytest.fixture(autouse=True)
def _restore_migrated_data(migrated_data, django_db_blocker, request):
    """Same guard as tests/cms/test_socialization_browser.py: serialized_rollback is
    not always honoured after Playwright tests, so an earlier transactional test may
    have flushed the seeded rows: reload them if so. Import into transactional
    test modules (browser, Celery worker)."""
    request.getfixturevalue("transactional_db")
    seed_rows_ensure(migrated_data)


def seed_rows_ensure(migrated_data: str) -> None:
    """Reload the migration-made rows if a flush removed them (see above)."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from home.models import HomePage

    if HomePage.objects.exists() and Group.objects.filter(name="HR").exists():
        return
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(migrated_data)
    # The copy is loaded with explicit ids: move PostgreSQL's sequences past them.
    statements = connection.ops.sequence_reset_sql(
        no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
