"""Demo data for completion: past sessions with attendance, completions and JP, some
evaluations, and learning done elsewhere (one waiting for HR, one verified), so the
demo employee's home page shows JP progress. Idempotent: a second run changes nothing.

Runs after learning.demo (learning forms, catalog) and learning.demo_enrollment."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from learning.completion.services import (
    attendance_save,
    evaluation_submit,
    external_learning_submit,
    external_learning_verify,
    post_test_scores_save,
    session_days,
)
from learning.demo import demo_session_start
from learning.models import (
    SEAT_HOLDING_STATUSES,
    Enrollment,
    EnrollmentStatus,
    LearningForm,
    SessionSeats,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)
from learning.models.completion import CompletionNotice, Evaluation, ExternalLearning
from people.demo import DEMO_NIPS
from people.models import Employee, User

# code, title, form code, program JP, days, days ago, passing score, min attendance
PAST_WORKSHOPS = [
    ("DEMO-WS-901", "Workshop Penulisan Naskah Dinas yang Efektif", "workshop", 10, 2, 40,
     None, 100),
    ("DEMO-SEM-902", "Seminar Nasional Pelayanan Publik Berbasis Digital", "seminar", 4, 1, 18,
     None, 100),
    ("DEMO-PLT-903", "Pelatihan Teknis Pengelolaan Data Kepegawaian", "pelatihan-teknis", 16, 3,
     60, Decimal("70"), 80),
]
# The demo employee completes the workshop and the seminar (10 + 4 = 14 JP), the PPPK
# demo employee the pelatihan (16 JP); the others fill the rooms.
PARTICIPANTS_PER_SESSION = 12
# A tiny valid PDF for the demo proofs.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
            b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _workshop(index: WorkshopIndexPage, row, form: LearningForm, facilitator: User | None):
    code, title, _form_code, jp, days, days_ago, passing, min_attendance = row
    page = WorkshopPage.objects.filter(code=code).first()
    if page is not None:
        return page, page.sessions.order_by("starts_at").first()
    tz = timezone.get_current_timezone()
    first = demo_session_start(near=timezone.localdate() - dt.timedelta(days=days_ago),
                               days=days, earlier=True)
    starts = dt.datetime.combine(first, dt.time(8, 0), tzinfo=tz)
    ends = dt.datetime.combine(first + dt.timedelta(days=days - 1), dt.time(16, 0), tzinfo=tz)
    page = WorkshopPage(
        title=title, code=code, learning_form=form, jp=Decimal(jp), provider="BKPSDM",
        description="<p>Kegiatan yang telah terlaksana (data demo).</p>",
        min_attendance_percent=min_attendance, passing_score=passing,
    )
    page.sessions = [WorkshopSession(
        starts_at=starts, ends_at=ends, capacity=30, venue="Aula BKPSDM",
        registration_opens_at=starts - dt.timedelta(days=30),
        registration_closes_at=starts - dt.timedelta(days=2),
        facilitator="Dr. Hendra Gunawan, M.Kom.", facilitator_user=facilitator,
    )]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page, page.sessions.order_by("starts_at").first()


def seed_demo(*, stdout) -> None:
    index = WorkshopIndexPage.objects.first()
    forms = {f.code: f for f in LearningForm.objects.all()}
    if index is None or not all(row[2] in forms for row in PAST_WORKSHOPS):
        stdout.write("learning.demo_completion: catalog or learning forms missing; skipped")
        return
    demo = {role: Employee.objects.filter(nip=nip).first() for role, nip in DEMO_NIPS.items()}
    if demo["employee"] is None or demo["hr"] is None:
        stdout.write("learning.demo_completion: demo people missing; skipped")
        return
    hr_user = demo["hr"].user
    facilitator = demo["mentor"].user if demo["mentor"] else None
    others = list(
        Employee.objects.filter(is_active=True, employment_type="PNS")
        .exclude(nip__in=DEMO_NIPS.values()).order_by("nip")[:PARTICIPANTS_PER_SESSION * 3]
    )
    created_enrollments = 0
    for n, row in enumerate(PAST_WORKSHOPS):
        page, session = _workshop(index, row, forms[row[2]], facilitator)
        lead = demo["pppk"] if row[0] == "DEMO-PLT-903" else demo["employee"]
        people = [p for p in [lead, *others[n * 10:n * 10 + PARTICIPANTS_PER_SESSION - 1]] if p]
        enrollments = []
        for person in people:
            enrollment = Enrollment.objects.filter(session=session, employee=person).first()
            if enrollment is None:
                enrollment = Enrollment.objects.create(
                    session=session, employee=person, status=EnrollmentStatus.ENROLLED,
                    enrolled_by=hr_user,
                )
                created_enrollments += 1
            enrollments.append(enrollment)
            # The demo does not email its made-up people: mark the notice as sent.
            CompletionNotice.objects.get_or_create(enrollment=enrollment, kind="COMPLETED")
        # The rows were made directly (nobody can enroll in a past session through the
        # service), so the seat counter is set from them: counters come from rows.
        holding = Enrollment.objects.filter(
            session=session, status__in=SEAT_HOLDING_STATUSES).count()
        SessionSeats.objects.get_or_create(session=session, defaults={"taken": holding})
        SessionSeats.objects.filter(session=session).exclude(taken=holding).update(taken=holding)
        days = session_days(session=session)
        # Every third other participant missed the last day; the lead attended all days.
        present = {
            e.pk: set(days if i == 0 or i % 3 else days[:-1])
            for i, e in enumerate(enrollments)
        }
        attendance_save(session=session, present=present, marked_by=facilitator or hr_user)
        if page.passing_score is not None:
            scores = {e.pk: Decimal(82 if i == 0 else 60 + (i * 7) % 35)
                      for i, e in enumerate(enrollments)}
            post_test_scores_save(session=session, scores=scores, recorded_by=hr_user)
        # Some participants evaluate; the demo employee leaves the seminar to evaluate.
        for i, e in enumerate(enrollments[1:8], start=1):
            e.refresh_from_db()
            if hasattr(e, "completion") and not Evaluation.objects.filter(enrollment=e).exists():
                evaluation_submit(
                    enrollment=e, user=e.employee.user, material=3 + i % 3,
                    facilitator=4 + i % 2, organization=3 + (i + 1) % 3,
                    comment="Materi relevan dengan pekerjaan." if i % 2 else "",
                )
        if row[0] == "DEMO-WS-901":
            lead_enrollment = enrollments[0]
            if not Evaluation.objects.filter(enrollment=lead_enrollment).exists():
                evaluation_submit(enrollment=lead_enrollment, user=lead.user, material=5,
                                  facilitator=5, organization=4,
                                  comment="Contoh-contohnya langsung bisa dipakai.")

    external_created = 0
    webinar = forms.get("seminar")
    if not ExternalLearning.objects.filter(employee=demo["employee"]).exists():
        external_learning_submit(
            employee=demo["employee"], learning_form=webinar,
            title="Webinar Manajemen Talenta ASN", provider="Badan Kepegawaian Negara",
            start_date=timezone.localdate() - dt.timedelta(days=9),
            end_date=timezone.localdate() - dt.timedelta(days=9),
            jp_claimed=Decimal(4), proof=ContentFile(DEMO_PDF, name="sertifikat-webinar.pdf"),
        )
        external_created += 1
    if others and not ExternalLearning.objects.filter(employee=others[0]).exists():
        verified = external_learning_submit(
            employee=others[0], learning_form=webinar,
            title="Seminar Keterbukaan Informasi Publik", provider="Komisi Informasi Provinsi",
            start_date=timezone.localdate() - dt.timedelta(days=30),
            end_date=timezone.localdate() - dt.timedelta(days=30),
            jp_claimed=Decimal(4), proof=ContentFile(DEMO_PDF, name="sertifikat-kip.pdf"),
        )
        external_learning_verify(external_id=verified.pk, verified_by=hr_user)
        external_created += 1
    stdout.write(f"learning.demo_completion: {created_enrollments} enrollments, "
                 f"{external_created} external learning submissions created")
