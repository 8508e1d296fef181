"""Demo organization: "Pemerintah Kabupaten Sukamaju", a fictional regency.

~12 OPD (perangkat daerah) as a unit tree (OPD → bagian/bidang → subbagian/seksi),
positions of every kind and level, 300+ employees with valid NIPs, realistic
Indonesian names, golongan that fit the position, some PPPK, and a supervisor
hierarchy (head of OPD → kepala bidang → kepala seksi → staff).

Everything is generated from `random.Random(42)`, so every run produces the same
people. Idempotent: a second run finds every row as it should be and writes nothing
(rows are compared field by field before saving, so `updated_at` does not move).

Other apps may rely on the exported constants only: `DEMO_PASSWORD`, `DEMO_LOGINS`,
`DEMO_NIPS` (role → NIP) and `REGENCY_NAME`.
"""
from __future__ import annotations

import datetime as dt
import random
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from people.models import (
    Employee,
    Position,
    PositionKind,
    PositionLevel,
    Rank,
    Unit,
    User,
)
from people.roles import HR_GROUP, MENTOR_GROUP

REGENCY_NAME = "Pemerintah Kabupaten Sukamaju"
EMAIL_DOMAIN = "sukamajukab.go.id"
DEMO_PASSWORD = "bangkom2026"  # noqa: S105 - a published demo password, shown in the README

K, L = PositionKind, PositionLevel

# The fixed demo people. NIPs are valid PNS NIPs (birth date, TMT, gender, sequence).
DEMO_NIPS = {
    "hr": "198703152010012003",
    "supervisor": "197806122003121002",
    "employee": "199405202019032004",
    "mentor": "197510082000031001",
    "pppk": "199608172022012001",  # NI PPPK: length-checked only
}

# Places of birth printed on certificates: the demo logins' own, the others' from a
# short list of towns of the province (every fourth person's is left unknown, as in
# real imports, so certificates also show "Tempat, tanggal lahir" with the date only).
DEMO_BIRTH_PLACES = {
    DEMO_NIPS["hr"]: "Bandung",
    DEMO_NIPS["supervisor"]: "Garut",
    DEMO_NIPS["employee"]: "Sukamaju",
    DEMO_NIPS["mentor"]: "Yogyakarta",
    DEMO_NIPS["pppk"]: "Sukamaju",
}
_BIRTH_TOWNS = ("Sukamaju", "Bandung", "Tasikmalaya", "", "Cirebon", "Garut", "Sumedang", "")


def demo_birth_place(nip: str) -> str:
    if nip in DEMO_BIRTH_PLACES:
        return DEMO_BIRTH_PLACES[nip]
    return _BIRTH_TOWNS[zlib.crc32(nip.encode()) % len(_BIRTH_TOWNS)]


DEMO_LOGINS: list[dict[str, str]] = [
    {"role": "hr", "username": DEMO_NIPS["hr"], "email": f"rina.marlina@{EMAIL_DOMAIN}",
     "password": DEMO_PASSWORD, "name": "Rina Marlina, S.Psi."},
    {"role": "supervisor", "username": DEMO_NIPS["supervisor"],
     "email": f"bambang.setiawan@{EMAIL_DOMAIN}", "password": DEMO_PASSWORD,
     "name": "Ir. Bambang Setiawan, M.T."},
    {"role": "employee", "username": DEMO_NIPS["employee"],
     "email": f"dewi.lestari@{EMAIL_DOMAIN}", "password": DEMO_PASSWORD,
     "name": "Dewi Lestari"},
    {"role": "mentor", "username": DEMO_NIPS["mentor"],
     "email": f"hendra.gunawan@{EMAIL_DOMAIN}", "password": DEMO_PASSWORD,
     "name": "Dr. Hendra Gunawan, M.Kom."},
    {"role": "pppk", "username": DEMO_NIPS["pppk"], "email": f"nur.aini@{EMAIL_DOMAIN}",
     "password": DEMO_PASSWORD, "name": "Nur Aini, S.Pd."},
    {"role": "admin", "username": "admin", "email": f"admin@{EMAIL_DOMAIN}",
     "password": DEMO_PASSWORD, "name": "Administrator"},
]
_LOGIN_BY_ROLE = {login["role"]: login for login in DEMO_LOGINS}

