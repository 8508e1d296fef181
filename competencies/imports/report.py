"""The outcome of an import, shared by every kind of file."""
from __future__ import annotations

from dataclasses import dataclass, field

from competencies.models import IMPORT_FINAL_STATUSES, ImportBatch
from config.uploads import ErrorList, RowError, upload_limits

__all__ = ["ErrorList", "RowError", "ImportReport", "error_list"]

# Errors kept (and shown) per import; the rest are counted. A 100,000-row file with a
# wrong column would otherwise produce a page nobody can read. The shared ErrorList
# (config.uploads) keeps the first `limit` of them.


def error_list() -> ErrorList:
    """An empty error list with the competency imports' cap (BANGKOM_UPLOAD_LIMITS)."""
    return ErrorList(limit=upload_limits("competencies").max_errors)


@dataclass
class ImportReport:
    """What an import did. `ok` is false when nothing was written; `errors` then hold
    the first problems (sorted by row; BANGKOM_UPLOAD_LIMITS caps how many) and
    `error_count` all of them."""

    batch: ImportBatch
    kind: str = ""
    row_count: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    employee_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def hidden_error_count(self) -> int:
        return self.error_count - len(self.errors)


# --- Two runs of one batch (a re-delivered import task) ---------------------------


class AlreadyImported(Exception):
    """Another run of the same batch finished first (a re-delivered task)."""


def batch_lock_for_write(batch: ImportBatch) -> None:
    """Lock the batch row for the write transaction and make sure no other run of it
    has finished meanwhile (two deliveries of one task must not both count rows).
    Must run inside the write transaction."""
    status = (
        ImportBatch.objects.select_for_update().filter(pk=batch.pk)
        .values_list("status", flat=True).first()
    )
    if status in IMPORT_FINAL_STATUSES:
        raise AlreadyImported


def report_from_finished_batch(report: ImportReport) -> ImportReport:
    """The report of a batch another run has finished: its stored outcome."""
    batch = report.batch
    batch.refresh_from_db()
    report.kind, report.row_count = batch.kind, batch.row_count
    report.created, report.updated = batch.created_count, batch.updated_count
    report.errors = []
    report.error_count = batch.error_count
    return report
