"""What the import's three passes share: the compact row kept per spreadsheet row, the
names seen (units, positions), the capped error list, and batching."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from config.uploads import upload_limits
from people.services.employee_import.results import ImportResult, RowError

BATCH_SIZE = 1000


class Row(NamedTuple):
    """What the first pass keeps per row: small, no model instances."""

    row: int
    nip: str
    name: str
    employment_type: str
    rank_id: int
    unit_key: str
    position_key: str
    supervisor_nip: str
    email: str
    contract_start: dt.date | None  # None: not given, keep what is stored
    birth_place: str = ""  # "": not given, keep what is stored


class Errors:
    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.limit = upload_limits("employees").max_errors

    def add(self, row: int, column: str, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < self.limit:
            self.result.errors.append(RowError(row, column, message))



class Catalog:
    """Names seen in the file (units, positions), interned to short keys."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # lower name → name as first written
        self.kinds: dict[str, tuple[str, str, int]] = {}  # position key → (kind, level, row)
        self.parents: dict[str, tuple[str, int]] = {}  # unit key → (parent key, row)

    def key(self, name: str) -> str:
        lowered = " ".join(name.split()).lower()
        self.names.setdefault(lowered, " ".join(name.split()))
        return lowered


def chunks(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
