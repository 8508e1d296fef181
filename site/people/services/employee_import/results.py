"""What an employee import reports: its counts and its row errors."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0
    units_moved: int = 0  # units given another parent by `unit_induk`
    positions_created: int = 0
    dry_run: bool = False
    # The employees created or changed (not unchanged ones); empty for a dry run.
    changed_ids: list[int] = field(default_factory=list, repr=False)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # may exceed len(errors) (capped: BANGKOM_UPLOAD_LIMITS)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def changed(self) -> int:
        return self.created + self.updated


class EmployeeImportError(Exception):
    """The file cannot be read at all (not a spreadsheet, wrong encoding...)."""
