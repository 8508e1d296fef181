"""Certificates' part of the personal-data archive (people/personal_data.py): every
certificate issued to the employee, revoked ones included, and its PDF as issued."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from learning.certificates.models import Certificate, RevocationKind
from people.personal_data import (
    DataField,
    PersonalDataSection,
    files_of,
    register_personal_data_section,
)


def certificate_archive_name(certificate: Certificate) -> str:
    """The PDF's name inside the archive: its id (numbers hold slashes)."""
    return f"sertifikat-{certificate.pk}.pdf"


def _pdfs(employee):  # type: ignore[no-untyped-def]
    rows = Certificate.objects.filter(employee=employee).exclude(pdf="").order_by("pk")
    return files_of(rows, "pdf", certificate_archive_name)


register_personal_data_section(PersonalDataSection(
    key="sertifikat", title=_("Certificates"), order=60,
    description=_("Every certificate issued, revoked ones included; the PDFs as "
                  "issued are in files/sertifikat/ (sertifikat-<id>.pdf)."),
    rows=lambda employee: Certificate.objects.filter(employee=employee).order_by(
        "issued_at", "pk"),
    fields=(
        DataField("id", _("Number")),
        DataField("number", _("Certificate number")),
        DataField("subject_kind", _("Kind")),
        DataField("issued_at", _("Issued at"), Kind.DATETIME),
        DataField("valid_until", _("Valid until"), Kind.DATE),
        DataField("sha256", _("SHA-256 of the PDF")),
        DataField("signed", _("Signed"), Kind.BOOLEAN),
        DataField("revoked_at", _("Revoked at"), Kind.DATETIME),
        DataField("revoked_kind", _("Revocation kind"), Kind.CHOICE, RevocationKind),
        DataField("revoked_reason", _("Reason for revocation")),
        DataField("superseded_at", _("Superseded at"), Kind.DATETIME),
    ),
    files=_pdfs,
))
