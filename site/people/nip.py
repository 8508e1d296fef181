"""NIP (Nomor Induk Pegawai) parsing and validation.

A PNS NIP has 18 digits (Perka BKN 22/2007): YYYYMMDD birth date, YYYYMM TMT CPNS,
one gender digit (1 male, 2 female) and a 3-digit sequence. A PPPK number is also 18
digits but with its own, partly unconfirmed, layout: it is checked for length only.
See ../shared/domain.md §6.1.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NIP_LENGTH = 18
# Adults only: a CPNS start less than 18 years after birth is a typing error in practice.
MIN_AGE_AT_APPOINTMENT = 18


@dataclass(frozen=True)
class PnsNip:
    birth_date: dt.date
    appointment_year: int
    appointment_month: int
    gender: str  # "L" or "P"
    sequence: int


def nip_normalize(raw: str | int | None) -> str:
    """Strip the spaces (and dots or dashes) people type between NIP groups."""
    if raw is None:
        return ""
    return re.sub(r"[\s.\-]", "", str(raw))


def nip_check_format(nip: str) -> None:
    """Raise ValidationError unless `nip` is 18 digits (any employment type)."""
    if not re.fullmatch(r"\d+", nip or ""):
        raise ValidationError(_("The NIP may contain digits only."), code="nip_digits")
    if len(nip) != NIP_LENGTH:
        raise ValidationError(
            _("The NIP must have %(n)d digits; this one has %(got)d.")
            % {"n": NIP_LENGTH, "got": len(nip)},
            code="nip_length",
        )


def pns_nip_parse(nip: str) -> PnsNip:
    """Parse a normalized PNS NIP; raise ValidationError naming the faulty part."""
    nip_check_format(nip)
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("The first 8 digits of the NIP (%(part)s) are not a valid birth date.")
            % {"part": nip[0:8]},
            code="nip_birth_date",
        ) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 9-14 of the NIP (%(part)s) are not a valid CPNS start month.")
            % {"part": nip[8:14]},
            code="nip_tmt",
        )
    if (year, month) < (birth.year + MIN_AGE_AT_APPOINTMENT, birth.month):
        raise ValidationError(
            _("The CPNS start in the NIP (%(tmt)s) is less than 18 years after the birth date.")
            % {"tmt": f"{year:04d}-{month:02d}"},
            code="nip_tmt_age",
        )
    if nip[14] not in "12":
        raise ValidationError(
            _("Digit 15 of the NIP is the gender and must be 1 or 2, not %(d)s.")
            % {"d": nip[14]},
            code="nip_gender",
        )
    sequence = int(nip[15:18])
    if sequence == 0:
        raise ValidationError(
            _("The last 3 digits of the NIP are a sequence number starting at 001."),
            code="nip_sequence",
        )
    return PnsNip(birth, year, month, "L" if nip[14] == "1" else "P", sequence)


def nip_validate(nip: str, *, employment_type: str) -> None:
    """Validate a normalized NIP by the rules of its employment type."""
    from people.models import EmploymentType

    if employment_type == EmploymentType.PNS:
        pns_nip_parse(nip)
    else:
        nip_check_format(nip)
