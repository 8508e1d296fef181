"""Which columns each kind of import file has, and how a file's headers map to them."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from competencies.imports.parsing import header_key
from competencies.imports.report import ErrorList
from competencies.models import ImportKind

CORE_VALUE_CODES = (
    "berorientasi_pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif",
    "kolaboratif",
)

REQUIRED = {
    ImportKind.APPRAISAL: ("nip", "periode", "rating_hasil_kerja", "rating_perilaku_kerja"),
    ImportKind.ASSESSMENT: ("nip", "kompetensi", "level", "sumber", "tanggal"),
    ImportKind.STANDARD: ("jabatan", "kompetensi", "level_standar"),
    ImportKind.DICTIONARY: ("kode", "nama", "jenis"),
}
OPTIONAL = {
    ImportKind.APPRAISAL: ("predikat", *CORE_VALUE_CODES),
    ImportKind.ASSESSMENT: (),
    ImportKind.STANDARD: (),
    ImportKind.DICTIONARY: (
        "definisi", "aktif",
        *(f"level_{n}" for n in range(1, 6)),
        *(f"indikator_level_{n}" for n in range(1, 6)),
    ),
}
# Other spellings seen in agency exports.
ALIASES = {
    "nip_baru": "nip",
    "nip_pegawai": "nip",
    "period": "periode",
    "hasil_kerja": "rating_hasil_kerja",
    "perilaku_kerja": "rating_perilaku_kerja",
    "predikat_kinerja": "predikat",
    "kode_kompetensi": "kompetensi",
    "tanggal_penilaian": "tanggal",
    "tanggal_asesmen": "tanggal",
    "sumber_penilaian": "sumber",
    "level_dibutuhkan": "level_standar",
    "nama_jabatan": "jabatan",
    "nama_kompetensi": "nama",
    "jenis_kompetensi": "jenis",
}


@dataclass(frozen=True)
class ColumnMap:
    """Canonical column name → (index in the row, header as the user wrote it)."""

    kind: str
    index: dict[str, int]
    label: dict[str, str]

    def has(self, name: str) -> bool:
        return name in self.index


def column_map_detect(*, headers: list[str], errors: ErrorList) -> ColumnMap | None:
    """Tell the kind of file from its headers and map them; add row-1 errors and
    return None when the file is none of the known kinds or misses columns."""
    keys = [ALIASES.get(header_key(h), header_key(h)) for h in headers]
    present = set(keys)
    if "rating_hasil_kerja" in present or "rating_perilaku_kerja" in present or (
        "periode" in present
    ):
        kind = ImportKind.APPRAISAL
    elif "nip" in present and ("sumber" in present or "kompetensi" in present):
        kind = ImportKind.ASSESSMENT
    elif "jabatan" in present:
        kind = ImportKind.STANDARD
    elif "kode" in present and "jenis" in present:
        kind = ImportKind.DICTIONARY
    else:
        errors.add(
            1,
            "",
            _(
                "The headers do not match any import. Appraisals need: %(appraisal)s. "
                "Assessments need: %(assessment)s. Job standards need: %(standard)s. "
                "The dictionary needs: %(dictionary)s."
            )
            % {
                "appraisal": ", ".join(REQUIRED[ImportKind.APPRAISAL]),
                "assessment": ", ".join(REQUIRED[ImportKind.ASSESSMENT]),
                "standard": ", ".join(REQUIRED[ImportKind.STANDARD]),
                "dictionary": ", ".join(REQUIRED[ImportKind.DICTIONARY]),
            },
        )
        return None
    known = set(REQUIRED[kind]) | set(OPTIONAL[kind])
    index: dict[str, int] = {}
    label: dict[str, str] = {}
    for position, (key, header) in enumerate(zip(keys, headers, strict=True)):
        if key not in known:
            continue  # extra columns (names, units…) are common in exports: ignored
        if key in index:
            errors.add(
                1, header, _("The column “%(column)s” appears twice.") % {"column": header}
            )
            continue
        index[key] = position
        label[key] = header.strip() or key
    for name in REQUIRED[kind]:
        if name not in index:
            errors.add(
                1, name, _("The required column “%(column)s” is missing.") % {"column": name}
            )
    if errors:
        return None
    return ColumnMap(kind=kind, index=index, label=label)
