"""Seed data v1 for the competencies app, frozen for migration 0003.

Written in our own words from the paraphrases in domain.md §1.2–1.5 and §3.3
(PermenPANRB 38/2017, SE MenPANRB 20/2021). HR edits all of it in the admin; this
module is never changed after release — later corrections go in new migrations.
(Django's migration loader skips modules whose name starts with "_".)
"""

# (code, name, type, definition, [(level, description, [indicators...]) x5])
DICTIONARY = [
    (
        "M.01",
        "Integritas",
        "MANAGERIAL",
        "Bertindak konsisten sesuai nilai, norma, dan etika organisasi; jujur kepada "
        "pimpinan, rekan, bawahan, dan pemangku kepentingan; berani mengambil keputusan "
        "dan menanggung risikonya.",
        [
            (1, "Bertindak sesuai norma dan etika organisasi dalam kapasitas pribadi.", [
                "Menjalankan tugas sesuai aturan dan kode etik yang berlaku.",
                "Berkata jujur tentang hasil kerjanya sendiri, termasuk kesalahan.",
            ]),
            (2, "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai etika.", [
                "Menegur rekan secara santun ketika melihat pelanggaran aturan.",
                "Memberi contoh menolak gratifikasi atau fasilitas yang tidak semestinya.",
            ]),
            (3, "Memastikan dan menanamkan keyakinan bersama di unit kerja yang dipimpinnya "
                "agar semua anggota bertindak sesuai nilai dan etika.", [
                "Menetapkan aturan main yang jelas dan menegakkannya secara konsisten di unit.",
                "Mengambil tindakan atas pelanggaran etika tanpa pandang bulu.",
                "Bersikap terbuka tentang dasar keputusan yang diambil unitnya.",
            ]),
            (4, "Menciptakan iklim kerja di tingkat organisasi yang mendorong kepatuhan pada "
                "nilai, norma, dan etika.", [
                "Membangun sistem pengendalian dan pelaporan pelanggaran di organisasi.",
                "Menjadikan integritas bagian dari penilaian kinerja dan promosi.",
            ]),
            (5, "Menjadi teladan integritas pada lingkup strategis atau nasional dan "
                "mempertahankan prinsip meskipun menghadapi tekanan besar.", [
                "Mempertahankan keputusan yang benar walau berisiko secara pribadi.",
                "Mendorong kebijakan antikorupsi lintas instansi.",
            ]),
        ],
    ),
    (
        "M.02",
        "Kerjasama",
        "MANAGERIAL",
        "Membangun dan menjaga hubungan kerja yang efektif serta berkomitmen membantu "
        "orang lain menyelesaikan tugas demi tujuan bersama.",
        [
            (1, "Berpartisipasi aktif sebagai anggota kelompok kerja.", [
                "Menyelesaikan bagian tugasnya dalam kelompok tepat waktu.",
                "Berbagi informasi yang dibutuhkan rekan satu tim.",
            ]),
            (2, "Menumbuhkan tim kerja yang partisipatif dan efektif.", [
                "Mengajak setiap anggota tim menyampaikan pendapat.",
                "Membantu rekan yang kesulitan tanpa diminta.",
            ]),
            (3, "Membangun tim kerja yang meningkatkan kinerja organisasi.", [
                "Membagi peran sesuai kekuatan anggota tim.",
                "Menyelesaikan konflik dalam tim secara terbuka dan adil.",
                "Menghubungkan tim dengan unit lain untuk menyelesaikan pekerjaan bersama.",
            ]),
            (4, "Membangun komitmen dan sinergi tim di tingkat organisasi.", [
                "Merancang kerja sama lintas unit untuk sasaran organisasi.",
                "Menghargai keberhasilan tim lebih dari keberhasilan pribadi.",
            ]),
            (5, "Membangun jejaring kerja sama strategis lintas instansi atau sektor "
                "untuk kepentingan nasional.", [
                "Menginisiasi kemitraan antarinstansi, swasta, dan masyarakat.",
                "Menjaga sinergi kemitraan dalam jangka panjang.",
            ]),
        ],
    ),
    (
        "M.03",
        "Komunikasi",
        "MANAGERIAL",
        "Menyampaikan pandangan dan gagasan secara jelas, sistematis, dan dengan "
        "argumen yang logis, baik lisan maupun tertulis, serta memastikan pesan "
        "dipahami pihak lain.",
        [
            (1, "Menyampaikan informasi dengan jelas, lengkap, dan mudah dipahami.", [
                "Menulis surat atau laporan singkat yang runtut.",
                "Mendengarkan lawan bicara dan mengajukan pertanyaan untuk memastikan pemahaman.",
            ]),
            (2, "Aktif menjalankan komunikasi dua arah dan menyesuaikan cara penyampaian "
                "dengan pendengarnya.", [
                "Memilih media dan bahasa yang sesuai dengan penerima pesan.",
                "Memeriksa kembali apakah pesan telah dipahami dengan benar.",
            ]),
            (3, "Berkomunikasi secara persuasif dan memfasilitasi diskusi di unit kerja.", [
                "Menyusun argumen berbasis data untuk meyakinkan pihak lain.",
                "Memimpin rapat sehingga semua pihak berkesempatan berbicara.",
                "Menyampaikan kebijakan unit kepada pemangku kepentingan dengan jelas.",
            ]),
            (4, "Mengembangkan sistem dan saluran komunikasi organisasi yang efektif.", [
                "Merancang strategi komunikasi untuk kebijakan baru.",
                "Mengelola komunikasi ketika terjadi situasi sensitif atau krisis.",
            ]),
            (5, "Menjadi juru bicara kebijakan strategis dan membangun kepercayaan publik "
                "di tingkat nasional.", [
                "Menjelaskan kebijakan yang kompleks kepada publik luas.",
                "Membangun konsensus di antara pemangku kepentingan yang berbeda pendapat.",
            ]),
        ],
    ),
    (
        "M.04",
        "Orientasi pada Hasil",
        "MANAGERIAL",
        "Berkomitmen kuat menyelesaikan tugas dengan dapat diandalkan dan bertanggung "
        "jawab; mengenali risiko dan peluang secara sistematis serta mengaitkan "
        "perencanaan dengan hasil.",
        [
            (1, "Bertanggung jawab menyelesaikan tugas sesuai target yang ditetapkan.", [
                "Menyelesaikan pekerjaan tepat waktu sesuai standar.",
                "Melaporkan kemajuan dan hambatan pekerjaan kepada atasan.",
            ]),
            (2, "Menetapkan target kerja sendiri dan tim serta berupaya melampauinya.", [
                "Menyusun rencana kerja dengan ukuran keberhasilan yang jelas.",
                "Mencari cara kerja yang lebih efisien untuk mencapai target.",
            ]),
            (3, "Menetapkan target yang menantang bagi unit kerja dan memantau "
                "pencapaiannya secara sistematis.", [
                "Memantau indikator kinerja unit secara berkala.",
                "Mengidentifikasi risiko yang menghambat target dan menyiapkan langkah antisipasi.",
                "Mengoreksi arah pekerjaan berdasarkan data capaian.",
            ]),
            (4, "Mengaitkan perencanaan strategis organisasi dengan hasil dan dampak.", [
                "Menyelaraskan target unit dengan sasaran strategis organisasi.",
                "Mengalokasikan sumber daya berdasarkan prioritas hasil.",
            ]),
            (5, "Mendorong budaya kinerja tinggi dan akuntabilitas hasil pada lingkup "
                "strategis atau nasional.", [
                "Menetapkan arah kinerja jangka panjang berbasis dampak bagi masyarakat.",
                "Membangun sistem manajemen kinerja lintas organisasi.",
            ]),
        ],
    ),
    (
        "M.05",
        "Pelayanan Publik",
        "MANAGERIAL",
        "Melaksanakan tugas pemerintahan dan pelayanan publik secara profesional, "
        "transparan, sesuai standar pelayanan yang objektif, netral, dan tanpa "
        "diskriminasi.",
        [
            (1, "Menjalankan pelayanan sesuai standar dan prosedur yang berlaku.", [
                "Melayani masyarakat dengan ramah dan tanpa membeda-bedakan.",
                "Memberikan informasi layanan yang benar dan jelas.",
            ]),
            (2, "Memahami kebutuhan penerima layanan dan menanggapinya secara tepat.", [
                "Menanggapi keluhan secara cepat dan mencari jalan keluar.",
                "Menjaga netralitas dan kerahasiaan data penerima layanan.",
            ]),
            (3, "Memastikan unit kerjanya memberikan layanan yang berkualitas dan transparan.", [
                "Menetapkan dan memantau standar pelayanan di unit kerja.",
                "Menggunakan umpan balik masyarakat untuk memperbaiki layanan.",
                "Mengumumkan biaya, waktu, dan persyaratan layanan secara terbuka.",
            ]),
            (4, "Mengembangkan sistem dan inovasi pelayanan publik di tingkat organisasi.", [
                "Merancang inovasi layanan, termasuk layanan digital.",
                "Mengintegrasikan layanan lintas unit agar lebih mudah diakses.",
            ]),
            (5, "Merumuskan kebijakan pelayanan publik yang berdampak luas dan "
                "menjadi rujukan nasional.", [
                "Menyusun kebijakan standar pelayanan yang berlaku lintas instansi.",
                "Mendorong reformasi pelayanan berbasis kebutuhan masyarakat.",
            ]),
        ],
    ),
    (
        "M.06",
        "Pengembangan Diri dan Orang Lain",
        "MANAGERIAL",
        "Meningkatkan pengetahuan dan keterampilan diri sendiri serta menginspirasi "
        "orang lain untuk mengembangkan kemampuan yang relevan dengan pekerjaan dalam "
        "jangka panjang.",
        [
            (1, "Mengembangkan diri secara aktif untuk meningkatkan kinerjanya.", [
                "Mengikuti pelatihan atau belajar mandiri sesuai kebutuhan tugas.",
                "Meminta umpan balik tentang hasil kerjanya.",
            ]),
            (2, "Mengembangkan bawahan atau rekan melalui contoh dan penjelasan.", [
                "Menjelaskan cara kerja kepada rekan yang baru.",
                "Berbagi pengetahuan dari pelatihan yang diikutinya.",
            ]),
            (3, "Memberi umpan balik dan bimbingan (coaching) untuk pengembangan "
                "anggota unit kerja.", [
                "Memberi umpan balik yang spesifik dan membangun secara berkala.",
                "Menyusun rencana pengembangan bersama anggota tim.",
                "Memberi penugasan yang menantang sebagai sarana belajar.",
            ]),
            (4, "Merancang program pengembangan jangka panjang di tingkat organisasi "
                "(manajemen pembelajaran).", [
                "Menyusun analisis kebutuhan pengembangan kompetensi organisasi.",
                "Membangun program mentoring dan kaderisasi.",
            ]),
            (5, "Membangun budaya belajar dan sistem pengembangan talenta pada lingkup "
                "strategis atau nasional.", [
                "Mendorong kebijakan pembelajaran terintegrasi (corporate university).",
                "Menjadi mentor bagi calon pemimpin lintas instansi.",
            ]),
        ],
    ),
    (
        "M.07",
        "Mengelola Perubahan",
        "MANAGERIAL",
        "Menyesuaikan diri dengan perubahan dan memimpin orang lain melewati perubahan "
        "agar organisasi tetap efektif.",
        [
            (1, "Menerima perubahan dan menyesuaikan cara kerjanya sendiri.", [
                "Mempelajari prosedur atau aplikasi baru tanpa menunda.",
                "Bersikap terbuka terhadap cara kerja yang berbeda.",
            ]),
            (2, "Membantu rekan dan tim menyesuaikan diri dengan perubahan.", [
                "Menjelaskan alasan dan manfaat perubahan kepada rekan.",
                "Mengusulkan perbaikan cara kerja di timnya.",
            ]),
            (3, "Memimpin perubahan di unit kerja dan mengelola penolakan.", [
                "Menyusun langkah penerapan perubahan di unit kerja.",
                "Mengenali dan menanggapi kekhawatiran anggota tim atas perubahan.",
                "Memantau dampak perubahan dan menyesuaikan rencana.",
            ]),
            (4, "Merancang dan mengelola program perubahan di tingkat organisasi.", [
                "Menyelaraskan perubahan dengan strategi organisasi.",
                "Membangun dukungan pemangku kepentingan untuk perubahan.",
            ]),
            (5, "Mendorong transformasi birokrasi pada lingkup strategis atau nasional.", [
                "Merumuskan agenda reformasi yang berdampak lintas instansi.",
                "Menjadi teladan keterbukaan terhadap perubahan.",
            ]),
        ],
    ),
    (
        "M.08",
        "Pengambilan Keputusan",
        "MANAGERIAL",
        "Mengambil keputusan yang baik dan tepat waktu dengan percaya diri setelah "
        "menimbang informasi, alternatif, dan konsekuensinya secara cermat dan "
        "sistematis, serta bertanggung jawab atas keputusan itu.",
        [
            (1, "Mengumpulkan informasi untuk bertindak sesuai kewenangannya.", [
                "Memeriksa fakta sebelum mengambil tindakan.",
                "Mengetahui batas kewenangannya dan meminta arahan bila perlu.",
            ]),
            (2, "Menganalisis masalah secara mendalam dan mengambil keputusan operasional "
                "sesuai pedoman.", [
                "Mengurai masalah menjadi penyebab-penyebabnya.",
                "Mengambil keputusan rutin dengan cepat dan tepat.",
            ]),
            (3, "Membandingkan berbagai alternatif serta menyeimbangkan risiko dan "
                "peluang keberhasilan.", [
                "Menyusun beberapa pilihan solusi beserta untung ruginya.",
                "Mempertimbangkan dampak keputusan bagi unit lain.",
                "Mengambil keputusan meskipun informasi belum lengkap, dengan alasan yang jelas.",
            ]),
            (4, "Menyelesaikan masalah berisiko tinggi dan mengantisipasi dampaknya, "
                "termasuk langkah mitigasi.", [
                "Menyiapkan rencana mitigasi sebelum keputusan dijalankan.",
                "Melibatkan pihak terkait dalam keputusan yang berdampak luas.",
            ]),
            (5, "Mengambil keputusan strategis yang berdampak nasional dengan "
                "mempertimbangkan kepentingan jangka panjang.", [
                "Memutuskan arah kebijakan di tengah ketidakpastian tinggi.",
                "Bertanggung jawab penuh atas konsekuensi keputusan strategis.",
            ]),
        ],
    ),
    (
        "SK.01",
        "Perekat Bangsa",
        "SOCIOCULTURAL",
        "Mendorong sikap toleran dan keterbukaan, peka terhadap perbedaan individu dan "
        "kelompok, bertindak atas nama pemerintah untuk mempersatukan masyarakat, "
        "membangun ikatan sosial di tengah keberagaman, dan menjaga persatuan bangsa.",
        [
            (1, "Peka, memahami, dan menerima keberagaman latar belakang orang lain.", [
                "Menghargai rekan dan warga dari agama, suku, dan budaya yang berbeda.",
                "Tidak menyebarkan ujaran yang merendahkan kelompok tertentu.",
            ]),
            (2, "Aktif membangun sikap saling menghargai dan menekankan persamaan.", [
                "Mengajak rekan bekerja sama tanpa memandang latar belakang.",
                "Menengahi gesekan kecil yang dipicu perbedaan.",
            ]),
            (3, "Mempromosikan toleransi dan persatuan di unit kerja dan lingkungannya.", [
                "Memastikan kebijakan unit tidak diskriminatif.",
                "Melibatkan kelompok yang beragam dalam kegiatan unit.",
                "Menangani konflik berlatar perbedaan secara adil.",
            ]),
            (4, "Mendayagunakan perbedaan secara konstruktif untuk kemajuan organisasi.", [
                "Memanfaatkan keberagaman pandangan untuk menghasilkan kebijakan yang lebih baik.",
                "Membangun program yang memperkuat kohesi sosial di wilayah kerja.",
            ]),
            (5, "Menjadi perekat persatuan pada lingkup strategis atau nasional.", [
                "Merumuskan kebijakan yang memperkuat persatuan dalam keberagaman.",
                "Menjadi teladan dalam menjaga keutuhan bangsa di tengah isu sensitif.",
            ]),
        ],
    ),
]

