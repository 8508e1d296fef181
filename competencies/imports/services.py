"""Import HR's result files: performance appraisals and competency assessments (and,
through the same door, the competency dictionary and job standards).

Contract of `results_import`:
- All-or-nothing: any invalid row → nothing is written; every problem is reported
  with its spreadsheet row (header = row 1) and column, in the active language.
- Idempotent by natural key: re-importing updates (appraisals by employee+period,
  assessments by employee+competency+source+date) instead of duplicating.
- Bounded memory: rows are streamed; the first pass keeps compact tuples only;
  employees are looked up by NIP in chunks of LOOKUP_CHUNK; writes are batched
  upserts (bulk_create with update_conflicts) inside one transaction.

The HR upload page does not run the import in the request: `results_import_enqueue`
stores the file on its ImportBatch and queues `results_import_task`, whose body is
`results_import_run` (idempotent: safe to retry or re-deliver). The management
commands call `results_import` directly.
"""
from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from competencies.imports.columns import ColumnMap, column_map_detect
from competencies.imports.parsing import (
    CellError,
    date_parse,
    is_blank,
    level_parse,
    nip_cell_parse,
    period_cell_text,
    predicate_parse,
    rating_parse,
    source_parse,
)
from competencies.imports.readers import FileReadError, rows_estimate, sheet_rows_open
from competencies.imports.report import (
    AlreadyImported,
    ErrorList,
    ImportReport,
    batch_lock_for_write,
    error_list,
    report_from_finished_batch,
)
from competencies.models import (
    IMPORT_FINAL_STATUSES,
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    Assessment,
    Competency,
    CoreValue,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Predicate,
    Rating,
    period_parse,
    predicate_from_quadrant,
)
from people.models import Employee

logger = logging.getLogger(__name__)

LOOKUP_CHUNK = 5000  # NIPs per `nip__in` query
WRITE_BATCH = 2000  # rows per bulk upsert statement


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _cell(row: list[Any], columns: ColumnMap, name: str) -> Any:
    position = columns.index.get(name)
    if position is None or position >= len(row):
        return None
    return row[position]