# --- Organization ----------------------------------------------------------------------
# (unit name, head position, head kind, head level, children, staff positions)
# Staff positions are names of STAFF_POSITIONS; children have the same shape.
OrgNode = tuple[str, str, str, str, list, list[str]]

_ADMIN_STAFF = ["Pengadministrasi Perkantoran", "Pengolah Data dan Informasi",
                "Penata Layanan Operasional"]


def _seksi(name: str, staff: list[str]) -> OrgNode:
    head = name.replace("Seksi ", "Kepala Seksi ", 1).replace("Subbagian ", "Kepala Subbagian ", 1)
    return (name, head, K.PENGAWAS, "", [], staff)


def _sekretariat(opd: str) -> OrgNode:
    return (
        f"Sekretariat {opd}", f"Sekretaris {opd}", K.ADMINISTRATOR, "",
        [_seksi(f"Subbagian Umum dan Kepegawaian {opd}", _ADMIN_STAFF + ["Arsiparis Terampil"]),
         _seksi(f"Subbagian Keuangan {opd}", ["Pengelola Keuangan", "Penata Keuangan"])],
        [],
    )


def _bidang(name: str, seksi: list[OrgNode], staff: list[str] | None = None) -> OrgNode:
    return (name, name.replace("Bidang ", "Kepala Bidang ", 1), K.ADMINISTRATOR, "", seksi,
            staff or [])


