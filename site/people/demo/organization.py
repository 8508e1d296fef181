"""The demo regency's organization chart as data: ~12 OPD (perangkat daerah) as a unit tree
(OPD → bagian/bidang → subbagian/seksi), the positions in each unit, and where the fixed
demo people sit."""
from __future__ import annotations

from people.models import PositionKind, PositionLevel

K, L = PositionKind, PositionLevel

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
FIXED_IN_SLOT = {
    "Kepala Bidang Aplikasi Informatika": "supervisor",
    "Pranata Komputer Ahli Madya": "mentor",
}
# Extra fixed staff: (role, unit, position, employment type, golongan, gender)
FIXED_STAFF = [
    ("hr", "Bidang Pengembangan Kompetensi Aparatur", "Analis SDM Aparatur Ahli Muda",
     "PNS", "III/c", 2),
    # Staff of the bidang itself, so the demo supervisor (its head) is her direct
    # supervisor and her approval requests reach the inbox the README sends people to.
    ("employee", "Bidang Aplikasi Informatika", "Pengolah Data dan Informasi", "PNS", "II/c", 2),
    ("pppk", "Seksi Kurikulum Sekolah Dasar", "Guru Ahli Pertama", "PPPK", "IX", 2),
]
