"""Position kinds: the `jenis_jabatan` values a file may give, and the kind and level
inferred from a position's name when it gives none (docs/foundation.md "Position kind")."""
from __future__ import annotations

import re

from people.models import PositionKind, PositionLevel

K, L = PositionKind, PositionLevel
# jenis_jabatan values (lower case, underscores/dashes read as spaces).
KIND_VALUES: dict[str, tuple[str, str]] = {
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
    KIND_VALUES[_name] = (K.FUNGSIONAL, _level)
    KIND_VALUES[f"fungsional {_name}"] = (K.FUNGSIONAL, _level)
    KIND_VALUES[f"jf {_name}"] = (K.FUNGSIONAL, _level)

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