ORGANIZATION: list[OrgNode] = [
    ("Sekretariat Daerah", "Sekretaris Daerah", K.JPT, L.JPT_PRATAMA, [
        ("Bagian Pemerintahan", "Kepala Bagian Pemerintahan", K.ADMINISTRATOR, "", [
            _seksi("Subbagian Administrasi Pemerintahan", _ADMIN_STAFF),
            _seksi("Subbagian Otonomi Daerah", ["Analis Kebijakan Ahli Pertama"] + _ADMIN_STAFF),
        ], []),
        ("Bagian Hukum", "Kepala Bagian Hukum", K.ADMINISTRATOR, "", [
            _seksi("Subbagian Perundang-undangan", [
                "Perancang Peraturan Perundang-undangan Ahli Pertama", "Analis Hukum Ahli Pertama",
                "Pengadministrasi Perkantoran"]),
        ], ["Perancang Peraturan Perundang-undangan Ahli Muda"]),
        ("Bagian Organisasi", "Kepala Bagian Organisasi", K.ADMINISTRATOR, "", [
            _seksi("Subbagian Kelembagaan dan Analisis Jabatan", [
                "Analis Kebijakan Ahli Pertama", "Pengolah Data dan Informasi"]),
        ], ["Analis Kebijakan Ahli Muda"]),
        ("Bagian Umum", "Kepala Bagian Umum", K.ADMINISTRATOR, "", [
            _seksi("Subbagian Tata Usaha Pimpinan", _ADMIN_STAFF + ["Arsiparis Mahir"]),
            _seksi("Subbagian Rumah Tangga", ["Operator Layanan Operasional",
                                              "Pengadministrasi Perkantoran"]),
        ], []),
    ], ["Analis Kebijakan Ahli Madya", "Analis Kebijakan Ahli Utama"]),
    ("Inspektorat Daerah", "Inspektur Daerah", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Inspektorat"),
        ("Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah I", K.ADMINISTRATOR, "", [],
         ["Auditor Ahli Pertama", "Auditor Ahli Muda", "Pengawas Penyelenggaraan Urusan "
          "Pemerintahan Daerah Ahli Pertama", "Auditor Terampil"]),
        ("Inspektur Pembantu Wilayah II", "Inspektur Pembantu Wilayah II", K.ADMINISTRATOR, "", [],
         ["Auditor Ahli Pertama", "Auditor Ahli Muda", "Auditor Mahir"]),
    ], ["Auditor Ahli Madya"]),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
     "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("BKPSDM"),
        _bidang("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", [
            _seksi("Seksi Pengadaan dan Pemberhentian", [
                "Analis SDM Aparatur Ahli Pertama", "Pranata SDM Aparatur Terampil"]),
            _seksi("Seksi Data dan Informasi Kepegawaian", [
                "Pranata Komputer Ahli Pertama", "Pengolah Data dan Informasi"]),
        ]),
        _bidang("Bidang Mutasi dan Promosi", [
            _seksi("Seksi Mutasi Jabatan", ["Analis SDM Aparatur Ahli Pertama",
                                            "Pranata SDM Aparatur Mahir"]),
            _seksi("Seksi Kepangkatan", ["Pranata SDM Aparatur Penyelia",
                                         "Pengadministrasi Perkantoran"]),
        ]),
        _bidang("Bidang Pengembangan Kompetensi Aparatur", [
            _seksi("Seksi Pengembangan Kompetensi Manajerial", [
                "Analis SDM Aparatur Ahli Pertama", "Pengolah Data dan Informasi"]),
            _seksi("Seksi Pengembangan Kompetensi Teknis", [
                "Analis SDM Aparatur Ahli Pertama", "Pranata SDM Aparatur Terampil"]),
        ], ["Analis SDM Aparatur Ahli Muda"]),
    ], ["Analis SDM Aparatur Ahli Madya"]),
    ("Badan Perencanaan Pembangunan Daerah", "Kepala Badan Perencanaan Pembangunan Daerah",
     K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Bappeda"),
        _bidang("Bidang Perencanaan Pemerintahan dan Pembangunan Manusia", [],
                ["Perencana Ahli Pertama", "Perencana Ahli Muda", "Pengolah Data dan Informasi"]),
        _bidang("Bidang Perencanaan Infrastruktur dan Kewilayahan", [],
                ["Perencana Ahli Pertama", "Perencana Ahli Muda", "Penata Layanan Operasional"]),
        _bidang("Bidang Penelitian dan Pengembangan", [],
                ["Peneliti Ahli Pertama", "Perencana Ahli Pertama"]),
    ], ["Perencana Ahli Madya", "Perencana Ahli Utama"]),
    ("Dinas Pendidikan", "Kepala Dinas Pendidikan", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Dinas Pendidikan"),
        _bidang("Bidang Pembinaan Sekolah Dasar", [
            _seksi("Seksi Kurikulum Sekolah Dasar", ["Guru Ahli Pertama", "Guru Ahli Muda",
                                                     "Pengolah Data dan Informasi"]),
            _seksi("Seksi Kelembagaan Sekolah Dasar", ["Guru Ahli Pertama",
                                                       "Pengadministrasi Perkantoran"]),
        ], ["Pengawas Sekolah Ahli Madya"]),
        _bidang("Bidang Pembinaan Sekolah Menengah Pertama", [
            _seksi("Seksi Kurikulum Sekolah Menengah Pertama", ["Guru Ahli Pertama",
                                                                "Guru Ahli Muda"]),
            _seksi("Seksi Peserta Didik", ["Guru Ahli Pertama", "Pengolah Data dan Informasi"]),
        ]),
        _bidang("Bidang Guru dan Tenaga Kependidikan", [
            _seksi("Seksi Pendidik", ["Guru Ahli Pertama", "Analis SDM Aparatur Ahli Pertama"]),
            _seksi("Seksi Tenaga Kependidikan", ["Pengadministrasi Perkantoran",
                                                 "Pranata SDM Aparatur Terampil"]),
        ]),
    ], []),
    ("Dinas Kesehatan", "Kepala Dinas Kesehatan", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Dinas Kesehatan"),
        _bidang("Bidang Kesehatan Masyarakat", [
            _seksi("Seksi Kesehatan Keluarga dan Gizi", ["Nutrisionis Ahli Pertama",
                                                         "Bidan Terampil", "Bidan Ahli Pertama"]),
            _seksi("Seksi Promosi Kesehatan", ["Penyuluh Kesehatan Masyarakat Ahli Pertama",
                                               "Pengolah Data dan Informasi"]),
        ]),
        _bidang("Bidang Pencegahan dan Pengendalian Penyakit", [
            _seksi("Seksi Surveilans dan Imunisasi", ["Epidemiolog Kesehatan Ahli Pertama",
                                                      "Perawat Terampil"]),
            _seksi("Seksi Pengendalian Penyakit Menular", ["Perawat Ahli Pertama",
                                                           "Sanitarian Terampil"]),
        ], ["Epidemiolog Kesehatan Ahli Muda"]),
        _bidang("Bidang Pelayanan Kesehatan", [
            _seksi("Seksi Pelayanan Kesehatan Primer", ["Perawat Terampil", "Perawat Mahir",
                                                        "Dokter Ahli Pertama"]),
            _seksi("Seksi Kefarmasian dan Alat Kesehatan", ["Apoteker Ahli Pertama",
                                                            "Asisten Apoteker Terampil"]),
        ], ["Dokter Ahli Muda"]),
    ], ["Dokter Ahli Madya"]),
    ("Dinas Pekerjaan Umum dan Penataan Ruang",
     "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Dinas PUPR"),
        _bidang("Bidang Bina Marga", [
            _seksi("Seksi Pembangunan Jalan dan Jembatan", [
                "Teknik Jalan dan Jembatan Ahli Pertama", "Teknik Jalan dan Jembatan Terampil"]),
            _seksi("Seksi Pemeliharaan Jalan dan Jembatan", [
                "Teknik Jalan dan Jembatan Terampil", "Operator Layanan Operasional"]),
        ], ["Teknik Jalan dan Jembatan Ahli Muda"]),
        _bidang("Bidang Sumber Daya Air", [
            _seksi("Seksi Irigasi", ["Teknik Pengairan Ahli Pertama", "Teknik Pengairan Mahir"]),
        ]),
        _bidang("Bidang Penataan Ruang", [], ["Penata Ruang Ahli Pertama",
                                              "Penata Ruang Ahli Muda",
                                              "Pengolah Data dan Informasi"]),
    ], []),
    ("Dinas Komunikasi dan Informatika", "Kepala Dinas Komunikasi dan Informatika",
     K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Dinas Kominfo"),
        _bidang("Bidang Aplikasi Informatika", [
            _seksi("Seksi Pengembangan Aplikasi", ["Pranata Komputer Ahli Pertama",
                                                   "Pranata Komputer Terampil",
                                                   "Pengolah Data dan Informasi"]),
            _seksi("Seksi Infrastruktur dan Keamanan Informasi", [
                "Pranata Komputer Ahli Pertama", "Pranata Komputer Mahir",
                "Sandiman Ahli Pertama"]),
        ], ["Pranata Komputer Ahli Muda"]),
        _bidang("Bidang Informasi dan Komunikasi Publik", [
            _seksi("Seksi Pengelolaan Informasi Publik", ["Pranata Humas Ahli Pertama",
                                                          "Pranata Humas Terampil"]),
            _seksi("Seksi Statistik Sektoral", ["Statistisi Ahli Pertama",
                                                "Statistisi Terampil"]),
        ]),
    ], ["Pranata Komputer Ahli Madya"]),
    ("Dinas Sosial", "Kepala Dinas Sosial", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Dinas Sosial"),
        _bidang("Bidang Rehabilitasi Sosial", [
            _seksi("Seksi Rehabilitasi Sosial Penyandang Disabilitas", [
                "Pekerja Sosial Ahli Pertama", "Pekerja Sosial Terampil"]),
        ], ["Pekerja Sosial Ahli Muda"]),
        _bidang("Bidang Perlindungan dan Jaminan Sosial", [
            _seksi("Seksi Perlindungan Sosial Korban Bencana", [
                "Penyuluh Sosial Ahli Pertama", "Operator Layanan Operasional"]),
            _seksi("Seksi Jaminan Sosial Keluarga", ["Pengolah Data dan Informasi",
                                                     "Pekerja Sosial Terampil"]),
        ]),
    ], []),
    ("Satuan Polisi Pamong Praja", "Kepala Satuan Polisi Pamong Praja", K.JPT, L.JPT_PRATAMA, [
        _sekretariat("Satpol PP"),
        _bidang("Bidang Penegakan Peraturan Daerah", [
            _seksi("Seksi Penyelidikan dan Penyidikan", ["Polisi Pamong Praja Pemula",
                                                         "Polisi Pamong Praja Terampil"]),
        ]),
        _bidang("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", [
            _seksi("Seksi Operasi dan Pengendalian", ["Polisi Pamong Praja Pemula",
                                                      "Polisi Pamong Praja Mahir",
                                                      "Polisi Pamong Praja Penyelia"]),
        ]),
    ], []),
    ("Kecamatan Sukamaju", "Camat Sukamaju", K.ADMINISTRATOR, "", [
        _seksi("Seksi Pemerintahan Kecamatan Sukamaju", _ADMIN_STAFF),
        _seksi("Seksi Pelayanan Umum Kecamatan Sukamaju", ["Pengadministrasi Perkantoran",
                                                           "Operator Layanan Operasional"]),
    ], ["Sekretaris Kecamatan Sukamaju"]),
    ("Kecamatan Cibening", "Camat Cibening", K.ADMINISTRATOR, "", [
        _seksi("Seksi Pemerintahan Kecamatan Cibening", _ADMIN_STAFF),
        _seksi("Seksi Kesejahteraan Sosial Kecamatan Cibening", ["Penyuluh Sosial Ahli Pertama",
                                                                 "Pengolah Data dan Informasi"]),
    ], ["Sekretaris Kecamatan Cibening"]),
]

