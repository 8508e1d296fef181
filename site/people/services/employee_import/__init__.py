"""Employee import from CSV or XLSX: all-or-nothing, streaming, batched.

Contract (docs/foundation.md "Employee import"):

- Columns are found by header (row 1), case-insensitively, spaces read as underscores.
  Required: nip, nama, golongan, jabatan, unit_kerja. Optional: jenis_pegawai (PNS/PPPK,
  default PNS), nip_atasan, email, jenis_jabatan, tmt_kontrak (a PPPK's contract start:
  the JP cap counts per contract year; an empty cell keeps what is stored), tempat_lahir
  (place of birth, printed on certificates; an empty cell keeps what is stored).
- Keyed by NIP. Re-importing the same file changes nothing; a changed row updates the
  employee. Units and positions are matched by name (case-insensitively) and created
  when new. Every new employee gets a login (username = NIP, unusable password).
- All-or-nothing: when any row is invalid nothing is written, and every error is
  reported with its spreadsheet row number (header = row 1) and column.

Memory stays bounded for big files (50,000 rows): rows are streamed (csv module /
openpyxl read_only), the first pass keeps one small tuple per row, lookups are
preloaded in chunks, and writes go in batches of 1,000 inside one transaction, so the
number of queries grows with rows / 1000, never with rows.

One concern a module: results (what is reported), reading (the file as text rows),
positions (the kind of a position), rows (what the passes share), validation (first
pass), references (second pass), writing (third pass) and importer (the entry point).
"""
from people.services.employee_import.importer import employee_import
from people.services.employee_import.positions import position_kind_infer
from people.services.employee_import.results import (
    EmployeeImportError,
    ImportResult,
    RowError,
)
from people.services.employee_import.validation import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "EmployeeImportError",
    "ImportResult",
    "RowError",
    "employee_import",
    "position_kind_infer",
]
