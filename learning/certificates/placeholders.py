"""The placeholders HR may put in a certificate layout, and how they are filled.

HR's layout is never passed to Django's template engine: `{{ name }}`-style
placeholders are substituted here, every value HTML-escaped, so a name such as
`<script>` prints as text and a template tag in HR's input is just text. Only the
documented placeholders below are filled (the admin form refuses others).

An element with `data-if="nip"` is left out when that placeholder is empty (and one
with `data-unless="tte"` when it is not), so a certificate never prints a label
such as "NIP" or "Tempat, tanggal lahir" with nothing after it.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# name -> what it holds (shown to HR in the admin and in docs/certificates.md).
PLACEHOLDERS: dict[str, str] = {
    "name": _("the person's name"),
    "nip": _("NIP, grouped as 19850101 201001 1 001"),
    "birth_place": _("place of birth (empty when unknown)"),
    "birth_date": _("date of birth, e.g. 20 Mei 1994 (from a PNS NIP)"),
    "birth_place_date": _("place and date of birth, e.g. Sukamaju, 20 Mei 1994"),
    "pangkat": _("pangkat, e.g. Penata Muda"),
    "golongan": _("golongan, e.g. III/a"),
    "pangkat_golongan": _("pangkat and golongan, e.g. Penata Muda (III/a)"),
    "position": _("position (jabatan)"),
    "unit": _("unit (unit kerja)"),
    "title": _("the workshop or program"),
    "start_date": _("first day, e.g. 1 Desember 2026"),
    "end_date": _("last day"),
    "dates": _("the days, e.g. 1–3 Desember 2026"),
    "place": _("where it took place"),
    "jp": _("JP (lesson hours), e.g. 8 or 2,5"),
    "number": _("certificate number"),
    "issue_place": _("place of issue"),
    "issue_date": _("date of issue"),
    "valid_until": _("expiry date (empty without expiry)"),
    "signatory_name": _("signatory's name"),
    "signatory_title": _("signatory's title"),
    "signatory_nip": _("signatory's NIP, grouped"),
    "verify_url": _("the verification address"),
    "government": _("the government, e.g. PEMERINTAH KABUPATEN SUKAMAJU (agency identity)"),
    "agency": _("the issuing agency, e.g. BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA "
                "MANUSIA (agency identity)"),
    "agency_address": _("the agency's address line (agency identity)"),
    "issue_place_date": _("place and date of issue, e.g. Sukamaju, 2 Desember 2026 (the "
                          "date alone without a place)"),
    "tte": _("\"ya\" when the certificate is signed with a BSrE electronic signature (TTE), "
             "otherwise empty: for data-if"),
    "qr": _("the QR code to the verification page (an image)"),
    "logo": _("the template's logo (an image)"),
}
# Filled with markup we make ourselves, not with escaped text.
MARKUP_PLACEHOLDERS = {"qr", "logo"}

PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")
# data-if="name" / data-unless="name" on an element: shown only when the placeholder
# has (has no) value; the fill adds the "hidden" attribute otherwise.
CONDITION_RE = re.compile(r'\sdata-(if|unless)="([a-zA-Z_][a-zA-Z0-9_]*)"')
TOKEN_RE = re.compile(PLACEHOLDER_RE.pattern + "|" + CONDITION_RE.pattern)
NUMBER_FIELDS_RE = re.compile(r"\{([a-z]+)\}")
NUMBER_FIELDS = {"seq", "code", "year", "month"}


def placeholders_unknown(layout: str) -> list[str]:
    """Names used in `layout` that are not documented placeholders."""
    names = {m.group(1) for m in PLACEHOLDER_RE.finditer(layout)}
    names |= {m.group(2) for m in CONDITION_RE.finditer(layout)}
    return sorted(names - PLACEHOLDERS.keys())


@dataclass(frozen=True)
class CompiledLayout:
    """A layout split once into literal text and placeholder names, so filling it
    per certificate is a join (compiled once per template version)."""

    # literal, name, literal, name, ..., literal; a condition's name is "?nip"
    # (data-if) or "!tte" (data-unless).
    parts: tuple[str, ...]

    def fill(self, values: dict[str, str], markup: dict[str, str]) -> str:
        out = []
        for i, part in enumerate(self.parts):
            if i % 2 == 0:
                out.append(part)
            elif part[0] in "?!":
                name = part[1:]
                value = markup.get(name) if name in MARKUP_PLACEHOLDERS else values.get(name)
                shown = bool(str(value or "").strip()) == (part[0] == "?")
                out.append(f' data-{"if" if part[0] == "?" else "unless"}="{name}"'
                           + ("" if shown else " hidden"))
            elif part in MARKUP_PLACEHOLDERS:
                out.append(markup.get(part, ""))
            elif part in PLACEHOLDERS:
                out.append(html.escape(str(values.get(part, "")), quote=True))
            # Undocumented names render as nothing.
        return "".join(out)


def layout_compile(layout: str) -> CompiledLayout:
    parts: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(layout):
        parts.append(layout[position:match.start()])
        name, condition, condition_name = match.groups()
        parts.append(name or ("?" if condition == "if" else "!") + condition_name)
        position = match.end()
    parts.append(layout[position:])
    return CompiledLayout(parts=tuple(parts))


def number_pattern_validate(pattern: str) -> None:
    fields = set(NUMBER_FIELDS_RE.findall(pattern))
    if "seq" not in fields:
        raise ValidationError(_("The number pattern must contain {seq}."))
    unknown = fields - NUMBER_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown fields in the number pattern: %(names)s.")
            % {"names": ", ".join("{" + n + "}" for n in sorted(unknown))}
        )


def number_series(*, pattern: str, code: str, year: int, month: int) -> str:
    """The pattern with everything but {seq} filled: the counter's key."""
    return (pattern.replace("{code}", code).replace("{year}", str(year))
            .replace("{month}", ROMAN_MONTHS[month - 1]))


def number_format(*, series: str, seq: int, digits: int) -> str:
    return series.replace("{seq}", str(seq).zfill(digits))


# --- Formatting in Indonesian --------------------------------------------------------


def date_id(day: dt.date | None) -> str:
    """3 Desember 2026."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def place_date_id(place: str, day_text: str) -> str:
    """"Sukamaju, 2 Desember 2026"; only what is known (never ", 2 Desember 2026")."""
    return ", ".join(p for p in (place, day_text) if p)


def date_range_id(start: dt.date, end: dt.date) -> str:
    """1–3 Desember 2026; 28 November – 2 Desember 2026; one day as one date."""
    if start == end:
        return date_id(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS_ID[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS_ID[start.month - 1]} – {date_id(end)}"
    return f"{date_id(start)} – {date_id(end)}"


def nip_grouped(nip: str) -> str:
    """19850101 201001 1 001 for an 18-digit NIP (PPPK numbers are grouped the same
    way on documents); anything else as given."""
    if len(nip) == 18 and nip.isdigit():
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def jp_id(jp: Decimal | int | float | str) -> str:
    """8 for 8.0, 2,5 for 2.5 (Indonesian decimal comma)."""
    value = Decimal(str(jp)).normalize()
    text = format(value, "f")
    return text.replace(".", ",")