# Fixed demo people, placed in the slots these positions name (first occurrence).
_FIXED_IN_SLOT = {
    "Kepala Bidang Aplikasi Informatika": "supervisor",
    "Pranata Komputer Ahli Madya": "mentor",
}
# Extra fixed staff: (role, unit, position, employment type, golongan, gender)
_FIXED_STAFF = [
    ("hr", "Bidang Pengembangan Kompetensi Aparatur", "Analis SDM Aparatur Ahli Muda",
     "PNS", "III/c", 2),
    # Staff of the bidang itself, so the demo supervisor (its head) is her direct
    # supervisor and her approval requests reach the inbox the README sends people to.
    ("employee", "Bidang Aplikasi Informatika", "Pengolah Data dan Informasi", "PNS", "II/c", 2),
    ("pppk", "Seksi Kurikulum Sekolah Dasar", "Guru Ahli Pertama", "PPPK", "IX", 2),
]

# --- Position kinds, levels, golongan ranges ---------------------------------------------
_FUNCTIONAL_LEVELS = [
    ("Ahli Utama", L.AHLI_UTAMA), ("Ahli Madya", L.AHLI_MADYA), ("Ahli Muda", L.AHLI_MUDA),
    ("Ahli Pertama", L.AHLI_PERTAMA), ("Penyelia", L.PENYELIA), ("Mahir", L.MAHIR),
    ("Terampil", L.TERAMPIL), ("Pemula", L.PEMULA),
]
_PNS_RANGE = {  # position level/kind → allowed PNS golongan
    L.JPT_PRATAMA: ["IV/c", "IV/d"],
    K.ADMINISTRATOR: ["IV/a", "IV/b"],
    K.PENGAWAS: ["III/c", "III/d"],
    K.PELAKSANA: ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b"],
    L.AHLI_UTAMA: ["IV/d", "IV/e"],
    L.AHLI_MADYA: ["IV/a", "IV/b", "IV/c"],
    L.AHLI_MUDA: ["III/c", "III/d"],
    L.AHLI_PERTAMA: ["III/a", "III/b"],
    L.PENYELIA: ["III/c", "III/d"],
    L.MAHIR: ["III/a", "III/b"],
    L.TERAMPIL: ["II/b", "II/c", "II/d"],
    L.PEMULA: ["II/a"],
}
_PPPK_GRADE = {L.AHLI_PERTAMA: "IX", L.AHLI_MUDA: "X", L.TERAMPIL: "VII", L.MAHIR: "VIII",
               K.PELAKSANA: "V", L.PEMULA: "V"}
