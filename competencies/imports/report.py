"""The outcome of an import, shared by every kind of file."""
from __future__ import annotations

from dataclasses import dataclass, field

from competencies.models import ImportBatch

# Errors kept (and shown) per import; the rest are counted. A 100,000-row file with a
# wrong column would otherwise produce a page nobody can read.
MAX_ERRORS_KEPT = 1000


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number, header = 1
    column: str  # the header as written in the file ("" for the whole row or file)
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ErrorList:
    kept: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS_KEPT:
            self.kept.append(RowError(row, column, str(message)))

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class ImportReport:
    """What an import did. `ok` is false when nothing was written; `errors` then hold
    the first MAX_ERRORS_KEPT problems (sorted by row) and `error_count` all of them."""

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
