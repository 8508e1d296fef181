"""Helpers for certificate tests: a completed workshop participant (the Completion
row written directly, so these tests do not depend on the attendance rules)."""
from __future__ import annotations

import io
from decimal import Decimal

import pypdf
from django.utils import timezone

from learning.completion.certificate_subject import WORKSHOP
from learning.models import Enrollment
from learning.models.completion import Completion
from tests.factories import EmployeeFactory
from tests.learning.completion_world import enroll, make_session


def completed(*, employee=None, session=None, jp: str = "8", **employee_fields) -> Enrollment:
    employee = employee or EmployeeFactory(**employee_fields)
    session = session or make_session(title="Pelatihan Penulisan Naskah Dinas")
    enrollment = enroll(employee, session)
    Completion.objects.create(enrollment=enrollment, completed_at=timezone.now(),
                              jp_awarded=Decimal(jp), attendance_percent=Decimal(100))
    return enrollment


def issue(enrollment: Enrollment, **kwargs):
    from learning.certificates.services import certificate_issue

    return certificate_issue(subject_kind=WORKSHOP, subject_ref=str(enrollment.pk), **kwargs)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def stored_pdf(certificate) -> bytes:
    from learning.certificates.models import certificate_storage

    with certificate_storage().open(certificate.pdf.name, "rb") as handle:
        return handle.read()