_JOB_CLASS = {L.JPT_PRATAMA: 14, K.ADMINISTRATOR: 12, K.PENGAWAS: 9, K.PELAKSANA: 6,
              L.AHLI_UTAMA: 14, L.AHLI_MADYA: 12, L.AHLI_MUDA: 10, L.AHLI_PERTAMA: 8,
              L.PENYELIA: 8, L.MAHIR: 7, L.TERAMPIL: 6, L.PEMULA: 5}
_BIRTH_YEARS = {L.JPT_PRATAMA: (1967, 1975), K.ADMINISTRATOR: (1970, 1982),
                K.PENGAWAS: (1975, 1988), L.AHLI_UTAMA: (1965, 1970),
                L.AHLI_MADYA: (1968, 1978), L.AHLI_MUDA: (1975, 1988)}


def _kind_level(position: str) -> tuple[str, str]:
    for suffix, level in _FUNCTIONAL_LEVELS:
        if position.endswith(" " + suffix):
            return K.FUNGSIONAL, level
    return K.PELAKSANA, ""


# --- Names ------------------------------------------------------------------------------
_MALE = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Hadi", "Irfan", "Joko", "Kurniawan", "Lukman",
         "Muhammad", "Nanang", "Rudi", "Slamet", "Teguh", "Wahyu", "Yusuf", "Arif", "Dimas",
         "Rizky", "Andi", "Hendra", "Asep", "Ujang", "Dadang", "Iwan", "Bayu", "Taufik",
         "Ridwan", "Ahmad", "Heru", "Sutrisno", "Putu", "Made", "Gede", "Rahmat", "Syahrul"]
