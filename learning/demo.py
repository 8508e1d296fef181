"""Demo workshop catalog: 33 workshops across the competency dictionary and the
learning forms, with sessions spread over the coming months (relative to today),
some full, some needing supervisor approval.

Seats taken are real: every counted seat is an enrollment of a demo employee, made
through the enrollment service (HR enrolling them), so the catalog's "Penuh", the
session report and the roster agree. Idempotent: a workshop whose code exists is left
as it is, and a session already holding its demo enrollments gets no more."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from learning.catalog.selectors import catalog_index_get
from learning.enrollment.eligibility import workshop_is_eligible
from learning.enrollment.services import EnrollmentError, enrollment_enroll
from learning.models import (
    SEAT_HOLDING_STATUSES,
    DeliveryMode,
    LearningForm,
    NotificationKind,
    NotificationSent,
    SessionSeats,
    WorkshopCompetency,
    WorkshopPage,
    WorkshopSession,
)

# Competencies the catalog refers to, created if the dictionary seed has not run.
COMPETENCIES = {
    "M.01": ("Integritas", "MANAGERIAL"),
    "M.02": ("Kerjasama", "MANAGERIAL"),
    "M.03": ("Komunikasi", "MANAGERIAL"),
    "M.04": ("Orientasi pada Hasil", "MANAGERIAL"),
    "M.05": ("Pelayanan Publik", "MANAGERIAL"),
    "M.06": ("Pengembangan Diri dan Orang Lain", "MANAGERIAL"),
    "M.07": ("Mengelola Perubahan", "MANAGERIAL"),
    "M.08": ("Pengambilan Keputusan", "MANAGERIAL"),
    "SK.01": ("Perekat Bangsa", "SOCIOCULTURAL"),
    "T.TIK.01": ("Literasi Digital", "TECHNICAL"),
}

BPSDM = "BPSDM Provinsi Jawa Barat"
LAN = "Lembaga Administrasi Negara (LAN)"
BKPSDM = "BKPSDM Kabupaten Sukamaju (internal)"
DISKOMINFO = "Diskominfo Kabupaten Sukamaju"
VENUES = [
    "Aula BKPSDM Kabupaten Sukamaju, Jl. Merdeka No. 12",
    "Ruang Rapat Sekretariat Daerah Lt. 3",
    "Gedung BPSDM Provinsi Jawa Barat, Bandung",
    "Hotel Santika Sukamaju, Ruang Cendana",
    "Lab Komputer Diskominfo Kabupaten Sukamaju",
]
ZOOM = "https://zoom.us/j/8123456789"

# (code, title, form code, jp, provider, competencies [(code, level)], approval,
#  kinds, sessions [(days ahead, days long, mode, capacity, taken)], description)
WORKSHOPS = [
    ("PLT-001", "Pelayanan Publik Prima untuk Garda Depan", "pelatihan-teknis", 24, BPSDM,
     [("M.05", 2), ("M.03", 2)], False, [], [(10, 3, "OFFLINE", 30, 12), (45, 3, "OFFLINE", 30, 0)],
     "Standar pelayanan, penanganan pengaduan dan survei kepuasan masyarakat."),
    ("PLT-002", "Integritas dan Budaya Antikorupsi ASN", "pelatihan-sosial-kultural", 16, BKPSDM,
     [("M.01", 2)], False, [], [(7, 2, "OFFLINE", 40, 40), (38, 2, "HYBRID", 40, 5)],
     "Nilai BerAKHLAK, konflik kepentingan, gratifikasi dan whistleblowing system."),
    ("PLT-003", "Kepemimpinan Pengawas: Memimpin Tim yang Berkinerja", "pelatihan-manajerial", 40,
     BPSDM, [("M.04", 3), ("M.08", 3), ("M.06", 3)], True, ["PENGAWAS", "ADMINISTRATOR"],
     [(21, 5, "OFFLINE", 25, 9)],
     "Menetapkan sasaran tim, umpan balik berkelanjutan dan coaching untuk atasan."),
    ("PLT-004", "Manajemen Kinerja ASN sesuai PermenPANRB 6/2022", "bimtek", 8, BKPSDM,
     [("M.04", 2)], False, [], [(5, 1, "OFFLINE", 60, 22), (19, 1, "ONLINE", 200, 31),
                                (60, 1, "ONLINE", 200, 0)],
     "Menyusun SKP, matriks peran hasil, evaluasi periodik dan predikat kinerja."),
    ("WS-005", "Workshop Penyusunan Standar Operasional Prosedur (SOP)", "workshop", 10, BKPSDM,
     [("M.05", 2), ("M.02", 2)], False, [], [(14, 2, "OFFLINE", 35, 35)],
     "Peserta membawa pulang draf SOP unit kerjanya."),
    ("SEM-006", "Seminar Transformasi Digital Pemerintahan (SPBE)", "seminar", 4, DISKOMINFO,
     [("M.07", 2)], False, [], [(12, 1, "HYBRID", 150, 64)],
     "Arah kebijakan SPBE nasional dan peta jalan digitalisasi layanan daerah."),
    ("PLT-007", "Pengambilan Keputusan Berbasis Data", "pelatihan-manajerial", 24, LAN,
     [("M.08", 3), ("M.04", 3)], True, ["ADMINISTRATOR", "JPT"], [(33, 3, "OFFLINE", 20, 4)],
     "Analisis masalah, membandingkan alternatif dan mitigasi risiko keputusan."),
    ("EL-008", "E-learning Literasi Data dan Statistik Dasar", "e-learning", 3, LAN,
     [("M.06", 1), ("T.TIK.01", 2)], False, [], [(3, 30, "ONLINE", 500, 60)],
     "Kursus mandiri daring: membaca tabel, grafik dan indikator kinerja."),
    ("COA-009", "Coaching Kinerja untuk Atasan Langsung", "coaching", 2, BKPSDM,
     [("M.06", 3)], True, ["PENGAWAS", "ADMINISTRATOR"], [(9, 1, "OFFLINE", 12, 3),
                                                          (40, 1, "OFFLINE", 12, 0)],
     "Model GROW dan praktik percakapan coaching dengan bawahan."),
    ("PLT-010", "Moderasi Beragama dan Wawasan Kebangsaan", "pelatihan-sosial-kultural", 16, BPSDM,
     [("SK.01", 2)], False, [], [(26, 2, "OFFLINE", 50, 18)],
     "Merawat keberagaman dan toleransi dalam pelayanan publik."),
    ("BIM-011", "Bimtek Pengelolaan Keuangan Daerah (SIPD)", "bimtek", 12,
     "BPKAD Kabupaten Sukamaju",
     [("M.04", 2)], False, ["PELAKSANA", "PENGAWAS", "FUNGSIONAL"], [(16, 3, "OFFLINE", 40, 40)],
     "Penatausahaan, pelaporan dan rekonsiliasi di aplikasi SIPD."),
    ("WS-012", "Workshop Komunikasi Publik dan Media Sosial Instansi", "workshop", 10, DISKOMINFO,
     [("M.03", 2), ("M.05", 2)], False, [], [(23, 2, "OFFLINE", 30, 11)],
     "Menulis siaran pers, konten media sosial dan menghadapi krisis komunikasi."),
    ("PLT-013", "Pelatihan Fungsional Analis Kebijakan Ahli Pertama", "pelatihan-fungsional",
     60, LAN,
     [("M.08", 2), ("M.03", 2)], True, ["FUNGSIONAL"], [(50, 8, "OFFLINE", 30, 6)],
     "Analisis kebijakan, policy brief dan advokasi kebijakan."),
    ("SEM-014", "Seminar Inovasi Pelayanan Publik Daerah", "seminar", 4, BKPSDM,
     [("M.05", 2), ("M.07", 2)], False, [], [(30, 1, "OFFLINE", 120, 40)],
     "Berbagi praktik baik inovasi layanan dari OPD dan desa."),
    ("PJJ-015", "Pelatihan Jarak Jauh Manajemen ASN", "pelatihan-jarak-jauh", 4, BPSDM,
     [("M.06", 2)], False, [], [(18, 14, "ONLINE", 300, 70)],
     "Pembelajaran terstruktur daring dengan tutor: UU 20/2023 dan turunannya."),
    ("MEN-016", "Mentoring Aktualisasi untuk CPNS", "mentoring", 2, BKPSDM,
     [("M.06", 2), ("M.01", 1)], False, ["PELAKSANA", "FUNGSIONAL"], [(11, 1, "OFFLINE", 15, 15),
                                                                      (41, 1, "OFFLINE", 15, 2)],
     "Pendampingan oleh atasan langsung untuk rancangan aktualisasi nilai dasar ASN."),
    ("PLT-017", "Manajemen Perubahan dan Reformasi Birokrasi", "pelatihan-manajerial", 24, LAN,
     [("M.07", 3)], True, ["ADMINISTRATOR", "PENGAWAS"], [(55, 3, "OFFLINE", 30, 0)],
     "Memimpin perubahan, mengelola resistensi dan quick wins reformasi birokrasi."),
    ("WS-018", "Workshop Penyusunan Rencana Kerja Perangkat Daerah (Renja)", "workshop", 10,
     "Bappeda Kabupaten Sukamaju", [("M.04", 2), ("M.02", 2)], False, [],
     [(27, 2, "OFFLINE", 40, 17)], "Sinkronisasi Renja dengan RPJMD dan SIPD perencanaan."),
    ("KUR-019", "Kursus Bahasa Inggris untuk Korespondensi Dinas", "kursus", 16, BKPSDM,
     [("M.03", 2)], False, [], [(35, 4, "OFFLINE", 20, 20)],
     "Menulis surat, email dan notulen rapat dalam bahasa Inggris."),
    ("PLT-020", "Keamanan Informasi dan Perlindungan Data Pribadi", "pelatihan-teknis", 16,
     DISKOMINFO, [("M.01", 2), ("M.07", 2), ("T.TIK.01", 2)], False, [],
     [(8, 2, "ONLINE", 100, 48)],
     "UU PDP, klasifikasi informasi dan kebiasaan aman di tempat kerja."),
    ("SOS-021", "Sosialisasi Disiplin PNS (PP 94/2021)", "sosialisasi", 4, BKPSDM,
     [("M.01", 1)], False, [], [(4, 1, "HYBRID", 200, 90), (34, 1, "HYBRID", 200, 0)],
     "Kewajiban, larangan dan tata cara penjatuhan hukuman disiplin."),
    ("PLT-022", "Penyusunan Analisis Jabatan dan Beban Kerja", "pelatihan-teknis", 24, BKPSDM,
     [("M.04", 2), ("M.08", 2)], False, [], [(44, 3, "OFFLINE", 25, 8)],
     "Anjab, ABK dan peta jabatan sesuai pedoman KemenPANRB."),
    ("WS-023", "Workshop Design Thinking untuk Inovasi Layanan", "workshop", 10, LAN,
     [("M.07", 2), ("M.02", 2)], False, [], [(29, 2, "OFFLINE", 30, 30)],
     "Empati, definisi masalah, ideasi dan prototipe layanan."),
    ("PAT-024", "Patok Banding Mal Pelayanan Publik Kota Bandung", "patok-banding", 10, BKPSDM,
     [("M.05", 3)], True, ["ADMINISTRATOR", "PENGAWAS"], [(48, 2, "OFFLINE", 15, 5)],
     "Kunjungan belajar tata kelola mal pelayanan publik."),
    ("PLT-025", "Pelatihan Kepemimpinan Administrator (PKA)", "pelatihan-struktural-kepemimpinan",
     180, BPSDM, [("M.04", 3), ("M.08", 3), ("M.07", 3), ("SK.01", 3)], True, ["ADMINISTRATOR"],
     [(70, 30, "HYBRID", 30, 10)], "Pelatihan struktural dengan proyek perubahan."),
    ("BIM-026", "Bimtek Pengadaan Barang/Jasa Pemerintah", "bimtek", 16, "LKPP melalui BPSDM",
     [("M.01", 2), ("M.04", 2)], False, [], [(52, 4, "OFFLINE", 40, 12)],
     "Perpres 16/2018 dan perubahannya, e-katalog dan swakelola."),
    ("EL-027", "E-learning Dasar-dasar BerAKHLAK", "e-learning", 3, LAN,
     [("M.01", 1), ("SK.01", 1)], False, [], [(1, 60, "ONLINE", 1000, 120)],
     "Tujuh nilai inti ASN dan panduan perilakunya."),
    ("WS-028", "Workshop Penyusunan Laporan Kinerja (LKjIP)", "workshop", 10, "Inspektorat Daerah",
     [("M.04", 2), ("M.03", 2)], False, [], [(62, 2, "OFFLINE", 40, 0)],
     "Menyajikan capaian kinerja dan analisis efisiensi sumber daya."),
    ("PLT-029", "Pelayanan Inklusif bagi Penyandang Disabilitas", "pelatihan-teknis", 16, BPSDM,
     [("M.05", 2), ("SK.01", 2)], False, [], [(37, 2, "OFFLINE", 30, 9)],
     "Etika interaksi, aksesibilitas layanan dan bahasa isyarat dasar."),
    ("KOM-030", "Komunitas Belajar Pengelola Kepegawaian", "komunitas-belajar", 2, BKPSDM,
     [("M.02", 2), ("M.06", 2)], False, [], [(13, 1, "ONLINE", 80, 22), (43, 1, "ONLINE", 80, 0)],
     "Forum bulanan berbagi praktik SIASN dan layanan kepegawaian."),
    ("PLT-031", "Pengelolaan Arsip Dinamis dan SRIKANDI", "pelatihan-teknis", 16,
     "Dinas Kearsipan Kabupaten Sukamaju", [("M.04", 1)], False, ["PELAKSANA", "FUNGSIONAL"],
     [(24, 2, "OFFLINE", 35, 35)], "Tata naskah dinas elektronik dan penyusutan arsip."),
    ("SEM-032", "Konferensi Kepegawaian Nasional 2026", "seminar", 6, "BKN", [("M.06", 2)], True,
     [], [(80, 1, "OFFLINE", 10, 2)], "Delegasi kabupaten ke konferensi manajemen ASN."),
    ("PLT-033", "Etika Pelayanan dan Penanganan Pengaduan", "pelatihan-teknis", 16, BKPSDM,
     [("M.05", 2), ("M.01", 2)], False, [], [(-20, 2, "OFFLINE", 30, 0)],
     "Pelayanan yang beretika dan penanganan pengaduan yang tuntas (sesi yang sudah lewat)."),
]


def _competencies() -> dict:
    from competencies.models import Competency

    found = {c.code: c for c in Competency.objects.filter(code__in=COMPETENCIES)}
    for code, (name, kind) in COMPETENCIES.items():
        if code not in found:
            found[code], _ = Competency.objects.get_or_create(
                code=code, defaults={"name": name, "type": kind})
    return found


# Fixed-date national holidays a demo session avoids, besides Sundays (New Year, Labour
# Day, Pancasila Day, Independence Day, Christmas); the religious holidays move yearly.
DEMO_HOLIDAYS = {(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)}
# A session this long or shorter meets every day; a longer one (a course with online
# parts, an e-learning) only has to start and end on a working day.
DEMO_WEEK = 6


def demo_day_off(day: dt.date) -> bool:
    return day.weekday() == 6 or (day.month, day.day) in DEMO_HOLIDAYS


def demo_session_start(*, near: dt.date, days: int, earlier: bool = False) -> dt.date:
    """The first day from `near` (going forward, or back with `earlier` so that a past
    session stays past) on which a session of `days` days meets on no Sunday or
    holiday: the demo's dates follow from today, which would otherwise put sessions
    on any day of the week."""
    step = dt.timedelta(days=-1 if earlier else 1)
    start = near
    while True:
        span = [start + dt.timedelta(days=i) for i in range(max(days, 1))]
        if not any(demo_day_off(d) for d in (span if len(span) <= DEMO_WEEK
                                              else (span[0], span[-1]))):
            return start
        start += step


def _session(*, start_day: int, days: int, mode: str, capacity: int, index: int) -> WorkshopSession:
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    start_date = demo_session_start(near=today + dt.timedelta(days=start_day), days=days)
    start_day = (start_date - today).days
    starts = dt.datetime.combine(start_date, dt.time(8, 0), tzinfo=tz)
    ends = dt.datetime.combine(start_date + dt.timedelta(days=max(days, 1) - 1), dt.time(16, 0),
                               tzinfo=tz)
    return WorkshopSession(
        starts_at=starts, ends_at=ends, delivery_mode=mode, capacity=capacity,
        venue="" if mode == DeliveryMode.ONLINE else VENUES[index % len(VENUES)],
        online_url=ZOOM if mode != DeliveryMode.OFFLINE else "",
        registration_opens_at=starts - dt.timedelta(days=max(start_day, 0) + 30),
        registration_closes_at=starts - dt.timedelta(days=2 if start_day > 3 else 0, hours=1),
        facilitator=["Dr. Hendra Gunawan, M.Si. (Widyaiswara Ahli Madya)",
                     "Sri Wahyuni, S.Psi., M.M.", "Tim BKPSDM",
                     "Ahmad Fauzi, S.Kom., M.T."][index % 4],
    )


def seed_demo(*, stdout) -> None:
    index = catalog_index_get()
    if index is None:
        stdout.write("learning.demo: no catalog index page (migrations not run?); skipped")
        return
    competencies = _competencies()
    forms = {f.code: f for f in LearningForm.objects.all()}
    existing = set(WorkshopPage.objects.values_list("code", flat=True))
    created = 0
    for i, row in enumerate(WORKSHOPS):
        code, title, form_code, jp, provider, comps, approval, kinds, sessions, desc = row
        if code in existing:
            continue
        page = WorkshopPage(
            title=title, code=code, learning_form=forms[form_code], jp=Decimal(jp),
            provider=provider, description=f"<p>{desc}</p>",
            learning_objectives="<p>Setelah mengikuti kegiatan ini peserta mampu menerapkan "
            "materi di unit kerjanya dan menyusun rencana tindak lanjut.</p>",
            requires_supervisor_approval=approval, eligible_position_kinds=list(kinds),
            min_attendance_percent=80 if sessions[0][1] > 2 else 100,
        )
        page.competencies = [
            WorkshopCompetency(competency=competencies[c], target_level=level, sort_order=n)
            for n, (c, level) in enumerate(comps)
        ]
        page.sessions = [
            _session(start_day=start, days=days, mode=mode, capacity=cap, index=i + n)
            for n, (start, days, mode, cap, _taken) in enumerate(sessions)
        ]
        index.add_child(instance=page)
        page.save_revision().publish()  # page_published → calendar state rows
        created += 1
    enrolled = _seats_fill()
    stdout.write(f"learning.demo: {created} workshops created, "
                 f"{len(existing)} already there, {enrolled} seats filled by enrollments")


def _seats_fill() -> int:
    """Give each demo session the number of taken seats WORKSHOPS lists, as real
    enrollments of demo employees (HR enrolling them through the enrollment service:
    eligibility and capacity apply, supervisor approval does not).

    The fixed demo logins are left out: their own enrollments are demo_enrollment's
    story. Sessions that have started are left alone (nobody can enroll any more).
    A seat counter that disagrees with the enrollments (an older demo set counters
    without enrollments) is first put right. Idempotent."""
    from people.demo import DEMO_NIPS
    from people.models import Employee, User
    from people.roles import HR_GROUP

    hr_user = User.objects.filter(groups__name=HR_GROUP, is_active=True).order_by("pk").first()
    if hr_user is None:
        return 0
    people = list(Employee.objects.active().with_org().exclude(nip__in=DEMO_NIPS.values())
                  .order_by("nip"))
    if not people:
        return 0
    now = timezone.now()
    pages = {p.code: p for p in WorkshopPage.objects.filter(code__in=[w[0] for w in WORKSHOPS])
             .prefetch_related("eligible_units")}
    filled = 0
    for n, row in enumerate(WORKSHOPS):
        page = pages.get(row[0])
        if page is None:
            continue
        sessions = list(page.sessions.order_by("starts_at").annotate(
            holding=Count("enrollments", filter=Q(enrollments__status__in=SEAT_HOLDING_STATUSES))
        ))
        for k, (session, spec) in enumerate(zip(sessions, row[8], strict=False)):
            target = spec[4]
            seats, _ = SessionSeats.objects.get_or_create(session=session)
            if seats.taken != session.holding:
                seats.taken = session.holding
                seats.save(update_fields=["taken"])
            if session.holding >= target or session.starts_at <= now or session.is_cancelled:
                continue
            # A different slice of the regency per session, so rosters differ.
            start = (n * 53 + k * 17) % len(people)
            for employee in people[start:] + people[:start]:
                if seats.taken >= target:
                    break
                if not workshop_is_eligible(workshop=page, employee=employee):
                    continue
                try:
                    result = enrollment_enroll(session=session, employee=employee,
                                               enrolled_by=hr_user, acknowledge_overlap=True)
                except EnrollmentError:
                    continue
                if result.created:
                    # Made-up people get no email: the notice counts as sent.
                    NotificationSent.objects.get_or_create(
                        enrollment=result.enrollment, kind=NotificationKind.ENROLLED)
                    filled += 1
                seats.refresh_from_db(fields=["taken"])
    return filled
