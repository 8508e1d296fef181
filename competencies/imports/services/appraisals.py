"""Performance appraisal files (SKP): first pass (each row checked, kept as a compact
tuple) and the batched upsert."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from competencies.imports.columns import ColumnMap
from competencies.imports.parsing import (
    CellError,
    is_blank,
    period_cell_text,
    predicate_parse,
    rating_parse,
)
from competencies.imports.report import ErrorList
from competencies.imports.services.lookups import WRITE_BATCH, cell, chunks, nip_cell_read
from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    CoreValue,
    ImportBatch,
    Predicate,
    Rating,
    period_parse,
    predicate_from_quadrant,
)

# (row, nip, period code, result, behaviour, predicate, derived, ((value id, rating),…))
AppraisalTuple = tuple[int, str, str, str, str, str, bool, tuple[tuple[int, str], ...]]


def appraisals_validate(
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
        nip = nip_cell_read(row=row, columns=columns, errors=errors, number=number)
        ok = bool(nip)
        try:
            period = period_parse(period_cell_text(cell(row, columns, "periode"))).code
        except Exception as exc:  # ValidationError
            errors.add(number, label["periode"], " ".join(getattr(exc, "messages", [str(exc)])))
            ok, period = False, ""
        ratings = {}
        for name in ("rating_hasil_kerja", "rating_perilaku_kerja"):
            try:
                ratings[name] = rating_parse(cell(row, columns, name))
            except CellError as exc:
                errors.add(number, label[name], str(exc))
                ok = False
        derived = None
        if len(ratings) == 2:
            derived = predicate_from_quadrant(
                ratings["rating_hasil_kerja"], ratings["rating_perilaku_kerja"]
            )
        predicate, was_derived = "", True
        raw_predicate = cell(row, columns, "predikat")
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
            raw = cell(row, columns, code)
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


def appraisals_write(
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
    for chunk in chunks(parsed, WRITE_BATCH):
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