_FEMALE = ["Ani", "Dewi", "Endang", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nur",
           "Putri", "Ratna", "Sari", "Siti", "Tri", "Wulan", "Yuni", "Rina", "Novi", "Dian",
           "Ayu", "Lilis", "Euis", "Neneng", "Rahmawati", "Sri", "Eka", "Nia", "Intan",
           "Anisa", "Aulia", "Desi", "Ika", "Wahyuni", "Nurul", "Citra", "Fatimah"]
_LAST = ["Setiawan", "Saputra", "Pratama", "Hidayat", "Nugroho", "Wibowo", "Santoso",
         "Kusuma", "Permana", "Gunawan", "Hakim", "Siregar", "Nasution", "Harahap", "Lubis",
         "Simanjuntak", "Sinaga", "Rahman", "Firmansyah", "Suryadi", "Hermawan", "Purnomo",
         "Wijaya", "Susanti", "Handayani", "Maulana", "Ramadhan", "Syahputra", "Sulistyo",
         "Mulyadi", "Suhendar", "Kurnia", "Rosita", "Yulianti", "Anggraini", "Fauzi",
         "Hutapea", "Pohan", "Tanjung", "Chaniago", "Koto", "Sembiring", "Ginting"]
_DEGREES = ["S.E.", "S.Kom.", "S.Sos.", "S.H.", "S.T.", "S.Pd.", "S.IP.", "S.K.M.", "S.Ak."]
_MASTERS = ["M.Si.", "M.M.", "M.T.", "M.AP.", "M.Pd.", "M.H."]


@dataclass
class _Person:
    nip: str
    name: str
    email: str
    unit: str
    position: str
    employment_type: str
    rank: str
    supervisor_nip: str | None
    groups: list[str] = field(default_factory=list)


