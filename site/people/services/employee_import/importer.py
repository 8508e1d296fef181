"""The entry point: read and validate, check references, then write all or nothing."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

from people.models import Employee, Position, Unit, User
from people.services.employee_import.positions import position_kind_infer
from people.services.employee_import.reading import rows_read
from people.services.employee_import.references import references_check, unit_tree_check
from people.services.employee_import.results import EmployeeImportError, ImportResult, RowError
from people.services.employee_import.rows import Catalog, Errors
from people.services.employee_import.validation import rows_validate
from people.services.employee_import.writing import (
    employees_write,
    names_ensure,
    positions_update_kinds,
    units_set_parents,
)
from people.signals import employees_imported

logger = logging.getLogger(__name__)


def employee_import(*, file: Any, imported_by: User | None = None,
                    dry_run: bool = False,
                    progress: Callable[[int], None] | None = None,
                    on_write_start: Callable[[], None] | None = None,
                    on_write_end: Callable[[ImportResult], None] | None = None,
                    ) -> ImportResult:
    """Import employees from a CSV or XLSX file (path or file object).

    All-or-nothing: with any invalid row nothing is written and `result.errors` lists
    every problem (row number as the spreadsheet shows it, column, message in the active
    language). Idempotent: importing the same file again reports 0 changed. With
    `dry_run`, validates and counts what would change, writing nothing.
    Raises nothing for bad content; unreadable files are reported as a row-1 error.

    For the queued import (people.services.employee_import_jobs): `progress(rows)`
    is called every PROGRESS_EVERY rows read; `on_write_start()` first thing inside
    the write transaction (it may lock and raise to abandon the import) and
    `on_write_end(result)` last thing in it, so a job's outcome commits with the
    rows it wrote."""
    result = ImportResult(dry_run=dry_run)
    errors = Errors(result)
    units, positions = Catalog(), Catalog()
    try:
        rows = rows_validate(rows_read(file), result=result, errors=errors, units=units,
                              positions=positions, progress=progress)
    except EmployeeImportError as exc:
        # About the whole file (too big, too many rows, not a table): shown first,
        # even when the row errors before it filled the list.
        result.error_count += 1
        result.errors.insert(0, RowError(1, "", str(exc)))
        return result
    if not result.ok:
        return result
    existing, users = references_check(rows, errors=errors)
    unit_tree_check(units, errors=errors)
    if not result.ok:
        return result

    with transaction.atomic():
        if on_write_start is not None:
            on_write_start()
        unit_ids, result.units_created = names_ensure(
            Unit, units, dry_run=dry_run, defaults=lambda key: {})
        result.units_moved = units_set_parents(units, unit_ids, dry_run=dry_run)

        def position_defaults(key: str) -> dict[str, str]:
            if key in positions.kinds:
                kind, level, _row = positions.kinds[key]
            else:
                kind, level = position_kind_infer(positions.names[key])
            return {"kind": kind, "level": level}

        position_ids, result.positions_created = names_ensure(
            Position, positions, dry_run=dry_run, defaults=position_defaults)
        if not dry_run:
            positions_update_kinds(positions, position_ids)

        employees_write(rows, existing=existing, users=users, unit_ids=unit_ids,
                         position_ids=position_ids, result=result, dry_run=dry_run)
        if result.changed_ids or result.units_moved:
            changed_ids = result.changed_ids
            transaction.on_commit(lambda: employees_imported.send(
                sender=Employee, employee_ids=changed_ids))
        if on_write_end is not None:
            on_write_end(result)
    logger.info(
        "employee import by %s%s: %d rows, %d created, %d updated, %d unchanged",
        getattr(imported_by, "username", "command"), " (dry run)" if dry_run else "",
        result.rows, result.created, result.updated, result.unchanged,
    )
    return result
