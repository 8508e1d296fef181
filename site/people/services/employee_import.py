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
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from config.uploads import UploadError, table_open, upload_limits
from people.models import (
    Employee,
    EmploymentType,
    Position,
    PositionKind,
    PositionLevel,
    Rank,
    Unit,
    User,
)
from people.nip import nip_normalize, nip_validate
from people.signals import employees_imported

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PROGRESS_EVERY = 1000  # rows between two progress reports of a queued import


BIRTH_PLACE_MAX = 100  # Employee.birth_place
REQUIRED_COLUMNS = ("nip", "nama", "golongan", "jabatan", "unit_kerja")
OPTIONAL_COLUMNS = ("jenis_pegawai", "nip_atasan", "email", "jenis_jabatan", "tmt_kontrak",
                    "unit_induk", "tempat_lahir")

# A NIP that a spreadsheet turned into a number: "1,98501E+17", "1.98501E+17", "1E+17".
_SCIENTIFIC = re.compile(r"^\s*\d+([.,]\d*)?\s*[eE]\s*[+\-]?\d+\s*$")
_PNS_GOLONGAN = re.compile(r"^(IV|III|II|I)\s*[/\-.]?\s*([A-Ea-e])$")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII"]

K, L = PositionKind, PositionLevel
# jenis_jabatan values (lower case, underscores/dashes read as spaces).
_KIND_VALUES: dict[str, tuple[str, str]] = {
    "jpt utama": (K.JPT, L.JPT_UTAMA),
    "jpt madya": (K.JPT, L.JPT_MADYA),
    "jpt pratama": (K.JPT, L.JPT_PRATAMA),
    "administrator": (K.ADMINISTRATOR, ""),
    "pengawas": (K.PENGAWAS, ""),
    "pelaksana": (K.PELAKSANA, ""),
}
_FUNCTIONAL_LEVELS = {
    "ahli utama": L.AHLI_UTAMA, "ahli madya": L.AHLI_MADYA, "ahli muda": L.AHLI_MUDA,
    "ahli pertama": L.AHLI_PERTAMA, "penyelia": L.PENYELIA, "mahir": L.MAHIR,
    "terampil": L.TERAMPIL, "pemula": L.PEMULA,
}
for _name, _level in _FUNCTIONAL_LEVELS.items():
    _KIND_VALUES[_name] = (K.FUNGSIONAL, _level)
    _KIND_VALUES[f"fungsional {_name}"] = (K.FUNGSIONAL, _level)
    _KIND_VALUES[f"jf {_name}"] = (K.FUNGSIONAL, _level)

# Position-name rules, checked in order (docs/foundation.md "Position kind").
_JPT_PREFIXES = ("kepala badan", "kepala dinas", "sekretaris daerah", "inspektur daerah",
                 "kepala satuan polisi pamong praja", "asisten ", "staf ahli")
_ADMINISTRATOR_PREFIXES = ("kepala bidang", "kepala bagian", "sekretaris ", "camat",
                           "inspektur pembantu")
_PENGAWAS_PREFIXES = ("kepala seksi", "kepala subbagian", "kepala sub bagian",
                      "kepala subbidang", "kepala sub bidang")
_FUNCTIONAL_SUFFIX = re.compile(
    r"\b(ahli pertama|ahli muda|ahli madya|ahli utama|pemula|terampil|mahir|penyelia)\b"
)


def position_kind_infer(name: str) -> tuple[str, str]:
    """(kind, level) for a position known only by its name (see module docs)."""
    lowered = " ".join(name.lower().split())
    if lowered.startswith(_JPT_PREFIXES):
        return K.JPT, L.JPT_PRATAMA
    if lowered.startswith(_ADMINISTRATOR_PREFIXES):
        return K.ADMINISTRATOR, ""
    if lowered.startswith(_PENGAWAS_PREFIXES):
        return K.PENGAWAS, ""
    match = _FUNCTIONAL_SUFFIX.search(lowered)
    if match:
        return K.FUNGSIONAL, _FUNCTIONAL_LEVELS[match.group(1)]
    return K.PELAKSANA, ""


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


