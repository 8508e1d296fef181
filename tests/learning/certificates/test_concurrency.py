"""Numbering and idempotence under concurrency, on PostgreSQL with real threads
(each its own connection): no gaps, no duplicates, one certificate per subject."""
from __future__ import annotations

import threading

import pytest
from django.db import connection

from learning.certificates.models import Certificate, CertificateNumberCounter
from learning.certificates.services import certificate_issue
from learning.completion.certificate_subject import WORKSHOP
from tests.learning.certificates.helpers import completed
from tests.learning.completion_world import (  # noqa: F401 (autouse fixtures)
    _restore_migrated_data,
    make_session,
    migrated_data,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_in_threads(refs: list[str]) -> list[object]:
    barrier = threading.Barrier(len(refs))
    results: list[object] = [None] * len(refs)

    def work(i: int, ref: str) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = certificate_issue(subject_kind=WORKSHOP, subject_ref=ref,
                                           render=False).pk
        except Exception as exc:  # reported by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, ref)) for i, ref in enumerate(refs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_numbers_have_no_gaps_or_duplicates(require_postgres, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    session = make_session()
    refs = [str(completed(session=session).pk) for _ in range(12)]
    results = run_in_threads(refs)
    assert all(isinstance(r, int) for r in results), results
    seqs = sorted(int(n.split("/")[0]) for n in Certificate.objects.values_list("number",
                                                                               flat=True))
    assert seqs == list(range(1, 13))
    assert CertificateNumberCounter.objects.get().last == 12


def test_same_subject_at_once_issues_one(require_postgres, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ref = str(completed().pk)
    results = run_in_threads([ref] * 8)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert Certificate.objects.count() == 1
    # The losers' rolled-back transactions gave their numbers back: no gap.
    assert CertificateNumberCounter.objects.get().last == 1
