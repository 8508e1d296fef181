"""Gaps and recommendations replace an employee chunk's derived rows after one shared
prologue (competencies.gaps.sql.derived_rows_replace_begin): the employees locked in
id order and, on PostgreSQL, no wait for the WAL flush."""
from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from competencies.gaps import sql as gaps_sql
from competencies.gaps.services import gaps_recompute_chunk
from learning.recommendations.services import recommendations_recompute_chunk
from tests.factories import EmployeeFactory


@pytest.mark.django_db
def test_gaps_and_recommendations_begin_with_the_shared_prologue(monkeypatch):
    employees = [EmployeeFactory(), EmployeeFactory()]
    ids = sorted(e.pk for e in employees)
    calls = []

    def spy(*, employee_ids):
        calls.append((list(employee_ids), connection.in_atomic_block))
        gaps_sql.derived_rows_replace_begin(employee_ids=employee_ids)

    monkeypatch.setattr("competencies.gaps.services.derived_rows_replace_begin", spy)
    monkeypatch.setattr("learning.recommendations.services.derived_rows_replace_begin", spy)
    gaps_recompute_chunk(employee_ids=list(reversed(ids)))
    recommendations_recompute_chunk(employee_ids=list(reversed(ids)))
    assert calls == [(ids, True), (ids, True)]


@pytest.mark.django_db
def test_prologue_locks_employees_in_id_order():
    ids = sorted(EmployeeFactory().pk for _ in range(2))
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        gaps_sql.derived_rows_replace_begin(employee_ids=ids)
    lock = queries.captured_queries[0]["sql"]
    if connection.features.has_select_for_update:
        assert "FOR NO KEY UPDATE" in lock
    assert "ORDER BY" in lock


def test_prologue_turns_synchronous_commit_off_on_postgresql(require_postgres):
    employee = EmployeeFactory()
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        before = cursor.fetchone()[0]
        with transaction.atomic():
            gaps_sql.derived_rows_replace_begin(employee_ids=[employee.pk])
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "off"
    assert before == "on"