class _Row(NamedTuple):
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


class _Errors:
    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.limit = upload_limits("employees").max_errors

    def add(self, row: int, column: str, message: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < self.limit:
            self.result.errors.append(RowError(row, column, message))


# --- Reading -------------------------------------------------------------------------------
class _Numeric(str):
    """A cell the spreadsheet stored as a number (an XLSX numeric cell)."""


def _open_binary(file: Any) -> tuple[Any, str, bool]:
    """(file, file name, whether we opened it and must close it)."""
    if isinstance(file, str | Path):
        return open(file, "rb"), str(file), True  # noqa: SIM115 - closed by the caller
    return file, getattr(file, "name", "") or "", False


def _header_key(value: Any) -> str:
    text = str(value or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _cell_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = str(value)
        return _Numeric(text[:-2] if text.endswith(".0") else text)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read(file: Any) -> Iterator[tuple[int, list[Any]]]:
    """The header as row 1, then the data rows, through the project's one table
    reader (config.uploads: size and row limits of BANGKOM_UPLOAD_LIMITS["employees"],
    encoding detection, every XLSX row even under a stale <dimension> tag)."""
    stream, name, opened = _open_binary(file)
    try:
        try:
            table = table_open(file=stream, file_name=name, limits=upload_limits("employees"))
            yield 1, [_cell_text(v) for v in table.headers]
            for number, values in table.rows:
                yield number, [_cell_text(v) for v in values]
        except UploadError as exc:
            raise EmployeeImportError(str(exc)) from None
    finally:
        if opened:
            stream.close()


# --- Validation (first pass) -------------------------------------------------------------
def _golongan_normalize(raw: str, employment_type: str) -> str:
    raw = raw.strip()
    if employment_type == EmploymentType.PNS:
        match = _PNS_GOLONGAN.match(raw.upper().replace(" ", "") if raw else "")
        return f"{match.group(1)}/{match.group(2).lower()}" if match else raw
    if raw.isdigit() and 1 <= int(raw) <= len(_ROMAN):
        return _ROMAN[int(raw) - 1]
    return raw.upper()


def _nip_clean(raw: str, *, errors: _Errors, row: int, column: str) -> str | None:
    """The normalized NIP text, or None after reporting why it is unusable."""
    if isinstance(raw, _Numeric) or _SCIENTIFIC.match(raw):
        errors.add(row, column, _(
            "The NIP \"%(value)s\" was stored by the spreadsheet as a number, which loses "
            "digits (e.g. 1.98501E+17). Format the column as Text, type the NIP again and "
            "re-upload; it is never guessed."
        ) % {"value": raw})
        return None
    return nip_normalize(raw)


def _date_parse(text: str) -> dt.date | None:
    """A date as spreadsheets and people write it: 2024-03-01 (also an XLSX date),
    01-03-2024 or 01/03/2024 (day first, the Indonesian way). None if unreadable."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            # A calendar date, no time of day: naive parsing is what is meant.
            return dt.datetime.strptime(  # noqa: DTZ007
                text[:10] if "T" in text else text, pattern).date()
        except ValueError:
            continue
    return None


class _Catalog:
    """Names seen in the file (units, positions), interned to short keys."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # lower name → name as first written
        self.kinds: dict[str, tuple[str, str, int]] = {}  # position key → (kind, level, row)
        self.parents: dict[str, tuple[str, int]] = {}  # unit key → (parent key, row)

    def key(self, name: str) -> str:
        lowered = " ".join(name.split()).lower()
        self.names.setdefault(lowered, " ".join(name.split()))
        return lowered


def _validate_rows(
    rows: Iterable[tuple[int, list[Any]]], *, result: ImportResult, errors: _Errors,
    units: _Catalog, positions: _Catalog, progress: Callable[[int], None] | None = None,
) -> list[_Row]:
    iterator = iter(rows)
    try:
        _number, header = next(iterator)
    except StopIteration:
        errors.add(1, "", _("The file is empty."))
        return []
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _header_key(value)
        if key in columns:
            errors.add(1, key, _("The column \"%(c)s\" appears twice.") % {"c": key})
        elif key:
            columns[key] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for column in missing:
        errors.add(1, column, _("The required column \"%(c)s\" is missing.") % {"c": column})
    if missing:
        return []

    ranks = {(r.employment_type, r.code): r.pk for r in Rank.objects.all()}
    pns_codes = ", ".join(c for (t, c) in ranks if t == EmploymentType.PNS)
    seen_nips: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    out: list[_Row] = []

    def cell(values: list[Any], column: str) -> Any:
        index = columns.get(column)
        if index is None or index >= len(values):
            return ""
        value = values[index]
        return value if isinstance(value, _Numeric) else str(value or "").strip()

    for number, values in iterator:
        if not any(str(v or "").strip() for v in values):
            continue  # blank lines at the end of a sheet are not rows
        result.rows += 1
        if progress is not None and result.rows % PROGRESS_EVERY == 0:
            progress(result.rows)
        bad = False

        def fail(column: str, message: str, number: int = number) -> None:
            nonlocal bad
            bad = True
            errors.add(number, column, message)

        etype_raw = cell(values, "jenis_pegawai").upper()
        etype = etype_raw or EmploymentType.PNS
        if etype not in EmploymentType.values:
            fail("jenis_pegawai", _("\"%(value)s\" is not PNS or PPPK.") % {"value": etype_raw})
            etype = EmploymentType.PNS

        nip = _nip_clean(cell(values, "nip"), errors=errors, row=number, column="nip")
        if nip is None:
            bad = True
        elif not nip:
            fail("nip", _("The NIP is required."))
        else:
            try:
                nip_validate(nip, employment_type=etype)
            except ValidationError as exc:
                fail("nip", " ".join(exc.messages))
            else:
                if nip in seen_nips:
                    fail("nip", _("This NIP already appears in row %(row)d.")
                         % {"row": seen_nips[nip]})
                else:
                    seen_nips[nip] = number

        name = cell(values, "nama")
        if not name:
            fail("nama", _("The name is required."))
        elif len(name) > 200:
            fail("nama", _("The name is longer than 200 characters."))

        golongan_raw = cell(values, "golongan")
        golongan = _golongan_normalize(golongan_raw, etype)
        rank_id = ranks.get((etype, golongan))
        if not golongan_raw:
            fail("golongan", _("The golongan is required."))
        elif rank_id is None:
            if etype == EmploymentType.PNS:
                fail("golongan", _("\"%(value)s\" is not a PNS golongan (%(codes)s).")
                     % {"value": golongan_raw, "codes": pns_codes})
            else:
                fail("golongan", _("\"%(value)s\" is not a PPPK golongan (I to XVII).")
                     % {"value": golongan_raw})

        unit_name = cell(values, "unit_kerja")
        position_name = cell(values, "jabatan")
        for column, text in (("unit_kerja", unit_name), ("jabatan", position_name)):
            if not text:
                fail(column, _("This column is required."))
            elif len(text) > 200:
                fail(column, _("Longer than 200 characters."))
        unit_key = units.key(unit_name) if unit_name else ""
        position_key = positions.key(position_name) if position_name else ""

        parent_name = cell(values, "unit_induk")
        if parent_name and unit_key:
            parent_lower = " ".join(parent_name.split()).lower()
            earlier = units.parents.get(unit_key)
            if len(parent_name) > 200:
                fail("unit_induk", _("Longer than 200 characters."))
            elif parent_lower == unit_key:
                fail("unit_induk", _("A unit cannot be its own parent unit."))
            elif earlier and earlier[0] != parent_lower:
                fail("unit_induk", _("Row %(row)d gives this unit another parent unit.")
                     % {"row": earlier[1]})
            elif not earlier:
                units.parents[unit_key] = (units.key(parent_name), number)

        kind_raw = cell(values, "jenis_jabatan")
        if kind_raw and position_key:
            kind = _KIND_VALUES.get(" ".join(re.split(r"[\s_\-]+", kind_raw.lower())).strip())
            if kind is None:
                fail("jenis_jabatan", _("\"%(value)s\" is not a known position kind "
                                        "(e.g. JPT Pratama, Administrator, Pengawas, "
                                        "Pelaksana, Ahli Muda, Terampil).")
                     % {"value": kind_raw})
            else:
                earlier = positions.kinds.get(position_key)
                if earlier and earlier[:2] != kind:
                    fail("jenis_jabatan", _("Row %(row)d gives this position another kind.")
                         % {"row": earlier[2]})
                elif not earlier:
                    positions.kinds[position_key] = (*kind, number)

        supervisor_nip = ""
        supervisor_raw = cell(values, "nip_atasan")
        if supervisor_raw:
            cleaned = _nip_clean(supervisor_raw, errors=errors, row=number, column="nip_atasan")
            if cleaned is None:
                bad = True
            elif not re.fullmatch(r"\d{18}", cleaned):
                fail("nip_atasan", _("The supervisor's NIP must have 18 digits."))
            elif cleaned == nip:
                fail("nip_atasan", _("An employee cannot be their own supervisor."))
            else:
                supervisor_nip = cleaned

        email = cell(values, "email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("email", _("\"%(value)s\" is not a valid email address.")
                     % {"value": email})
            else:
                lowered = email.lower()
                if lowered in seen_emails:
                    fail("email", _("This email already appears in row %(row)d.")
                         % {"row": seen_emails[lowered]})
                else:
                    seen_emails[lowered] = number

        contract_start = None
        contract_raw = str(cell(values, "tmt_kontrak"))
        if contract_raw:
            contract_start = _date_parse(contract_raw)
            if contract_start is None:
                fail("tmt_kontrak", _("\"%(value)s\" is not a date (write 2024-03-01 or "
                                      "01-03-2024).") % {"value": contract_raw})
            elif etype != EmploymentType.PPPK:
                fail("tmt_kontrak", _("Only PPPK employees have a contract start date."))

        birth_place = " ".join(str(cell(values, "tempat_lahir")).split())
        if len(birth_place) > BIRTH_PLACE_MAX:
            fail("tempat_lahir", _("A place of birth has at most %(max)d characters.")
                 % {"max": BIRTH_PLACE_MAX})

        if not bad:
            out.append(_Row(number, nip or "", name, etype, rank_id or 0, unit_key,
                            position_key, supervisor_nip, email, contract_start,
                            birth_place))
    return out


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


_EMPLOYEE_FIELDS = ("pk", "nip", "name", "employment_type", "rank_id", "position_id",
                    "unit_id", "supervisor__nip", "email", "user_id", "is_active",
                    "contract_start", "birth_place")


def _check_references(rows: list[_Row], *, errors: _Errors) -> tuple[dict, dict]:
    """Second pass: supervisors exist and form no cycle; emails are free.
    Returns (existing employees by NIP as value tuples, existing users by username)."""
    file_nips = {r.nip: r for r in rows}
    existing: dict[str, tuple] = {}
    for chunk in _chunks(list(file_nips)):
        for values in Employee.objects.filter(nip__in=chunk).values_list(*_EMPLOYEE_FIELDS):
            existing[values[1]] = values

    # The final supervisor graph: the file's rows, then the database's links for the
    # employees outside the file, followed up the hierarchy (a few levels).
    graph: dict[str, str] = {r.nip: r.supervisor_nip for r in rows}
    frontier = {r.supervisor_nip for r in rows if r.supervisor_nip} - file_nips.keys()
    known_outside: set[str] = set()
    while frontier:
        found: dict[str, str] = {}
        for chunk in _chunks(sorted(frontier)):
            found.update(Employee.objects.filter(nip__in=chunk)
                         .values_list("nip", "supervisor__nip"))
        known_outside |= found.keys()
        for nip, boss in found.items():
            graph[nip] = boss or ""
        frontier = {b for b in found.values() if b and b not in graph}
    for r in rows:
        if r.supervisor_nip and r.supervisor_nip not in file_nips \
                and r.supervisor_nip not in known_outside:
            errors.add(r.row, "nip_atasan", _(
                "No employee with NIP %(nip)s exists in this file or in Bangkom."
            ) % {"nip": r.supervisor_nip})

    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in file_nips:
        path: list[str] = []
        node = start
        while node and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = graph.get(node, "")
        if node and state.get(node) == 1:  # walked into our own path: a cycle
            cycle = path[path.index(node):]
            for nip in cycle:
                if nip in file_nips:
                    errors.add(file_nips[nip].row, "nip_atasan", _(
                        "The supervisors form a cycle: %(chain)s."
                    ) % {"chain": " → ".join([*cycle, node])})
        for nip in path:
            state[nip] = 2

    users: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(list(file_nips)):
        for pk, username, email in User.objects.filter(username__in=chunk).values_list(
                "pk", "username", "email"):
            users[username] = (pk, email)
    emails = {r.email.lower(): r for r in rows if r.email}
    for chunk in _chunks(list(emails)):
        taken = User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=chunk).values_list("email_lower", "username", "pk")
        for email, username, pk in taken:
            r = emails[email]
            owner = existing.get(r.nip)
            # Free when it is this employee's own login (by NIP or by link).
            if username != r.nip and not (owner and owner[9] == pk):
                errors.add(r.row, "email", _(
                    "The email %(email)s already belongs to another account."
                ) % {"email": r.email})
    return existing, users


