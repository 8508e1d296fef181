"""The world of the URL × role matrix (tests/security/test_url_matrix.py).

Two units that have nothing to do with each other:

- **Dinas Matriks A** holds the requesting users, one per role: a plain employee
  (PNS), a PPPK employee, their supervisor, a mentor, a facilitator (of a session
  of their own) and an HR employee; plus a superuser without an employee record.
- **Dinas Matriks B** holds every object whose id appears in a URL: its employee
  `owner` (in `boss`'s team, not in anybody's from A), their enrollment, external
  learning, calendar token, policy question, a session facilitated by `boss`, a
  policy addressed to unit B only, a document attached to it, an import batch…

So every id in a URL belongs to someone other than the requesting user, and a view
that forgets its check shows up as an "allowed" where the matrix says 403/404.

User ids are offset from employee ids (users start at USER_ID_BASE, employees at 1):
a view that looks an employee up by the user's id (or the reverse) finds nothing or
somebody else, instead of passing by coincidence.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from people.models import Employee, EmploymentType, Position, PositionKind, Rank, Unit, User
from tests.factories import make_nip

USER_ID_BASE = 7001

# hr_no_mfa: an HR employee without a second factor (BANGKOM_MFA_REQUIRED_FOR_HR is on
# for the matrix; `hr` and `superuser` have an authenticator app and passed it).
ROLES = ("anonymous", "employee", "pppk", "supervisor", "mentor", "facilitator", "hr",
         "superuser", "hr_no_mfa")
# The TOTP secret of the world's `hr` and `superuser` authenticators.
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):
        if name.startswith("_") or name in ("users", "objects"):
            raise AttributeError(name)  # not built yet (copy.deepcopy, pickling)
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


_user_seq = iter(range(USER_ID_BASE, USER_ID_BASE + 1000))
# Employees get explicit ids too: on PostgreSQL the id sequence does not restart between
# tests (earlier tests may have taken it past USER_ID_BASE), and the offset must hold.
_employee_seq = iter(range(1, USER_ID_BASE))
_nip_seq = iter(range(900, 2000))


def _user(username: str, **fields) -> User:
    user = User(id=next(_user_seq), username=username, email=f"{username}@matriks.go.id",
                first_name=fields.pop("first_name", username), **fields)
    user.set_password("Rahasia-123!")
    user.save()
    return user


def _employee(name: str, *, unit: Unit, position: Position, supervisor: Employee | None = None,
              pppk: bool = False, groups: tuple[str, ...] = ()) -> Employee:
    nip = make_nip(next(_nip_seq))
    user = _user(nip, first_name=name)
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    kind = EmploymentType.PPPK if pppk else EmploymentType.PNS
    rank = Rank.objects.get(employment_type=kind, code="IX" if pppk else "III/a")
    return Employee.objects.create(
        id=next(_employee_seq), nip=nip, name=name, employment_type=kind, rank=rank,
        position=position, unit=unit,
        supervisor=supervisor, email=user.email, user=user,
        contract_start=dt.date(2024, 1, 1) if pppk else None,
    )


def world_build() -> World:
    """Build the world (about 60 queries' worth of rows). Call from setUpTestData."""
    world = World()
    a = Unit.objects.create(name="Dinas Matriks A")
    b = Unit.objects.create(name="Dinas Matriks B")
    staff = Position.objects.create(name="Pengolah Data Matriks", kind=PositionKind.PELAKSANA)
    head = Position.objects.create(name="Kepala Seksi Matriks", kind=PositionKind.PENGAWAS)

    sup_a = _employee("Sri Atasan A", unit=a, position=head)
    employees = {
        "supervisor": sup_a,
        "employee": _employee("Eko Pelaksana A", unit=a, position=staff, supervisor=sup_a),
        "pppk": _employee("Putri PPPK A", unit=a, position=staff, supervisor=sup_a, pppk=True),
        "mentor": _employee("Mira Mentor A", unit=a, position=staff, groups=("Mentor",)),
        "facilitator": _employee("Fajar Fasilitator A", unit=a, position=staff),
        "hr": _employee("Hana HR", unit=a, position=staff, groups=("HR",)),
    }
    world.users = {"anonymous": None, **{role: e.user for role, e in employees.items()}}
    world.users["superuser"] = _user("matriks.admin", is_superuser=True, is_staff=True)
    world.users["hr_no_mfa"] = _employee("Hadi HR Tanpa 2FA", unit=a, position=staff,
                                         groups=("HR",)).user
    _second_factor(world.users["hr"], world.users["superuser"])

    boss = _employee("Bambang Atasan B", unit=b, position=head)
    owner = _employee("Oki Pemilik B", unit=b, position=staff, supervisor=boss)
    from allauth.mfa.models import Authenticator

    owner_key = Authenticator.objects.create(
        user=owner.user, type=Authenticator.Type.WEBAUTHN,
        data={"name": "Kunci Oki", "credential": {}})
    world.objects.update(unit_a=a, unit_b=b, boss=boss, owner=owner, owner_key=owner_key, **{
        f"{role}_employee": e for role, e in employees.items()})

    _learning(world, employees["facilitator"], boss, owner, b)
    _socialization(world, owner, b)
    _competencies(world, owner)
    _recommendations_plans(world, owner)
    _certificates(world, owner)
    _mentoring(world, boss, owner)
    return world


def _second_factor(*users: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    for user in users:
        TOTP.activate(user, TOTP_SECRET)


def _learning(world: World, facilitator: Employee, boss: Employee, owner: Employee,
              unit_b: Unit) -> None:
    from learning.models import (
        Enrollment,
        EnrollmentStatus,
        ExternalLearning,
        LearningForm,
    )
    from learning.models.workshops import CalendarFeedToken
    from tests.learning.enrollment_factories import make_session, make_workshop

    workshop = make_workshop(title="Pelatihan Matriks B", requires_approval=True)
    workshop.eligible_units.set([unit_b])
    session = make_session(workshop=workshop, capacity=5, facilitator_user=boss.user)
    # The facilitator role facilitates a session of its own, not the one in the URLs.
    make_session(workshop=make_workshop(title="Pelatihan Matriks A"),
                 facilitator_user=facilitator.user)
    enrollment = Enrollment.objects.create(
        session=session, employee=owner, status=EnrollmentStatus.PENDING_APPROVAL)
    external = ExternalLearning(
        employee=owner, learning_form=LearningForm.objects.first(), title="Seminar B",
        provider="LAN", start_date=dt.date(2026, 3, 2), end_date=dt.date(2026, 3, 3),
        jp_claimed=Decimal(4))
    external.proof.save("bukti.pdf", ContentFile(b"%PDF-1.4 bukti"), save=False)
    external.save()
    token = CalendarFeedToken.objects.create(employee=owner, token="matriks-rahasia-b")
    world.objects.update(workshop=workshop, session=session, enrollment=enrollment,
                         external=external, calendar_token=token)


def _socialization(world: World, owner: Employee, unit_b: Unit) -> None:
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from socialization.models import PolicyQuestion
    from tests.cms.socialization_factories import make_policy

    Document = get_document_model()
    document = Document(title="Perbup Matriks B", collection=Collection.get_first_root_node())
    document.file.save("perbup-matriks-b.pdf", ContentFile(b"%PDF-1.4 B"), save=False)
    document.save()
    policy = make_policy(
        title="Kebijakan Matriks B", audience_all=False, units=[unit_b],
        body=[("document", {"document": document, "title": "Unduh"})],
    )
    question = PolicyQuestion.objects.create(page=policy, author=owner.user,
                                             question="Kapan berlaku?")
    # A document no page uses keeps Wagtail's own rule (collection privacy: public).
    loose = Document(title="Formulir Umum", collection=Collection.get_first_root_node())
    loose.file.save("formulir-umum.pdf", ContentFile(b"%PDF-1.4 umum"), save=False)
    loose.save()
    world.objects.update(policy=policy, document=document, question=question,
                         loose_document=loose)


def _competencies(world: World, owner: Employee) -> None:
    from competencies.models import GapRecomputeJob, ImportBatch
    from people.models import EmployeeImportJob

    batch = ImportBatch.objects.create(file_name="penilaian.csv", imported_by=None)
    job = GapRecomputeJob.objects.create(started_by=None)
    employee_job = EmployeeImportJob.objects.create(file_name="pegawai.csv", imported_by=None)
    world.objects.update(import_batch=batch, gap_job=job, employee_import_job=employee_job,
                         now=timezone.now())


def _recommendations_plans(world: World, owner: Employee) -> None:
    from competencies.models import Competency, CompetencyType
    from learning.plans.models import Plan, PlanItem, PlanItemKind, PlanStatus
    from learning.recommendations.models import (
        Recommendation,
        RecommendationJob,
        RecommendationKind,
    )

    competency, _ = Competency.objects.get_or_create(
        code="MTX-B", defaults={"name": "Kompetensi Matriks B",
                                "type": CompetencyType.TECHNICAL})
    recommendation = Recommendation.objects.create(
        employee=owner, workshop=world.workshop, session=world.session,
        kind=RecommendationKind.GAP, rank=1, score=Decimal(1), computed_at=timezone.now())
    reco_job = RecommendationJob.objects.create(started_by=None)
    # Submitted, so that deciding on it is possible (for its owner's supervisor).
    plan = Plan.objects.create(employee=owner, year=timezone.localdate().year,
                               status=PlanStatus.SUBMITTED, submitted_at=timezone.now())
    item = PlanItem.objects.create(plan=plan, kind=PlanItemKind.WORKSHOP,
                                   competency=competency, workshop=world.workshop,
                                   quarter=1, planned_jp=Decimal(8))
    world.objects.update(competency=competency, recommendation=recommendation,
                         reco_job=reco_job, plan=plan, plan_item=item)


def _certificates(world: World, owner: Employee) -> None:
    import hashlib

    from learning.certificates.models import (
        Certificate,
        CertificateJob,
        CertificateTemplate,
        JobKind,
        JobStatus,
    )
    from learning.completion.certificate_subject import WORKSHOP
    from learning.models.completion import Completion

    Completion.objects.create(enrollment=world.enrollment, completed_at=timezone.now(),
                              jp_awarded=Decimal(8), attendance_percent=Decimal(100))
    template = CertificateTemplate.objects.filter(subject_kind=WORKSHOP, is_default=True).first()
    if template is None:
        template = CertificateTemplate.objects.create(
            name="Templat Matriks", subject_kind=WORKSHOP, body_html="<p>{{ name }}</p>")
    # The rows written directly, with a stand-in PDF (no rendering needed to serve it).
    pdf = b"%PDF-1.4 sertifikat B"
    certificate = Certificate(
        subject_kind=WORKSHOP, subject_ref=str(world.enrollment.pk), employee=owner,
        template=template, number="MTX/B/0001", code="matriksKodeB0123456789",
        issued_at=timezone.now(), sha256=hashlib.sha256(pdf).hexdigest())
    certificate.pdf.save("sertifikat-b.pdf", ContentFile(pdf), save=False)
    certificate.save()
    zip_job = CertificateJob.objects.create(
        kind=JobKind.ZIP, session=world.session, status=JobStatus.DONE, total=1, done=1)
    zip_job.file.save("sertifikat-b.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    world.objects.update(certificate=certificate, certificate_template=template,
                         certificate_job=zip_job)


def _mentoring(world: World, boss: Employee, owner: Employee) -> None:
    from mentoring.models import (
        MentoringPair,
        MentoringProgram,
        MentoringSession,
        PairStatus,
        SessionMode,
    )

    program = MentoringProgram.objects.create(
        name="Program Matriks B", start_date=dt.date(2026, 7, 1), end_date=dt.date(2026, 12, 31),
        status="RUNNING")
    program.competencies.set([world.competency])
    pair = MentoringPair.objects.create(
        program=program, mentor=boss, mentee=owner, status=PairStatus.ACTIVE,
        approved_at=timezone.now())
    session = MentoringSession.objects.create(
        pair=pair, held_on=dt.date(2026, 8, 3), duration_minutes=60, mode=SessionMode.choices[0][0],
        topics="Penyusunan naskah")
    session.evidence.save("bukti-b.pdf", ContentFile(b"%PDF-1.4 bukti sesi"))
    world.objects.update(program=program, pair=pair, mentoring_session=session)
