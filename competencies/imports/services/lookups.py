"""What both kinds of result file share: batch sizes, a cell by column name, employees by
NIP and competencies by code or name."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from competencies.imports.columns import ColumnMap
from competencies.imports.parsing import CellError, nip_cell_parse
from competencies.imports.report import ErrorList
from competencies.models import Competency
from people.models import Employee

LOOKUP_CHUNK = 5000  # NIPs per `nip__in` query
WRITE_BATCH = 2000  # rows per bulk upsert statement


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cell(row: list[Any], columns: ColumnMap, name: str) -> Any:
    position = columns.index.get(name)
    if position is None or position >= len(row):
        return None
    return row[position]


def nip_cell_read(*, row: list[Any], columns: ColumnMap, errors: ErrorList, number: int) -> str:
    """The row's NIP, or "" after reporting why its cell holds none (nip_cell_parse
    never returns "")."""
    try:
        return nip_cell_parse(cell(row, columns, "nip"))
    except CellError as exc:
        errors.add(number, columns.label["nip"], str(exc))
        return ""


def employees_by_nip(nips: Iterable[str]) -> dict[str, int]:
    """NIP → employee id for the NIPs that exist, in chunked queries."""
    found: dict[str, int] = {}
    for chunk in chunks(sorted(set(nips)), LOOKUP_CHUNK):
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
