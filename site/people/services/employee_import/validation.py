"""The first pass: every row checked on its own and against the rows before it, kept
as a compact Row when valid."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from people.models import EmploymentType, Rank
from people.nip import nip_normalize, nip_validate
from people.services.employee_import.positions import KIND_VALUES
from people.services.employee_import.reading import Numeric, header_key
from people.services.employee_import.results import ImportResult
from people.services.employee_import.rows import Catalog, Errors, Row

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


def _golongan_normalize(raw: str, employment_type: str) -> str:
    raw = raw.strip()
    if employment_type == EmploymentType.PNS:
        match = _PNS_GOLONGAN.match(raw.upper().replace(" ", "") if raw else "")
        return f"{match.group(1)}/{match.group(2).lower()}" if match else raw
    if raw.isdigit() and 1 <= int(raw) <= len(_ROMAN):
        return _ROMAN[int(raw) - 1]
    return raw.upper()


def _nip_clean(raw: str, *, errors: Errors, row: int, column: str) -> str | None:
    """The normalized NIP text, or None after reporting why it is unusable."""
    if isinstance(raw, Numeric) or _SCIENTIFIC.match(raw):
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


def rows_validate(
    rows: Iterable[tuple[int, list[Any]]], *, result: ImportResult, errors: Errors,
    units: Catalog, positions: Catalog, progress: Callable[[int], None] | None = None,
) -> list[Row]:
    iterator = iter(rows)
    try:
        _number, header = next(iterator)
    except StopIteration:
        errors.add(1, "", _("The file is empty."))
        return []
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = header_key(value)
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
    out: list[Row] = []

    def cell(values: list[Any], column: str) -> Any:
        index = columns.get(column)
        if index is None or index >= len(values):
            return ""
        value = values[index]
        return value if isinstance(value, Numeric) else str(value or "").strip()

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
            kind = KIND_VALUES.get(" ".join(re.split(r"[\s_\-]+", kind_raw.lower())).strip())
            if kind is None:
                fail("jenis_jabatan", _("\"%(value)s\" is not a known position kind "
                                        "(e.g. JPT Pratama, Administrator, Pengawas, "
                                        "Pelaksana, Ahli Muda, Terampil).")
                     % {"value": kind_raw})
            else:
                earlier_kind = positions.kinds.get(position_key)
                if earlier_kind and earlier_kind[:2] != kind:
                    fail("jenis_jabatan", _("Row %(row)d gives this position another kind.")
                         % {"row": earlier_kind[2]})
                elif not earlier_kind:
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
            out.append(Row(number, nip or "", name, etype, rank_id or 0, unit_key,
                            position_key, supervisor_nip, email, contract_start,
                            birth_place))
    return out