def _check_unit_tree(units: _Catalog, *, errors: _Errors) -> None:
    """The parent units the file gives (`unit_induk`) form no cycle with each other or
    with the stored tree (the file's parents replace the stored ones of its units)."""
    if not units.parents:
        return
    # The stored tree, by lower name: a few thousand units at most, one query.
    stored = dict(Unit.objects.annotate(
        lname=Lower("name"), parent_lname=Lower("parent__name")).values_list(
        "lname", "parent_lname"))
    graph = {**stored, **{k: parent for k, (parent, _row) in units.parents.items()}}
    for start, (_parent, row) in units.parents.items():
        path, node = [start], graph.get(start)
        while node and node not in path:
            path.append(node)
            node = graph.get(node)
        if node == start:
            errors.add(row, "unit_induk", _("The parent units form a cycle: %(chain)s.")
                       % {"chain": " → ".join(units.names.get(n, n) for n in [*path, start])})


# --- Writing (third pass) ------------------------------------------------------------------
def _units_set_parents(units: _Catalog, unit_ids: dict[str, int], *, dry_run: bool) -> int:
    """Give the file's units the parents it names (units without `unit_induk` keep
    theirs); returns how many units get a parent other than the stored one (for a
    dry run: among the units that exist already)."""
    if not units.parents:
        return 0
    wanted = {unit_ids[k]: unit_ids[parent] for k, (parent, _row) in units.parents.items()
              if k in unit_ids and parent in unit_ids}
    stored = dict(Unit.objects.filter(pk__in=list(wanted)).values_list("pk", "parent_id"))
    now = timezone.now()
    changed = [Unit(pk=pk, parent_id=parent, updated_at=now) for pk, parent in wanted.items()
               if pk in stored and stored[pk] != parent]
    if not dry_run:
        Unit.objects.bulk_update(changed, ["parent", "updated_at"], batch_size=BATCH_SIZE)
    return len(changed)
