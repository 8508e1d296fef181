"""Reads and access checks for certificates. Each view asks one of these instead of
re-deriving who may see what (an employee their own, HR everything)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.certificates.models import Certificate, CertificateJob
from learning.certificates.subjects import WORKSHOP
from people.models import Employee, User
from people.roles import employee_for, user_is_hr

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def certificate_get_for_download(*, certificate_id: int, user: User) -> Certificate | None:
    """The certificate if `user` may download its PDF: its owner while it is current
    and not revoked, HR always; None otherwise (the view answers 404 either way, so
    ids tried in the URL tell nothing)."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or not certificate.is_ready:
        return None
    if user_is_hr(user):
        return certificate
    me = employee_for(user)
    if (me is not None and certificate.employee_id == me.pk
            and not certificate.is_revoked and not certificate.is_superseded):
        return certificate
    return None


def certificate_get_for_hr(*, certificate_id: int, user: User) -> Certificate | None:
    if not user_is_hr(user):
        return None
    return (Certificate.objects.select_related("employee", "template", "supersedes",
                                               "superseded_by", "revoked_by")
            .filter(pk=certificate_id).first())


def certificates_for_employee(*, employee: Employee, limit: int | None = None
                              ) -> list[Certificate]:
    """The employee's current, unrevoked certificates, newest first. One query."""
    qs = (Certificate.objects.current()
          .filter(employee=employee, revoked_at__isnull=True)
          .exclude(sha256="").order_by("-issued_at", "-id"))
    return list(qs[:limit] if limit else qs)


def workshop_certificates_by_enrollment(*, employee: Employee) -> dict[int, Certificate]:
    """enrollment id -> the current certificate of that workshop completion."""

    return {int(c.subject_ref): c for c in certificates_for_employee(employee=employee)
            if c.subject_kind == WORKSHOP and c.subject_ref.isdigit()}


class VerificationStatus:
    VALID = "VALID"
    REVOKED = "REVOKED"
    SUPERSEDED = "SUPERSEDED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True)
class Verification:
    """What the public page may show: status and the few fields it names."""

    certificate: Certificate
    status: str
    replacement: Certificate | None

    issuer: str = ""

    @property
    def label(self) -> StrPromise:
        return {
            VerificationStatus.VALID: _("Valid"),
            VerificationStatus.REVOKED: _("Revoked"),
            VerificationStatus.SUPERSEDED: _("Replaced by a corrected certificate"),
            VerificationStatus.EXPIRED: _("Expired"),
        }[self.status]


def certificate_verify(*, code: str, today: dt.date | None = None) -> Verification | None:
    """The certificate behind a QR code and its status, or None for an unknown code.
    One query."""
    certificate = (Certificate.objects.select_related("superseded_by")
                   .filter(code=code).first())
    return _verification(certificate, today=today) if certificate else None


def certificate_verify_by_hash(*, sha256: str) -> Verification | None:
    certificate = (Certificate.objects.select_related("superseded_by")
                   .filter(sha256=sha256).first())
    return _verification(certificate) if certificate else None


def _verification(certificate: Certificate, today: dt.date | None = None) -> Verification:
    today = today or timezone.localdate()
    replacement = getattr(certificate, "superseded_by", None) if certificate.is_superseded \
        else None
    if certificate.is_superseded:
        status = VerificationStatus.SUPERSEDED
    elif certificate.is_revoked:
        status = VerificationStatus.REVOKED
    elif certificate.valid_until and certificate.valid_until < today:
        status = VerificationStatus.EXPIRED
    else:
        status = VerificationStatus.VALID
    return Verification(certificate=certificate, status=status, replacement=replacement,
                        issuer=certificate_issuer(certificate=certificate))


_LOWER_WORDS = {"dan", "di", "ke", "dari", "untuk", "pada", "atau"}


def _name_case(text: str) -> str:
    """A kop line in capitals as a name reads in a sentence: "BADAN KEPEGAWAIAN DAN
    PENGEMBANGAN" -> "Badan Kepegawaian dan Pengembangan" (text HR typed in mixed
    case is left as typed)."""
    if not text.isupper():
        return text
    words = text.lower().split()
    return " ".join(w if i and w in _LOWER_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def certificate_issuer(*, certificate: Certificate) -> str:
    """The issuing agency as the verification page names it: "Badan Kepegawaian dan
    Pengembangan Sumber Daya Manusia, Pemerintah Kabupaten Sukamaju", as frozen in the
    certificate at issue; the agency identity HR has set now for a certificate issued
    before it was recorded (one query then)."""
    context = certificate.context or {}
    if "agency" in context or "government" in context:
        agency, government = context.get("agency", ""), context.get("government", "")
    else:
        from learning.certificates.models import AgencyIdentity

        identity = AgencyIdentity.load()
        agency, government = identity.agency, identity.government
    return ", ".join(_name_case(p.strip()) for p in (agency, government) if p and p.strip())


def sessions_with_completions(*, limit: int = 50) -> QuerySet:
    """Ended sessions that have completions, newest first, with their count of
    completions and of current certificates (for HR's list). One query."""
    from learning.models import WorkshopSession

    return (WorkshopSession.objects.filter(enrollments__completion__isnull=False)
            .select_related("page")
            .annotate(completions=Count("enrollments__completion", distinct=True))
            .order_by("-ends_at")[:limit])


def session_certificate_rows(*, session_id: int) -> list[dict]:
    """Each completed participant of a session with their current certificate.
    Two queries."""
    from learning.models import Enrollment

    enrollments = list(Enrollment.objects.filter(session_id=session_id,
                                                 completion__isnull=False)
                       .select_related("employee").order_by("employee__name"))
    certificates = {
        c.subject_ref: c for c in Certificate.objects.current().filter(
            subject_kind=WORKSHOP, subject_ref__in=[str(e.pk) for e in enrollments])
    }
    return [{"enrollment": e, "certificate": certificates.get(str(e.pk))}
            for e in enrollments]


def certificate_job_latest(*, session_id: int, kind: str) -> CertificateJob | None:
    return (CertificateJob.objects.filter(session_id=session_id, kind=kind)
            .order_by("-created_at").first())


def certificates_search_for_hr(*, query: str, limit: int = 50) -> list[Certificate]:
    query = query.strip()
    if not query:
        return []
    return list(Certificate.objects.select_related("employee")
                .filter(Q(number__icontains=query) | Q(employee__name__icontains=query)
                        | Q(employee__nip=query.replace(" ", "")))
                .order_by("-issued_at")[:limit])