# (position_kind, position_level, required level for managerial and socio-cultural)
# domain.md §1.5, [unconfirmed]: editable seed data.
STANDARD_DEFAULTS = [
    ("JPT", "JPT_UTAMA", 5),
    ("JPT", "JPT_MADYA", 5),
    ("JPT", "JPT_PRATAMA", 4),
    ("ADMINISTRATOR", "", 3),
    ("PENGAWAS", "", 2),
    ("PELAKSANA", "", 1),
    ("FUNGSIONAL", "AHLI_UTAMA", 5),
    ("FUNGSIONAL", "AHLI_MADYA", 4),
    ("FUNGSIONAL", "AHLI_MUDA", 3),
    ("FUNGSIONAL", "AHLI_PERTAMA", 2),
    ("FUNGSIONAL", "PENYELIA", 3),
    ("FUNGSIONAL", "MAHIR", 2),
    ("FUNGSIONAL", "TERAMPIL", 2),
    ("FUNGSIONAL", "PEMULA", 1),
]

# (code, name, order, behaviour guides) — SE MenPANRB 20/2021, paraphrased.
CORE_VALUES = [
    ("berorientasi_pelayanan", "Berorientasi Pelayanan", 1,
     "Memahami dan memenuhi kebutuhan masyarakat; ramah, cekatan, solutif, dan dapat "
     "diandalkan; terus memperbaiki kualitas layanan."),
    ("akuntabel", "Akuntabel", 2,
     "Bekerja jujur, bertanggung jawab, cermat, disiplin, dan berintegritas; memakai "
     "kekayaan negara secara bertanggung jawab, efektif, dan efisien; tidak "
     "menyalahgunakan kewenangan."),
    ("kompeten", "Kompeten", 3,
     "Terus meningkatkan kompetensi diri; membantu orang lain belajar; menyelesaikan "
     "tugas dengan kualitas terbaik."),
    ("harmonis", "Harmonis", 4,
     "Menghargai setiap orang apa pun latar belakangnya; suka menolong; membangun "
     "lingkungan kerja yang kondusif."),
    ("loyal", "Loyal", 5,
     "Memegang teguh Pancasila, UUD 1945, NKRI, dan pemerintahan yang sah; menjaga nama "
     "baik rekan, pimpinan, instansi, dan negara; menjaga rahasia jabatan dan negara."),
    ("adaptif", "Adaptif", 6,
     "Cepat menyesuaikan diri dengan perubahan; terus berinovasi dan kreatif; "
     "bertindak proaktif."),
    ("kolaboratif", "Kolaboratif", 7,
     "Memberi kesempatan orang lain berkontribusi; terbuka bekerja sama untuk "
     "menghasilkan nilai tambah; menggerakkan sumber daya untuk tujuan bersama."),
]

# A behaviour rated below expectation on a value → the competencies it concerns.
CORE_VALUE_COMPETENCIES = [
    ("berorientasi_pelayanan", "M.05"),
    ("akuntabel", "M.01"),
    ("akuntabel", "M.04"),
    ("kompeten", "M.06"),
    ("harmonis", "SK.01"),
    ("harmonis", "M.02"),
    ("loyal", "M.01"),
    ("adaptif", "M.07"),
    ("kolaboratif", "M.02"),
    ("kolaboratif", "M.03"),
]

# (source, weight, max_age_days): an assessment centre counts most; self least.
# No age limit by default: HR sets one per source when the agency has a rule.
SOURCE_WEIGHTS = [
    ("ASSESSMENT_CENTER", "3.00", None),
    ("SUPERVISOR", "2.00", None),
    ("MENTOR", "1.50", None),
    ("PEER", "1.00", None),
    ("SELF", "0.50", None),
]