def _ensure_named(model: type[Unit] | type[Position], catalog: _Catalog, *,
                  dry_run: bool, defaults: Any) -> tuple[dict[str, int], int]:
    """pk by lower name for every name in the catalog, creating the missing ones."""
    ids: dict[str, int] = {}
    wanted = list(catalog.names)
    for chunk in _chunks(wanted):
        for pk, name in model.objects.annotate(lname=Lower("name")).filter(
                lname__in=chunk).values_list("pk", "lname"):
            ids[name] = pk
    missing = [k for k in wanted if k not in ids]
    if missing and not dry_run:
        for chunk in _chunks(missing):
            model.objects.bulk_create([model(name=catalog.names[k], **defaults(k))
                                       for k in chunk])
        for chunk in _chunks(missing):
            for pk, name in model.objects.annotate(lname=Lower("name")).filter(
                    lname__in=chunk).values_list("pk", "lname"):
                ids[name] = pk
    return ids, len(missing)


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
    errors = _Errors(result)
    units, positions = _Catalog(), _Catalog()
    try:
        rows = _validate_rows(_read(file), result=result, errors=errors, units=units,
                              positions=positions, progress=progress)
    except EmployeeImportError as exc:
        # About the whole file (too big, too many rows, not a table): shown first,
        # even when the row errors before it filled the list.
        result.error_count += 1
        result.errors.insert(0, RowError(1, "", str(exc)))
        return result
    if not result.ok:
        return result
    existing, users = _check_references(rows, errors=errors)
    _check_unit_tree(units, errors=errors)
    if not result.ok:
        return result

    with transaction.atomic():
        if on_write_start is not None:
            on_write_start()
        unit_ids, result.units_created = _ensure_named(
            Unit, units, dry_run=dry_run, defaults=lambda key: {})
        result.units_moved = _units_set_parents(units, unit_ids, dry_run=dry_run)

        def position_defaults(key: str) -> dict[str, str]:
            if key in positions.kinds:
                kind, level, _row = positions.kinds[key]
            else:
                kind, level = position_kind_infer(positions.names[key])
            return {"kind": kind, "level": level}

        position_ids, result.positions_created = _ensure_named(
            Position, positions, dry_run=dry_run, defaults=position_defaults)
        if not dry_run:
            _positions_update_kinds(positions, position_ids)

        _write_employees(rows, existing=existing, users=users, unit_ids=unit_ids,
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


def _positions_update_kinds(positions: _Catalog, position_ids: dict[str, int]) -> None:
    """An explicit jenis_jabatan in the file wins over what is stored."""
    if not positions.kinds:
        return
    keys = list(positions.kinds)
    changed = []
    for chunk in _chunks(keys):
        for position in Position.objects.filter(pk__in=[position_ids[k] for k in chunk]):
            key = " ".join(position.name.split()).lower()
            kind, level, _row = positions.kinds.get(key, (position.kind, position.level, 0))
            if (position.kind, position.level) != (kind, level):
                position.kind, position.level = kind, level
                position.updated_at = timezone.now()
                changed.append(position)
    Position.objects.bulk_update(changed, ["kind", "level", "updated_at"],
                                 batch_size=BATCH_SIZE)


def _write_employees(rows: list[_Row], *, existing: dict, users: dict, unit_ids: dict,
                     position_ids: dict, result: ImportResult, dry_run: bool) -> None:
    now = timezone.now()
    # 1. Logins for new employees (username = NIP; they set a password via "forgot
    #    password"). make_password(None) is an unusable password and costs no hashing.
    new_users = [r for r in rows if r.nip not in users and not
                 (r.nip in existing and existing[r.nip][9])]
    if not dry_run:
        for chunk in _chunks(new_users):
            User.objects.bulk_create([
                User(username=r.nip, email=r.email, password=make_password(None),
                     date_joined=now) for r in chunk])
        for chunk in _chunks([r.nip for r in new_users]):
            for pk, username, email in User.objects.filter(username__in=chunk).values_list(
                    "pk", "username", "email"):
                users[username] = (pk, email)
        user_email_fix = [
            User(pk=users[r.nip][0], email=r.email) for r in rows
            if r.nip in users and r.email and users[r.nip][1] != r.email
        ]
        User.objects.bulk_update(user_email_fix, ["email"], batch_size=BATCH_SIZE)

    # 2. Employees. Classify every row against what is stored.
    pk_by_nip: dict[str, int] = {nip: values[0] for nip, values in existing.items()}
    file_nips = {r.nip for r in rows}
    outside = {r.supervisor_nip for r in rows if r.supervisor_nip} - file_nips - pk_by_nip.keys()
    for chunk in _chunks(sorted(outside)):
        pk_by_nip.update(Employee.objects.filter(nip__in=chunk).values_list("nip", "pk"))
    new_rows: list[_Row] = []
    changed_rows: list[_Row] = []
    for r in rows:
        old = existing.get(r.nip)
        if old is None:
            new_rows.append(r)
            continue
        if r.contract_start is None and r.employment_type == EmploymentType.PPPK:
            r = r._replace(contract_start=old[11])  # not given: keep what is stored
        if not r.birth_place:
            r = r._replace(birth_place=old[12])  # not given: keep what is stored
        wanted = (r.name, r.employment_type, r.rank_id, position_ids.get(r.position_key),
                  unit_ids.get(r.unit_key), r.supervisor_nip or None, r.email, True,
                  r.contract_start, r.birth_place)
        if (old[2], old[3], old[4], old[5], old[6], old[7], old[8], old[10],
                old[11], old[12]) == wanted:
            result.unchanged += 1
        else:
            changed_rows.append(r)
    result.created, result.updated = len(new_rows), len(changed_rows)
    if dry_run:
        return

    # New employees are inserted level by level down the hierarchy, so each one's
    # supervisor already has a primary key (a supervisor may come later in the
    # file). Pure bulk_create: no UPDATE pass over new rows.
    pending = new_rows
    while pending:
        ready = [r for r in pending if not r.supervisor_nip or r.supervisor_nip in pk_by_nip]
        if not ready:  # cannot happen: cycles are refused in the second pass
            raise RuntimeError("supervisor cycle among new employees")
        for chunk in _chunks(ready):
            created = Employee.objects.bulk_create([
                Employee(nip=r.nip, name=r.name, employment_type=r.employment_type,
                         rank_id=r.rank_id, position_id=position_ids[r.position_key],
                         unit_id=unit_ids[r.unit_key], email=r.email,
                         contract_start=r.contract_start, birth_place=r.birth_place,
                         user_id=users[r.nip][0],
                         supervisor_id=pk_by_nip.get(r.supervisor_nip))
                for r in chunk])
            if all(e.pk for e in created):  # PostgreSQL and SQLite >= 3.35 return ids
                pk_by_nip.update((e.nip, e.pk) for e in created)
            else:
                pk_by_nip.update(Employee.objects.filter(
                    nip__in=[r.nip for r in chunk]).values_list("nip", "pk"))
        pending = [r for r in pending if r.nip not in pk_by_nip]

    result.changed_ids = [pk_by_nip[r.nip] for r in new_rows] + [
        pk_by_nip[r.nip] for r in changed_rows]
    for chunk in _chunks(changed_rows):
        _employees_update(
            [(pk_by_nip[r.nip], r.name, r.employment_type, r.rank_id,
              position_ids[r.position_key], unit_ids[r.unit_key],
              pk_by_nip.get(r.supervisor_nip) if r.supervisor_nip else None, r.email,
              r.contract_start.isoformat() if r.contract_start else None, r.birth_place)
             for r in chunk], now=now)

    # Existing employees without a login get one (linked by NIP).
    link = [Employee(pk=values[0], user_id=users[nip][0]) for nip, values in existing.items()
            if not values[9] and nip in users]
    Employee.objects.bulk_update(link, ["user_id"], batch_size=BATCH_SIZE)


def _employees_update(values: list[tuple], *, now: Any) -> None:
    """One UPDATE ... FROM (VALUES ...) per batch (PostgreSQL and SQLite >= 3.33).

    Django's bulk_update builds a CASE WHEN per row and field, which cost ~10 ms per
    row in the benchmark; this statement costs the database's time only."""
    if not values:
        return
    table = connection.ops.quote_name(Employee._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(now)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(values))
    # SQLite stores dates as ISO text (its CAST AS date would make a number of it).
    contract = "CAST(v.column9 AS date)" if connection.vendor == "postgresql" else "v.column9"
    params = [item for row in values for item in row]
    sql = (
        f"UPDATE {table} SET name = v.column2, employment_type = v.column3, "
        "rank_id = CAST(v.column4 AS bigint), position_id = CAST(v.column5 AS bigint), "
        "unit_id = CAST(v.column6 AS bigint), supervisor_id = CAST(v.column7 AS bigint), "
        f"email = v.column8, contract_start = {contract}, birth_place = v.column10, "
        "is_active = %s, updated_at = %s "
        f"FROM (VALUES {placeholders}) AS v "
        f"WHERE {table}.id = CAST(v.column1 AS bigint)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, stamp, *params])