class _Generator:
    """Builds the people list from ORGANIZATION, deterministically."""

    def __init__(self) -> None:
        self.rng = random.Random(42)
        self.used_nip_prefixes: dict[str, int] = {}
        self.used_emails: set[str] = set()
        self.people: list[_Person] = []
        self.units: list[tuple[str, str | None]] = []  # (name, parent name)
        self.positions: dict[str, tuple[str, str]] = {}  # name → (kind, level)
        self.fixed_done: set[str] = set()
        for login in DEMO_LOGINS:
            self.used_emails.add(login["email"])
        for nip in DEMO_NIPS.values():
            self.used_nip_prefixes[nip[:15]] = int(nip[15:])

    # identity ----------------------------------------------------------------
    def nip(self, *, rank_key: str, gender: int, pppk: bool) -> str:
        low, high = _BIRTH_YEARS.get(rank_key, (1978, 2000))
        birth = dt.date(self.rng.randint(low, high), self.rng.randint(1, 12),
                        self.rng.randint(1, 28))
        year = min(birth.year + self.rng.randint(21, 27), 2024)
        if pppk:
            year = self.rng.randint(2021, 2024)
            prefix = f"{birth:%Y%m%d}{year}01{gender}"  # NI PPPK: date, year, contract code
        else:
            prefix = f"{birth:%Y%m%d}{year}{self.rng.randint(1, 12):02d}{gender}"
        seq = self.used_nip_prefixes.get(prefix, 0) + 1
        self.used_nip_prefixes[prefix] = seq
        return f"{prefix}{seq:03d}"

    def name(self, *, gender: int, senior: bool) -> tuple[str, str]:
        first = self.rng.choice(_MALE if gender == 1 else _FEMALE)
        last = self.rng.choice(_LAST)
        while last == first:
            last = self.rng.choice(_LAST)
        bare = f"{first} {last}"
        title = ""
        roll = self.rng.random()
        if senior:
            title = f", {self.rng.choice(_DEGREES)}, {self.rng.choice(_MASTERS)}"
        elif roll < 0.6:
            title = f", {self.rng.choice(_DEGREES)}"
        elif roll < 0.75:
            title = ", A.Md."
        return bare, bare + title

    def email(self, bare_name: str) -> str:
        slug = re.sub(r"[^a-z]+", ".", bare_name.lower()).strip(".")
        candidate, n = slug, 1
        while f"{candidate}@{EMAIL_DOMAIN}" in self.used_emails:
            n += 1
            candidate = f"{slug}{n}"
        email = f"{candidate}@{EMAIL_DOMAIN}"
        self.used_emails.add(email)
        return email

    # people --------------------------------------------------------------------
    def person(self, *, unit: str, position: str, supervisor: str | None,
               pppk: bool = False) -> _Person:
        kind, level = self.positions[position]
        rank_key = level or kind
        role = _FIXED_IN_SLOT.get(position)
        if role and role not in self.fixed_done:
            self.fixed_done.add(role)
            login = _LOGIN_BY_ROLE[role]
            rank = _PNS_RANGE[rank_key][-1]
            return self.add(_Person(login["username"], login["name"], login["email"], unit,
                                    position, "PNS", rank, supervisor, self.groups_for(role)))
        gender = self.rng.choice([1, 2])
        senior = kind in (K.JPT, K.ADMINISTRATOR) or level in (L.AHLI_MADYA, L.AHLI_UTAMA)
        bare, full = self.name(gender=gender, senior=senior)
        pppk = pppk and rank_key in _PPPK_GRADE
        rank = _PPPK_GRADE[rank_key] if pppk else self.rng.choice(_PNS_RANGE[rank_key])
        return self.add(_Person(
            self.nip(rank_key=rank_key, gender=gender, pppk=pppk), full, self.email(bare), unit,
            position, "PPPK" if pppk else "PNS", rank, supervisor,
        ))

    @staticmethod
    def groups_for(role: str) -> list[str]:
        return {"hr": [HR_GROUP], "mentor": [MENTOR_GROUP]}.get(role, [])

    def add(self, person: _Person) -> _Person:
        self.people.append(person)
        return person

    def walk(self, node: OrgNode, *, parent_unit: str | None, boss: _Person | None,
             opd_head: _Person | None) -> None:
        unit, head_position, kind, level, children, staff = node
        self.units.append((unit, parent_unit))
        self.positions.setdefault(head_position, (kind, level))
        head = self.person(unit=unit, position=head_position,
                           supervisor=boss.nip if boss else None)
        opd_head = opd_head or head
        for position in staff:
            self.positions.setdefault(position, _kind_level(position))
        # Staff of a leaf unit: 2-3 per listed position; a unit with children keeps
        # its listed specialists (reporting by level, domain.md §6.3).
        for position in staff:
            p_kind, p_level = self.positions[position]
            count = 1 if children or p_level in (L.AHLI_MADYA, L.AHLI_UTAMA) else (
                self.rng.randint(2, 4))
            if position.startswith(("Guru", "Perawat")):
                count += 3
            for _ in range(count):
                if p_level in (L.AHLI_MADYA, L.AHLI_UTAMA):
                    sup = opd_head
                elif p_kind == K.ADMINISTRATOR or position.startswith("Sekretaris Kecamatan"):
                    sup = head
                else:
                    sup = head
                pppk = self.rng.random() < (0.5 if position.startswith(("Guru", "Perawat"))
                                            else 0.1)
                self.person(unit=unit, position=position, supervisor=sup.nip, pppk=pppk)
        for child in children:
            self.walk(child, parent_unit=unit, boss=head, opd_head=opd_head)

    def run(self) -> None:
        # "Sekretaris Kecamatan" is an administrator post reporting to the camat.
        self.positions["Sekretaris Kecamatan Sukamaju"] = (K.ADMINISTRATOR, "")
        self.positions["Sekretaris Kecamatan Cibening"] = (K.ADMINISTRATOR, "")
        for node in ORGANIZATION:
            self.walk(node, parent_unit=None, boss=None, opd_head=None)
        heads = {p.unit: p for p in self.people if self.positions[p.position][0] in (
            K.PENGAWAS, K.ADMINISTRATOR, K.JPT)}
        for role, unit, position, etype, rank, _gender in _FIXED_STAFF:
            login = _LOGIN_BY_ROLE[role]
            self.positions.setdefault(position, _kind_level(position))
            self.add(_Person(login["username"], login["name"], login["email"], unit, position,
                             etype, rank, heads[unit].nip, self.groups_for(role)))


