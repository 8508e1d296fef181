"""The employee import writes in bulk (no model signals), so it sends
people.signals.employees_imported after it commits: the catalog caches and the gap
analysis listen to it."""
from __future__ import annotations

import pytest
from django.core.cache import cache

from competencies.models import CompetencyGap, JobPersonMatch
from learning.catalog.cache import TOKEN_KEY
from people.models import Employee
from people.services.employee_import import employee_import
from people.signals import employees_imported
from tests.people.test_employee_import import BOSS, PPPK, STAFF, csv_file, rows_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls: list[list[int]] = []

    def listener(sender, employee_ids, **kwargs):
        calls.append(sorted(employee_ids))

    employees_imported.connect(listener, dispatch_uid="test_listener")
    yield calls
    employees_imported.disconnect(dispatch_uid="test_listener")


def test_sent_after_commit_with_the_created_and_changed_employees(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        employee_import(file=csv_file(rows_ok()))
    everyone = sorted(Employee.objects.filter(nip__in=[STAFF, PPPK, "197503122000031002"])
                      .values_list("pk", flat=True))
    assert received == [everyone]

    rows = rows_ok()
    rows[0][1] = "Siti Rahmawati, S.E., M.M."  # one name changed, the others as stored
    with django_capture_on_commit_callbacks(execute=True):
        employee_import(file=csv_file(rows))
    assert received[1] == [Employee.objects.get(nip=STAFF).pk]


def test_not_sent_for_an_unchanged_file_a_dry_run_or_a_rejected_file(
    received, django_capture_on_commit_callbacks
):
    employee_import(file=csv_file(rows_ok()))
    received.clear()
    bad = rows_ok()
    bad[1][0] = "123"  # an invalid NIP: the whole file is rejected
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        employee_import(file=csv_file(rows_ok()))  # unchanged
        employee_import(file=csv_file(rows_ok() + [[
            "199202022019031004", "Baru", "III/a", "Pengadministrasi Perkantoran",
            "Bidang Mutasi", "PNS", BOSS, ""]]), dry_run=True)
        assert not employee_import(file=csv_file(bad)).ok
    assert received == [] and callbacks == []


def test_renews_the_catalog_cache_token(django_capture_on_commit_callbacks):
    cache.set(TOKEN_KEY, "before", timeout=None)
    with django_capture_on_commit_callbacks(execute=True):
        employee_import(file=csv_file(rows_ok()))
    assert cache.get(TOKEN_KEY) not in (None, "before")


def test_queues_the_gap_recomputation_of_the_imported_employees(
    django_capture_on_commit_callbacks
):
    # Celery runs eagerly in the test settings: the queued chunk runs at once.
    with django_capture_on_commit_callbacks(execute=True):
        employee_import(file=csv_file(rows_ok()))
    staff = Employee.objects.get(nip=STAFF)
    assert JobPersonMatch.objects.filter(employee=staff).exists()
    # A structural position gets the managerial and socio-cultural defaults, unknown
    # until somebody assesses them.
    boss_gaps = CompetencyGap.objects.filter(employee__nip="197503122000031002")
    assert boss_gaps.exists() and not boss_gaps.exclude(assessed_level=None).exists()
