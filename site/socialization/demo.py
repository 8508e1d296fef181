"""Demo policies for the regency: three mandatory readings (all employees, position
kinds, one unit subtree), some acknowledgements and questions. Idempotent: pages are
keyed by slug and never re-published; acknowledgements and questions are created
only when missing."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from people.models import Employee, PositionKind, User
from socialization.models import Acknowledgement, PolicyIndexPage, PolicyPage, PolicyQuestion
from socialization.selectors import policy_ack_revision_id, policy_audience_employees
from socialization.services import policy_question_answer
from socialization.workflow import APPROVER_GROUP, EDITOR_GROUP


def _p(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


def _policies(today: dt.date) -> list[dict]:
    return [
        {
            "slug": "permenpanrb-6-2022-pengelolaan-kinerja",
            "title": "Pengelolaan Kinerja Pegawai ASN",
            "regulation": "PermenPANRB No. 6 Tahun 2022",
            "summary": "Cara baru menyusun Sasaran Kinerja Pegawai (SKP), dialog kinerja "
            "dengan atasan, dan penetapan predikat kinerja tahunan.",
            "audience_all": True,
            "kinds": [],
            "is_mandatory": True,
            "deadline": today + dt.timedelta(days=14),
            "body": [
                ("heading", {"text": "Apa yang berubah?", "size": "h2"}),
                _p("Penilaian kinerja kini berfokus pada hasil kerja yang selaras dengan "
                   "sasaran atasan dan organisasi, bukan sekadar daftar kegiatan. Setiap "
                   "pegawai menyusun SKP bersama atasan langsung di awal tahun."),
                ("key_points", {"title": "Poin penting", "points": [
                    "SKP disusun dan disepakati bersama atasan langsung.",
                    "Dialog kinerja dilakukan secara berkala, minimal setiap triwulan.",
                    "Predikat kinerja: Sangat Baik, Baik, Butuh Perbaikan, Kurang, "
                    "Sangat Kurang.",
                    "Perilaku kerja dinilai berdasarkan nilai dasar BerAKHLAK.",
                ]}),
                ("faq", {"question": "Kapan SKP harus disusun?",
                         "answer": "<p>Paling lambat akhir Januari tahun berjalan, "
                         "setelah rencana kerja unit ditetapkan.</p>"}),
            ],
        },
        {
            "slug": "se-menpanrb-20-2021-berakhlak",
            "title": "Nilai Dasar ASN BerAKHLAK",
            "regulation": "SE MenPANRB No. 20 Tahun 2021",
            "summary": "Implementasi core values ASN BerAKHLAK dan employer branding "
            "\"Bangga Melayani Bangsa\" dalam pekerjaan sehari-hari.",
            "audience_all": True,
            "kinds": [],
            "is_mandatory": True,
            "deadline": today + dt.timedelta(days=3),
            "body": [
                _p("BerAKHLAK adalah singkatan dari tujuh nilai dasar: Berorientasi "
                   "Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, dan "
                   "Kolaboratif. Nilai-nilai ini menjadi ukuran perilaku kerja setiap ASN."),
                ("key_points", {"title": "Tujuh nilai dasar", "points": [
                    "Berorientasi Pelayanan: memahami dan memenuhi kebutuhan masyarakat.",
                    "Akuntabel: jujur, bertanggung jawab, dan cermat.",
                    "Kompeten: terus belajar dan mengembangkan kapabilitas.",
                    "Harmonis: saling peduli dan menghargai perbedaan.",
                    "Loyal: setia pada Pancasila, UUD 1945, dan NKRI.",
                    "Adaptif: cepat menyesuaikan diri menghadapi perubahan.",
                    "Kolaboratif: membangun kerja sama yang sinergis.",
                ]}),
            ],
        },
        {
            "slug": "hak-pengembangan-kompetensi-20-jp",
            "title": "Hak Pengembangan Kompetensi 20 JP per Tahun",
            "regulation": "PP No. 17 Tahun 2020 jo. Peraturan LAN No. 10 Tahun 2018",
            "summary": "Setiap PNS berhak atas pengembangan kompetensi paling sedikit "
            "20 jam pelajaran (JP) dalam satu tahun. Begini cara memenuhinya.",
            "audience_all": False,
            "kinds": [PositionKind.PELAKSANA, PositionKind.FUNGSIONAL],
            "is_mandatory": True,
            "deadline": today + dt.timedelta(days=30),
            "body": [
                _p("Pengembangan kompetensi dapat ditempuh melalui pelatihan klasikal "
                   "(pelatihan, seminar, workshop) maupun nonklasikal (e-learning, "
                   "coaching, mentoring, magang). Semua kegiatan dicatat dalam JP."),
                ("key_points", {"title": "Yang perlu Anda lakukan", "points": [
                    "Periksa capaian JP Anda di Bangkom.",
                    "Diskusikan rencana pengembangan dengan atasan langsung.",
                    "Unggah bukti pelatihan eksternal agar JP tercatat.",
                ]}),
            ],
        },
        {
            "slug": "pedoman-tata-naskah-dinas",
            "title": "Pedoman Tata Naskah Dinas Elektronik",
            "regulation": "Peraturan Bupati tentang Tata Naskah Dinas",
            "summary": "Format surat, nota dinas, dan disposisi elektronik yang berlaku "
            "di lingkungan pemerintah kabupaten.",
            "audience_all": True,
            "kinds": [],
            "is_mandatory": False,
            "deadline": None,
            "body": [_p("Seluruh naskah dinas dibuat dan ditandatangani secara elektronik "
                        "melalui aplikasi persuratan. Gunakan templat resmi.")],
        },
    ]


def seed_demo(*, stdout) -> None:
    index = PolicyIndexPage.objects.first()
    if index is None:
        stdout.write("socialization: no policy hub page (run migrate first); skipped")
        return
    hr_user = User.objects.filter(groups__name="HR").order_by("pk").first()
    if hr_user is not None:
        # The demo HR officer both edits and approves, so they can publish directly.
        hr_user.groups.add(*Group.objects.filter(name__in=[EDITOR_GROUP, APPROVER_GROUP]))

    today = timezone.localdate()
    created = 0
    pages = []
    for spec in _policies(today):
        page = PolicyPage.objects.filter(slug=spec["slug"]).first()
        if page is None:
            page = PolicyPage(
                slug=spec["slug"], title=spec["title"], regulation=spec["regulation"],
                summary=spec["summary"], audience_all=spec["audience_all"],
                audience_position_kinds=[str(k) for k in spec["kinds"]],
                is_mandatory=spec["is_mandatory"], deadline=spec["deadline"],
                body=spec["body"],
            )
            index.add_child(instance=page)
            page.save_revision(user=hr_user).publish(user=hr_user)
            created += 1
        pages.append(page)

    # Some acknowledgements: the first third of each mandatory audience (by NIP), but
    # never the demo logins, so they see their to-do list.
    from people.demo import DEMO_NIPS

    acks = 0
    for page in pages:
        if not page.is_mandatory:
            continue
        page.refresh_from_db()
        revision_id = policy_ack_revision_id(page=page)
        audience = list(
            policy_audience_employees(page=page).exclude(nip__in=DEMO_NIPS.values())
            .order_by("nip").values_list("pk", flat=True)
        )
        wanted = audience[: len(audience) // 3]
        have = set(Acknowledgement.objects.filter(page=page, revision_id=revision_id)
                   .values_list("employee_id", flat=True))
        missing = [pk for pk in wanted if pk not in have]
        Acknowledgement.objects.bulk_create(
            [Acknowledgement(employee_id=pk, page=page, revision_id=revision_id)
             for pk in missing],
            ignore_conflicts=True,
        )
        acks += len(missing)

    asker = Employee.objects.filter(nip=DEMO_NIPS["employee"]).select_related("user").first()
    questions = 0
    if asker is not None and asker.user and pages:
        kinerja = pages[0]
        if not PolicyQuestion.objects.filter(page=kinerja, author=asker.user).exists():
            answered = PolicyQuestion.objects.create(
                page=kinerja, author=asker.user,
                question="Apakah SKP bisa diubah di tengah tahun jika ada penugasan baru?",
            )
            if hr_user is not None:
                policy_question_answer(
                    question=answered, answered_by=hr_user, publish=True,
                    answer="Bisa. SKP dapat disesuaikan melalui dialog kinerja dengan "
                    "atasan langsung bila ada perubahan tugas atau target organisasi.",
                )
            PolicyQuestion.objects.create(
                page=kinerja, author=asker.user,
                question="Apakah dialog kinerja wajib didokumentasikan secara tertulis?",
            )
            questions = 2
    stdout.write(f"socialization: {created} policy pages, {acks} acknowledgements, "
                 f"{questions} questions created")
