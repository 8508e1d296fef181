"""The entry point, `results_import`: tell the file's kind by its headers, validate, check
the NIPs, then write all or nothing and finish the batch."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import IO, cast

from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competencies.imports.columns import ColumnMap, column_map_detect
from competencies.imports.readers import FileReadError, sheet_rows_open
from competencies.imports.report import (
    AlreadyImported,
    ErrorList,
    ImportReport,
    batch_lock_for_write,
    error_list,
    report_from_finished_batch,
)
from competencies.imports.services.appraisals import (
    AppraisalTuple,
    appraisals_validate,
    appraisals_write,
)
from competencies.imports.services.assessments import (
    AssessmentTuple,
    assessments_validate,
    assessments_write,
)
from competencies.imports.services.lookups import employees_by_nip
from competencies.models import (
    IMPORT_FINAL_STATUSES,
    CoreValue,
    ImportBatch,
    ImportKind,
    ImportStatus,
)
from config.audit import audit_import
from people.models import User

logger = logging.getLogger(__name__)


def _unknown_nips(
    *, parsed: list, employees: dict[str, int], errors: ErrorList, columns: ColumnMap
) -> None:
    for t in parsed:
        if t[1] not in employees:
            errors.add(
                t[0], columns.label["nip"],
                _("No employee has the NIP %(nip)s.") % {"nip": t[1]},
            )


def gaps_recompute_after_commit(employee_ids: list[int]) -> None:
    """Queue the gap recomputation of these employees for when the import commits
    (Celery tasks, one per chunk: not in the request or the import's own task)."""
    from competencies.gaps.services import gaps_recompute_enqueue

    gaps_recompute_enqueue(employee_ids=employee_ids)


def batch_finish(*, report: ImportReport, errors: ErrorList) -> ImportReport:
    batch = report.batch
    report.errors = sorted(errors.kept, key=lambda e: (e.row, e.column))
    report.error_count = errors.count
    batch.status = ImportStatus.FAILED if errors else ImportStatus.SUCCEEDED
    batch.errors = [e.as_dict() for e in report.errors]
    batch.error_count = errors.count
    batch.row_count = report.row_count
    batch.kind = report.kind
    batch.created_count = report.created
    batch.updated_count = report.updated
    batch.finished_at = timezone.now()
    batch.save(
        update_fields=[
            "status", "errors", "error_count", "row_count", "kind", "finished_at",
            "rows_processed", "created_count", "updated_count",
        ]
    )
    audit_import(batch, user=batch.imported_by, kind=batch.kind or "", stage="finished",
                 file_name=batch.file_name, outcome=batch.status, rows=batch.row_count,
                 created=batch.created_count, updated=batch.updated_count,
                 errors=batch.error_count)
    return report


def results_import(
    *,
    file: IO[bytes],
    file_name: str,
    imported_by: User | None = None,
    batch: ImportBatch | None = None,
    recompute: bool = True,
    kinds: Iterable[str] | None = None,
    raise_transient: bool = False,
) -> ImportReport:
    """Import one CSV/XLSX file of appraisals or assessments (or, told apart by its
    headers, of job standards or the competency dictionary).

    All-or-nothing; idempotent by natural key; streams the file. Returns a report
    whose `ok` says whether anything was written. `batch` lets a caller (the Celery
    task) pass a batch it created; `recompute=False` skips the gap recomputation hook
    (benchmarks); `kinds` restricts which kinds of file are accepted (the management
    commands); `raise_transient` lets a lost database connection propagate (so the
    Celery task retries) instead of failing the batch. Messages are in the active
    language."""
    batch = batch or ImportBatch.objects.create(
        file_name=file_name[:255], imported_by=imported_by,
        language=translation.get_language() or "",
    )
    ImportBatch.objects.filter(pk=batch.pk).exclude(status__in=IMPORT_FINAL_STATUSES).update(
        status=ImportStatus.RUNNING
    )
    report = ImportReport(batch=batch)
    errors = error_list()

    def progress(row_number: int) -> None:
        # Written every 5,000 rows so a page polling the batch can show progress.
        report.row_count += 1
        if report.row_count % 5000 == 0:
            batch.rows_processed = report.row_count
            ImportBatch.objects.filter(pk=batch.pk).update(rows_processed=report.row_count)

    try:
        sheet = sheet_rows_open(file=file, file_name=file_name)
        columns = column_map_detect(headers=sheet.headers, errors=errors)
        if columns is None:
            if sheet.close:
                sheet.close()
            return batch_finish(report=report, errors=errors)
        report.kind = columns.kind
        if kinds is not None and columns.kind not in kinds:
            errors.add(
                1, "",
                _("This file holds %(found)s; expected: %(expected)s.") % {
                    "found": ImportKind(columns.kind).label,
                    "expected": ", ".join(str(ImportKind(k).label) for k in kinds),
                },
            )
            if sheet.close:
                sheet.close()
            return batch_finish(report=report, errors=errors)
        if columns.kind in (ImportKind.STANDARD, ImportKind.DICTIONARY):
            from competencies.imports.reference import reference_import

            return reference_import(
                sheet=sheet, columns=columns, report=report, errors=errors,
                progress=progress, finish=batch_finish,
            )
        validate = (
            appraisals_validate if columns.kind == ImportKind.APPRAISAL
            else assessments_validate
        )
        parsed = validate(rows=sheet.rows, columns=columns, errors=errors, progress=progress)
    except FileReadError as exc:
        errors.add_file_error(str(exc))
        return batch_finish(report=report, errors=errors)
    batch.rows_processed = report.row_count
    if report.row_count == 0 and not errors:
        errors.add(1, "", _("The file has no data rows below the header."))
    employees = employees_by_nip(t[1] for t in parsed)
    _unknown_nips(parsed=parsed, employees=employees, errors=errors, columns=columns)
    if errors:
        return batch_finish(report=report, errors=errors)
    # Visible to the page polling the batch: the write is one transaction, whose
    # progress nobody else can see until it commits.
    ImportBatch.objects.filter(pk=batch.pk).exclude(status__in=IMPORT_FINAL_STATUSES).update(
        status=ImportStatus.WRITING, rows_processed=report.row_count
    )
    try:
        with transaction.atomic():
            batch_lock_for_write(batch)
            if columns.kind == ImportKind.APPRAISAL:
                value_ids = list(
                    CoreValue.objects.filter(
                        code__in=list(columns.index)
                    ).values_list("pk", flat=True)
                )
                # columns.kind chose the validator above, so it chose the rows' shape.
                report.created, report.updated = appraisals_write(
                    parsed=cast("list[AppraisalTuple]", parsed), employees=employees,
                    batch=batch, value_ids=value_ids,
                )
            else:
                report.created, report.updated = assessments_write(
                    parsed=cast("list[AssessmentTuple]", parsed), employees=employees,
                    batch=batch,
                )
            report.employee_ids = sorted({employees[t[1]] for t in parsed})
            batch_finish(report=report, errors=errors)
            if recompute:
                gaps_recompute_after_commit(report.employee_ids)
    except AlreadyImported:
        logger.info("import %s was already finished by another run", batch.pk)
        return report_from_finished_batch(report)
    except DatabaseError as exc:
        if raise_transient and isinstance(exc, OperationalError):
            raise
        logger.exception("import %s failed while writing", batch.pk)
        errors.add(1, "", _("The database refused the import; nothing was written."))
        report.created = report.updated = 0
        return batch_finish(report=report, errors=errors)
    return report