def _employees_by_nip(nips: Iterable[str]) -> dict[str, int]:
    """NIP → employee id for the NIPs that exist, in chunked queries."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(nips)), LOOKUP_CHUNK):
        found.update(Employee.objects.filter(nip__in=chunk).values_list("nip", "pk"))
    return found


def competency_lookup() -> dict[str, int | None]:
    """Lower-cased code and name → competency id (None: the competency is inactive)."""
    lookup: dict[str, int | None] = {}
    for pk, code, name, active in Competency.objects.values_list(
        "pk", "code", "name", "is_active"
    ):
        lookup[code.strip().lower()] = pk if active else None
        lookup.setdefault(name.strip().lower(), pk if active else None)
    return lookup


# --- Appraisals ----------------------------------------------------------------------

# (row, nip, period code, result, behaviour, predicate, derived, ((value id, rating),…))
AppraisalTuple = tuple[int, str, str, str, str, str, bool, tuple[tuple[int, str], ...]]


def _appraisals_validate(
    *, rows: Iterator[tuple[int, list[Any]]], columns: ColumnMap, errors: ErrorList,
    progress: Callable[[int], None],
) -> list[AppraisalTuple]:
    values = {
        code: pk
        for code, pk in CoreValue.objects.values_list("code", "pk")
        if columns.has(code)
    }
    label = columns.label
    parsed: list[AppraisalTuple] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        ok = True
        try:
            nip = nip_cell_parse(_cell(row, columns, "nip"))
        except CellError as exc:
            errors.add(number, label["nip"], str(exc))
            ok, nip = False, ""
        try:
            period = period_parse(period_cell_text(_cell(row, columns, "periode"))).code
        except Exception as exc:  # ValidationError
            errors.add(number, label["periode"], " ".join(getattr(exc, "messages", [str(exc)])))
            ok, period = False, ""
        ratings = {}
        for name in ("rating_hasil_kerja", "rating_perilaku_kerja"):
            try:
                ratings[name] = rating_parse(_cell(row, columns, name))
            except CellError as exc:
                errors.add(number, label[name], str(exc))
                ok = False
        derived = None
        if len(ratings) == 2:
            derived = predicate_from_quadrant(
                ratings["rating_hasil_kerja"], ratings["rating_perilaku_kerja"]
            )
        predicate, was_derived = "", True
        raw_predicate = _cell(row, columns, "predikat")
        if not is_blank(raw_predicate):
            was_derived = False
            try:
                predicate = predicate_parse(raw_predicate)
            except CellError as exc:
                errors.add(number, label["predikat"], str(exc))
                ok = False
            else:
                if derived is not None and predicate != derived:
                    errors.add(
                        number,
                        label["predikat"],
                        _(
                            "The predicate “%(given)s” contradicts the performance "
                            "quadrant: work result “%(result)s” with work behaviour "
                            "“%(behaviour)s” gives “%(derived)s”."
                        )
                        % {
                            "given": Predicate(predicate).label,
                            "result": Rating(ratings["rating_hasil_kerja"]).label,
                            "behaviour": Rating(ratings["rating_perilaku_kerja"]).label,
                            "derived": Predicate(derived).label,
                        },
                    )
                    ok = False
        value_ratings = []
        for code, value_id in values.items():
            raw = _cell(row, columns, code)
            if is_blank(raw):
                continue
            try:
                value_ratings.append((value_id, rating_parse(raw)))
            except CellError as exc:
                errors.add(number, label[code], str(exc))
                ok = False
        if nip and period:
            first = seen.setdefault((nip, period), number)
            if first != number:
                errors.add(
                    number,
                    label["nip"],
                    _("This NIP and period already appear in row %(row)d.") % {"row": first},
                )
                ok = False
        if ok:
            parsed.append((
                number, nip, period, ratings["rating_hasil_kerja"],
                ratings["rating_perilaku_kerja"], predicate or str(derived), was_derived,
                tuple(value_ratings),
            ))
        progress(number)
    return parsed


def _appraisals_write(
    *, parsed: list[AppraisalTuple], employees: dict[str, int], batch: ImportBatch,
    value_ids: list[int],
) -> tuple[int, int]:
    """Upsert the appraisals and their value ratings. Returns (created, updated)."""
    periods: dict[str, int] = {}
    for code in sorted({t[2] for t in parsed}):
        p = period_parse(code)
        period, _created = AppraisalPeriod.objects.get_or_create(
            code=p.code, defaults={"year": p.year, "quarter": p.quarter, "kind": p.kind}
        )
        periods[code] = period.pk
    before = Appraisal.objects.count()
    for chunk in _chunks(parsed, WRITE_BATCH):
        Appraisal.objects.bulk_create(
            [
                Appraisal(
                    employee_id=employees[nip], period_id=periods[period],
                    result_rating=result, behaviour_rating=behaviour, predicate=predicate,
                    predicate_was_derived=derived, import_batch=batch,
                )
                for _row, nip, period, result, behaviour, predicate, derived, _v in chunk
            ],
            update_conflicts=True,
            unique_fields=["employee", "period"],
            update_fields=[
                "result_rating", "behaviour_rating", "predicate", "predicate_was_derived",
                "import_batch", "updated_at",
            ],
        )
        if not value_ids:
            continue
        # The file's value columns replace those values' ratings on these appraisals;
        # values the file has no column for are left as they were.
        ids = {
            (employee_id, period_id): pk
            for pk, employee_id, period_id in Appraisal.objects.filter(
                employee_id__in={employees[t[1]] for t in chunk},
                period_id__in={periods[t[2]] for t in chunk},
            ).values_list("pk", "employee_id", "period_id")
        }
        appraisal_ids = [ids[(employees[t[1]], periods[t[2]])] for t in chunk]
        AppraisalValueRating.objects.filter(
            appraisal_id__in=appraisal_ids, core_value_id__in=value_ids
        ).delete()
        AppraisalValueRating.objects.bulk_create(
            [
                AppraisalValueRating(appraisal_id=appraisal_id, core_value_id=value_id, rating=r)
                for appraisal_id, t in zip(appraisal_ids, chunk, strict=True)
                for value_id, r in t[7]
            ],
            batch_size=WRITE_BATCH,
        )
    created = Appraisal.objects.count() - before
    return created, len(parsed) - created


# --- Assessments ---------------------------------------------------------------------

# (row, nip, competency id, level, source, date)
AssessmentTuple = tuple[int, str, int, Decimal, str, dt.date]


def _assessments_validate(
    *, rows: Iterator[tuple[int, list[Any]]], columns: ColumnMap, errors: ErrorList,
    progress: Callable[[int], None],
) -> list[AssessmentTuple]:
    competencies = competency_lookup()
    today = timezone.localdate()
    label = columns.label
    parsed: list[AssessmentTuple] = []
    seen: dict[tuple, int] = {}
    for number, row in rows:
        ok = True
        try:
            nip = nip_cell_parse(_cell(row, columns, "nip"))
        except CellError as exc:
            errors.add(number, label["nip"], str(exc))
            ok, nip = False, ""
        raw = _cell(row, columns, "kompetensi")
        key = str(raw if raw is not None else "").strip().lower()
        competency_id = competencies.get(key, 0)
        if not key:
            errors.add(number, label["kompetensi"], _("The competency is empty."))
            ok = False
        elif competency_id == 0:
            errors.add(
                number,
                label["kompetensi"],
                _("No competency has the code or name “%(value)s”.") % {"value": raw},
            )
            ok = False
        elif competency_id is None:
            errors.add(
                number,
                label["kompetensi"],
                _("The competency “%(value)s” is no longer active.") % {"value": raw},
            )
            ok = False
        parsed_cells: dict[str, Any] = {}
        for name, parse in (
            ("level", level_parse),
            ("sumber", source_parse),
            ("tanggal", lambda v: date_parse(v, today=today)),
        ):
            try:
                parsed_cells[name] = parse(_cell(row, columns, name))
            except CellError as exc:
                errors.add(number, label[name], str(exc))
                ok = False
        if ok:
            natural_key = (nip, competency_id, parsed_cells["sumber"], parsed_cells["tanggal"])
            first = seen.setdefault(natural_key, number)
            if first != number:
                errors.add(
                    number,
                    label["nip"],
                    _(
                        "The same employee, competency, source and date already appear "
                        "in row %(row)d."
                    )
                    % {"row": first},
                )
                ok = False
        if ok:
            parsed.append((
                number, nip, int(competency_id), parsed_cells["level"],  # type: ignore[arg-type]
                parsed_cells["sumber"], parsed_cells["tanggal"],
            ))
        progress(number)
    return parsed


def _assessments_write(
    *, parsed: list[AssessmentTuple], employees: dict[str, int], batch: ImportBatch
) -> tuple[int, int]:
    before = Assessment.objects.count()
    for chunk in _chunks(parsed, WRITE_BATCH):
        Assessment.objects.bulk_create(
            [
                Assessment(
                    employee_id=employees[nip], competency_id=competency_id, level=level,
                    source=source, assessed_on=assessed_on, import_batch=batch,
                )
                for _row, nip, competency_id, level, source, assessed_on in chunk
            ],
            update_conflicts=True,
            unique_fields=["employee", "competency", "source", "assessed_on"],
            update_fields=["level", "import_batch", "updated_at"],
        )
    created = Assessment.objects.count() - before
    return created, len(parsed) - created


# --- The entry point -----------------------------------------------------------------


def _unknown_nips(
    *, parsed: list, employees: dict[str, int], errors: ErrorList, columns: ColumnMap
) -> None:
    for t in parsed:
        if t[1] not in employees:
            errors.add(
                t[0], columns.label["nip"],
                _("No employee has the NIP %(nip)s.") % {"nip": t[1]},
            )


def _recompute_after_commit(employee_ids: list[int]) -> None:
    """Queue the gap recomputation of these employees for when the import commits
    (Celery tasks, one per chunk: not in the request or the import's own task)."""
    from competencies.gaps.services import gaps_recompute_enqueue

    gaps_recompute_enqueue(employee_ids=employee_ids)


def _batch_finish(*, report: ImportReport, errors: ErrorList) -> ImportReport:
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
    return report


def results_import(
    *,
    file: IO[bytes],
    file_name: str,
    imported_by=None,
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
            return _batch_finish(report=report, errors=errors)
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
            return _batch_finish(report=report, errors=errors)
        if columns.kind in (ImportKind.STANDARD, ImportKind.DICTIONARY):
            from competencies.imports.reference import reference_import

            return reference_import(
                sheet=sheet, columns=columns, report=report, errors=errors,
                progress=progress, finish=_batch_finish,
            )
        validate = (
            _appraisals_validate if columns.kind == ImportKind.APPRAISAL
            else _assessments_validate
        )
        parsed = validate(rows=sheet.rows, columns=columns, errors=errors, progress=progress)
    except FileReadError as exc:
        errors.add_file_error(str(exc))
        return _batch_finish(report=report, errors=errors)
    batch.rows_processed = report.row_count
    if report.row_count == 0 and not errors:
        errors.add(1, "", _("The file has no data rows below the header."))
    employees = _employees_by_nip(t[1] for t in parsed)
    _unknown_nips(parsed=parsed, employees=employees, errors=errors, columns=columns)
    if errors:
        return _batch_finish(report=report, errors=errors)
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
                report.created, report.updated = _appraisals_write(
                    parsed=parsed, employees=employees, batch=batch, value_ids=value_ids
                )
            else:
                report.created, report.updated = _assessments_write(
                    parsed=parsed, employees=employees, batch=batch
                )
            report.employee_ids = sorted({employees[t[1]] for t in parsed})
            _batch_finish(report=report, errors=errors)
            if recompute:
                _recompute_after_commit(report.employee_ids)
    except AlreadyImported:
        logger.info("import %s was already finished by another run", batch.pk)
        return report_from_finished_batch(report)
    except DatabaseError as exc:
        if raise_transient and isinstance(exc, OperationalError):
            raise
        logger.exception("import %s failed while writing", batch.pk)
        errors.add(1, "", _("The database refused the import; nothing was written."))
        report.created = report.updated = 0
        return _batch_finish(report=report, errors=errors)
    return report


# --- The queued import (HR's upload page) ------------------------------------------


def results_import_enqueue(*, upload: File, file_name: str, imported_by=None) -> ImportBatch:
    """Keep an uploaded file on a new ImportBatch and queue its import as a Celery
    task (after commit). The batch remembers the uploader's language, so the row
    errors come out in it whichever process runs the task. Returns the batch, whose
    status and `rows_processed` / `rows_total` the upload page polls."""
    from competencies.tasks import results_import_task

    batch = ImportBatch(
        file_name=file_name[:255],
        imported_by=imported_by,
        language=translation.get_language() or "",
        rows_total=rows_estimate(file=upload),
    )
    # A name of our own: the user's may be long, odd or identical to another's.
    batch.upload.save(f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()[:5]}", upload,
                      save=False)
    batch.save()
    results_import_task.delay_on_commit(batch.pk)
    return batch


def results_import_run(*, batch_id: int) -> ImportBatch | None:
    """Run a queued import: the body of results_import_task.

    Idempotent: a batch that has already ended is left as it was (only its stored
    file is cleaned up); a batch whose earlier run died half-way is imported again
    from its stored file: the import is one transaction, and its upserts by natural
    key write each row once however often it runs. A lost database connection is
    raised for the task to retry. Messages are in the uploader's language."""
    batch = ImportBatch.objects.select_related("imported_by").filter(pk=batch_id).first()
    if batch is None:
        return None
    if batch.is_finished:
        batch.upload_discard()
        return batch
    if not batch.upload:
        import_batch_mark_failed(batch_id=batch.pk)
        return ImportBatch.objects.get(pk=batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(rows_processed=0)
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        with batch.upload.open("rb") as stored:
            results_import(
                file=stored,
                file_name=batch.file_name,
                imported_by=batch.imported_by,
                batch=batch,
                raise_transient=True,
            )
    batch.refresh_from_db()
    if batch.is_finished:
        batch.upload_discard()
    return batch


def import_batch_mark_failed(*, batch_id: int) -> None:
    """Record that a queued import could not run to its end (its task failed for
    good, or the stored file is gone): nothing was written. The message is in the
    uploader's language (config.jobs.UploadJob.mark_failed)."""
    ImportBatch.mark_failed(job_id=batch_id)
