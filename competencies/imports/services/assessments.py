"""Competency assessment files: first pass (each row checked, kept as a compact tuple)
and the batched upsert."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.imports.columns import ColumnMap
from competencies.imports.parsing import (
    CellError,
    date_parse,
    level_parse,
    source_parse,
)
from competencies.imports.report import ErrorList
from competencies.imports.services.lookups import (
    WRITE_BATCH,
    cell,
    chunks,
    competency_lookup,
    nip_cell_read,
)
from competencies.models import Assessment, ImportBatch

# (row, nip, competency id, level, source, date)
AssessmentTuple = tuple[int, str, int, Decimal, str, dt.date]


def assessments_validate(
    *, rows: Iterator[tuple[int, list[Any]]], columns: ColumnMap, errors: ErrorList,
    progress: Callable[[int], None],
) -> list[AssessmentTuple]:
    competencies = competency_lookup()
    today = timezone.localdate()
    label = columns.label
    parsed: list[AssessmentTuple] = []
    seen: dict[tuple, int] = {}
    for number, row in rows:
        nip = nip_cell_read(row=row, columns=columns, errors=errors, number=number)
        ok = bool(nip)
        raw = cell(row, columns, "kompetensi")
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
                parsed_cells[name] = parse(cell(row, columns, name))
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


def assessments_write(
    *, parsed: list[AssessmentTuple], employees: dict[str, int], batch: ImportBatch
) -> tuple[int, int]:
    before = Assessment.objects.count()
    for chunk in chunks(parsed, WRITE_BATCH):
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