def demo_people() -> tuple[list[tuple[str, str | None]], dict[str, tuple[str, str]],
                           list[_Person]]:
    """(units with parent names, positions → (kind, level), people), deterministic."""
    gen = _Generator()
    gen.run()
    return gen.units, gen.positions, gen.people


# --- Writing (idempotent) ----------------------------------------------------------------
def _save_if_changed(obj: Any, values: dict[str, Any]) -> bool:
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, values[key])
    if changed:
        obj.save()
    return bool(changed)


@transaction.atomic
def seed_demo(*, stdout) -> None:
    """Create or bring up to date the demo regency's units, positions, employees and
    logins. Idempotent: a second run writes nothing."""
    units_spec, positions_spec, people = demo_people()
    counts = {"units": 0, "positions": 0, "employees": 0, "users": 0}

    units = {u.name.lower(): u for u in Unit.objects.all()}
    for name, parent in units_spec:
        parent_id = units[parent.lower()].pk if parent else None
        unit = units.get(name.lower())
        if unit is None:
            unit = units[name.lower()] = Unit.objects.create(name=name, parent_id=parent_id)
            counts["units"] += 1
        elif _save_if_changed(unit, {"parent_id": parent_id}):
            counts["units"] += 1

    positions = {p.name.lower(): p for p in Position.objects.all()}
    for name, (kind, level) in positions_spec.items():
        values = {"kind": kind, "level": level, "job_class": _JOB_CLASS[level or kind]}
        position = positions.get(name.lower())
        if position is None:
            positions[name.lower()] = Position.objects.create(name=name, **values)
            counts["positions"] += 1
        elif _save_if_changed(position, values):
            counts["positions"] += 1

    ranks = {(r.employment_type, r.code): r for r in Rank.objects.all()}
    groups = {g.name: g for g in Group.objects.filter(name__in=[HR_GROUP, MENTOR_GROUP])}
    users = {u.username: u for u in User.objects.filter(username__in=[p.nip for p in people])}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=[p.nip for p in people])}
    demo_usernames = {login["username"] for login in DEMO_LOGINS}

    # The superuser first: on a fresh database every demo login's id is then one more
    # than its employee's, so a view that mixes up user and employee ids cannot work
    # on the demo by coincidence (tests/people/test_demo.py).
    admin = User.objects.filter(username="admin").first()
    login = _LOGIN_BY_ROLE["admin"]
    if admin is None:
        User.objects.create_superuser("admin", login["email"], DEMO_PASSWORD)
        counts["users"] += 1

    for person in people:  # heads come before their staff
        user = users.get(person.nip)
        if user is None:
            user = User(username=person.nip, email=person.email)
            if person.nip in demo_usernames:
                user.set_password(DEMO_PASSWORD)
            else:
                # Real employees set their own password through "forgot password".
                user.set_unusable_password()
            user.save()
            users[person.nip] = user
            counts["users"] += 1
        elif _save_if_changed(user, {"email": person.email}):
            counts["users"] += 1
        for group in person.groups:
            user.groups.add(groups[group])
        values = {
            "name": person.name,
            "employment_type": person.employment_type,
            "rank_id": ranks[(person.employment_type, person.rank)].pk,
            "position_id": positions[person.position.lower()].pk,
            "unit_id": units[person.unit.lower()].pk,
            "supervisor_id": employees[person.supervisor_nip].pk
            if person.supervisor_nip else None,
            "email": person.email,
            "birth_place": demo_birth_place(person.nip),
            "user_id": user.pk,
            "is_active": True,
            # A PPPK's NIP carries the year of appointment; contracts start in March
            # in this regency, so the JP cap counts from 1 March.
            "contract_start": dt.date(int(person.nip[8:12]), 3, 1)
            if person.employment_type == "PPPK" else None,
        }
        employee = employees.get(person.nip)
        if employee is None:
            employees[person.nip] = Employee.objects.create(nip=person.nip, **values)
            counts["employees"] += 1
        elif _save_if_changed(employee, values):
            counts["employees"] += 1

    stdout.write(
        "people: {units} units, {positions} positions, {employees} employees, "
        "{users} logins created or updated ({total} employees in the demo)".format(
            total=len(people), **counts)
    )
