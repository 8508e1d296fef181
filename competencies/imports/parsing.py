"""Cell parsers for the result imports: they accept values as Indonesian agencies
write them and raise CellError (a message for the user) for anything else.

Every parser takes the raw cell (str from CSV; str, int, float, date or datetime from
XLSX) and returns a compact Python value.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from competencies.models import AssessmentSource, Predicate, Rating


class CellError(Exception):
    """A cell's value is not acceptable; str(exc) is the message for the user."""


def header_key(header: Any) -> str:
    """'Rating Hasil Kerja ' → 'rating_hasil_kerja' (case, spaces, dashes forgiven)."""
    text = str(header or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _words(value: Any) -> str:
    """Lower-case, punctuation → spaces, spaces collapsed: ' Di-Atas  Ekspektasi' →
    'di atas ekspektasi'."""
    text = str(value or "").strip().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- NIP ---------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\d+$")


def nip_cell_parse(value: Any) -> str:
    """An 18-digit NIP from a cell. Spaces (and dots or dashes between groups) and a
    leading apostrophe (Excel's "text" marker) are removed. A number — a numeric XLSX
    cell, or scientific notation such as 1,98501E+17 — is refused, never guessed:
    spreadsheets keep 15 significant digits, so the last digits are already lost."""
    if isinstance(value, bool) or isinstance(value, int | float | Decimal):
        raise CellError(
            _(
                "The NIP is stored as a number, not as text, so the spreadsheet may "
                "have changed its last digits. Format the NIP column as Text, type the "
                "NIP again and re-upload."
            )
        )
    text = str(value or "").strip().lstrip("'").strip()
    if not text:
        raise CellError(_("The NIP is empty."))
    if _SCIENTIFIC.match(text):
        raise CellError(
            _(
                "The NIP “%(value)s” is in scientific notation: the spreadsheet turned it "
                "into a number and lost its last digits. Format the NIP column as Text, "
                "type the NIPs again and re-upload."
            )
            % {"value": text}
        )
    nip = re.sub(r"[\s.\-]", "", text)
    if not nip.isdigit():
        raise CellError(_("The NIP “%(value)s” may contain digits only.") % {"value": text})
    if len(nip) != 18:
        raise CellError(
            _("The NIP must have 18 digits; “%(value)s” has %(count)d.")
            % {"value": text, "count": len(nip)}
        )
    return nip


# --- Ratings and predicate -----------------------------------------------------------

_RATING_WORDS = {
    "di atas": Rating.ABOVE,
    "diatas": Rating.ABOVE,
    "atas": Rating.ABOVE,
    "above": Rating.ABOVE,
    "sesuai": Rating.MEETS,
    "meets": Rating.MEETS,
    "di bawah": Rating.BELOW,
    "dibawah": Rating.BELOW,
    "bawah": Rating.BELOW,
    "below": Rating.BELOW,
}


def rating_parse(value: Any) -> str:
    """'Di Atas Ekspektasi', 'di atas', 'SESUAI', 'dibawah ekspektasi' → a Rating."""
    words = _words(value)
    words = re.sub(r"\s*\b(ekspektasi|expectations?)$", "", words).strip()
    if not words:
        raise CellError(_("The rating is empty."))
    rating = _RATING_WORDS.get(words)
    if rating is None:
        raise CellError(
            _(
                "“%(value)s” is not a rating: write “di atas ekspektasi”, “sesuai "
                "ekspektasi” or “di bawah ekspektasi”."
            )
            % {"value": value}
        )
    return rating.value


_PREDICATE_WORDS = {
    "sangat baik": Predicate.SANGAT_BAIK,
    "baik": Predicate.BAIK,
    "butuh perbaikan": Predicate.BUTUH_PERBAIKAN,
    "perlu perbaikan": Predicate.BUTUH_PERBAIKAN,
    "kurang": Predicate.KURANG,
    "misconduct": Predicate.KURANG,
    "kurang misconduct": Predicate.KURANG,
    "sangat kurang": Predicate.SANGAT_KURANG,
}


def predicate_parse(value: Any) -> str:
    """'Sangat Baik', 'BUTUH PERBAIKAN', 'Kurang/Misconduct' → a Predicate."""
    words = _words(value)
    predicate = _PREDICATE_WORDS.get(words) or _PREDICATE_WORDS.get(words.replace("_", " "))
    if predicate is None:
        raise CellError(
            _(
                "“%(value)s” is not a predicate: write Sangat Baik, Baik, Butuh "
                "Perbaikan, Kurang/Misconduct or Sangat Kurang."
            )
            % {"value": value}
        )
    return predicate.value


# --- Assessment cells --------------------------------------------------------------

_LEVEL = re.compile(r"^\d+(?:\.\d)?$")


def level_parse(value: Any) -> Decimal:
    """A level 1–5 with at most one decimal ("3", "3.5", "3,5", or a number cell)."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a level.") % {"value": value})
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)
        if text.endswith(".0"):
            text = text[:-2]
    else:
        text = str(value or "").strip().replace(",", ".")
    if not text:
        raise CellError(_("The level is empty."))
    if not _LEVEL.match(text):
        try:
            Decimal(text)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
        raise CellError(
            _("The level “%(value)s” may have at most one decimal (e.g. 3,5).")
            % {"value": value}
        )
    level = Decimal(text)
    if not Decimal(1) <= level <= Decimal(5):
        raise CellError(
            _("The level must be between 1 and 5; it is %(value)s.") % {"value": value}
        )
    return level


_SOURCE_WORDS = {
    "assessment center": AssessmentSource.ASSESSMENT_CENTER,
    "assessment centre": AssessmentSource.ASSESSMENT_CENTER,
    "ac": AssessmentSource.ASSESSMENT_CENTER,
    "atasan": AssessmentSource.SUPERVISOR,
    "atasan langsung": AssessmentSource.SUPERVISOR,
    "supervisor": AssessmentSource.SUPERVISOR,
    "rekan kerja": AssessmentSource.PEER,
    "rekan": AssessmentSource.PEER,
    "rekan sejawat": AssessmentSource.PEER,
    "peer": AssessmentSource.PEER,
    "diri sendiri": AssessmentSource.SELF,
    "self": AssessmentSource.SELF,
    "mentor": AssessmentSource.MENTOR,
}


def source_parse(value: Any) -> str:
    """'Assessment Centre', 'AC', 'Atasan Langsung', 'rekan', 'diri sendiri' → a source."""
    words = _words(value)
    source = _SOURCE_WORDS.get(words) or _SOURCE_WORDS.get(words.replace("_", " "))
    if source is None and words.upper().replace(" ", "_") in AssessmentSource.values:
        source = AssessmentSource(words.upper().replace(" ", "_"))
    if source is None:
        raise CellError(
            _(
                "“%(value)s” is not an assessment source: write assessment center, "
                "atasan, rekan kerja, diri sendiri or mentor."
            )
            % {"value": value}
        )
    return source.value


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def date_parse(value: Any, *, today: dt.date) -> dt.date:
    """YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or a date cell; not in the future."""
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    else:
        text = str(value or "").strip()
        if not text:
            raise CellError(_("The date is empty."))
        for fmt in _DATE_FORMATS:
            try:
                date = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date)
                break
            except ValueError:
                continue
        else:
            raise CellError(
                _("“%(value)s” is not a date: write YYYY-MM-DD or DD/MM/YYYY.")
                % {"value": text}
            )
    if date > today:
        raise CellError(
            _("The date %(date)s is in the future.") % {"date": date.strftime("%d/%m/%Y")}
        )
    return date


def period_cell_text(value: Any) -> str:
    """A period cell as text: an XLSX number 2026 or 2026.0 becomes "2026"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value if value is not None else "").strip()
