"""Issuing, regenerating and revoking certificates (docs/certificates.md).

Issuing is two steps, so that numbering stays exact without serialising renders:
1. reserve (one short transaction): take the next number from the counter row with
   a conditional UPDATE and insert the certificate with its frozen data. The partial
   unique constraint "one current certificate per subject" makes a second, concurrent
   or retried issue fail here; its transaction rolls back with its counter increment,
   so numbers have no gaps and no duplicates.
2. render (outside any lock): render the frozen data to PDF, sign it when a signing
   certificate is configured, store it and its SHA-256. A failed render leaves the
   reserved certificate without a file; the retried task renders it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audit_record
from learning.certificates.models import (
    AGENCY_LOGO_KEY,
    AgencyIdentity,
    Certificate,
    CertificateNumberCounter,
    CertificateTemplate,
    RevocationKind,
    certificate_storage,
)
from learning.certificates.placeholders import (
    date_id,
    date_range_id,
    jp_id,
    nip_grouped,
    number_format,
    number_series,
    place_date_id,
)
from learning.certificates.signing import signer_is_bsre, signing_configured
from learning.certificates.subjects import (
    CertificateSubject,
    JpWithdrawal,
    certificate_subject_build,
    certificate_subject_jp_withdraw,
)
from people.models import Employee, EmploymentType, User

logger = logging.getLogger(__name__)


class CertificateError(ValidationError):
    """A certificate action was refused; the message is for the user."""


class CertificateSubjectMissing(LookupError):
    """The subject no longer exists (e.g. a completion undone by a correction)."""


# --- Templates -------------------------------------------------------------------


def certificate_template_default(*, subject_kind: str) -> CertificateTemplate:
    """The kind's default template; the built-in design when HR has made none yet."""
    template = CertificateTemplate.objects.filter(
        subject_kind=subject_kind, is_default=True).first()
    if template is not None:
        return template
    from learning.certificates.rendering import DEFAULT_CSS, DEFAULT_LAYOUT

    try:
        with transaction.atomic():
            return CertificateTemplate.objects.create(
                name=_("Standard certificate (%(kind)s)") % {"kind": subject_kind.title()},
                subject_kind=subject_kind, is_default=True, body_html=DEFAULT_LAYOUT,
                css=DEFAULT_CSS, code="MNT" if subject_kind == "MENTORING" else "PLT",
            )
    except IntegrityError:  # made by a concurrent issue
        return CertificateTemplate.objects.get(subject_kind=subject_kind, is_default=True)


# --- The data a certificate shows --------------------------------------------------


def verify_url(code: str) -> str:
    from config.links import absolute_url

    return absolute_url(reverse("certificates:verify", args=[code]))


def agency_identity_values() -> dict[str, str]:
    """The agency identity HR set (the kop), as a certificate freezes it at issue."""
    identity = AgencyIdentity.load()
    return {
        "government": identity.government,
        "agency": identity.agency,
        "agency_address": identity.address,
        # Not a placeholder: the coat of arms as it was at issue, for a template
        # without a logo of its own (rendering.certificate_html).
        AGENCY_LOGO_KEY: str(identity.logo_id or ""),
    }


def certificate_context_build(
    *, subject: CertificateSubject, template: CertificateTemplate, number: str,
    code: str, issued_on: dt.date, valid_until: dt.date | None,
) -> dict[str, str]:
    """Every placeholder's text for this certificate, as it is frozen at issue."""
    from people.nip import pns_nip_parse

    employee = subject.employee
    birth_date = None
    if employee.employment_type == EmploymentType.PNS:
        try:
            birth_date = pns_nip_parse(employee.nip).birth_date
        except ValidationError:
            birth_date = None
    birth_place = str(subject.extra.get("birth_place", "") or employee.birth_place or "")
    issue_date = date_id(issued_on)
    rank = employee.rank
    pangkat, golongan = (rank.name or "", rank.code or "") if rank else ("", "")
    return {
        "name": employee.name,
        "nip": nip_grouped(employee.nip),
        "birth_place": birth_place,
        "birth_date": date_id(birth_date),
        "birth_place_date": place_date_id(birth_place, date_id(birth_date)),
        "pangkat": pangkat,
        "golongan": golongan,
        "pangkat_golongan": f"{pangkat} ({golongan})" if pangkat and golongan
        else pangkat or golongan,
        "position": employee.position.name if employee.position_id else "",
        "unit": employee.unit.name if employee.unit_id else "",
        "title": subject.title,
        "start_date": date_id(subject.start_date),
        "end_date": date_id(subject.end_date),
        "dates": date_range_id(subject.start_date, subject.end_date),
        "place": subject.place,
        "jp": jp_id(subject.jp),
        "number": number,
        "issue_place": template.issue_place,
        "issue_date": issue_date,
        "issue_place_date": place_date_id(template.issue_place, issue_date),
        "valid_until": date_id(valid_until),
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "signatory_nip": nip_grouped(template.signatory_nip),
        "verify_url": verify_url(code),
        "tte": "ya" if signing_configured() and signer_is_bsre() else "",
        **agency_identity_values(),
        **{k: str(v) for k, v in subject.extra.items() if k not in {"birth_place"}},
    }


def _subject_build(*, subject_kind: str, subject_ref: str) -> CertificateSubject:
    try:
        return certificate_subject_build(kind=subject_kind, ref=subject_ref)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise CertificateSubjectMissing(f"{subject_kind} {subject_ref}: {exc}") from exc


# --- Numbering ---------------------------------------------------------------------


def certificate_number_take(*, template: CertificateTemplate, on: dt.date) -> str:
    """The next number of the template's series for the year of `on`. Must run
    inside the issuing transaction: the counter row stays locked by the UPDATE
    until it commits, and a rollback gives the number back."""
    series = number_series(pattern=template.number_pattern, code=template.code,
                           year=on.year, month=on.month)
    counter, _created = CertificateNumberCounter.objects.get_or_create(
        series=series, year=on.year)
    CertificateNumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    seq = CertificateNumberCounter.objects.filter(pk=counter.pk).values_list(
        "last", flat=True).get()
    return number_format(series=series, seq=seq, digits=template.seq_digits)


# --- Issuing -----------------------------------------------------------------------


def certificate_current_for(*, subject_kind: str, subject_ref: str,
                            cycle: str | None = None) -> Certificate | None:
    qs = Certificate.objects.current().filter(subject_kind=subject_kind,
                                              subject_ref=subject_ref)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return qs.select_related("template").order_by("-issued_at").first()


def _certificate_reserve(
    *, subject_kind: str, subject_ref: str, subject: CertificateSubject,
    issued_by: User | None, supersedes: Certificate | None = None,
    now: dt.datetime | None = None,
) -> Certificate:
    """Step 1: number and frozen data, in one transaction (see the module doc)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    template = certificate_template_default(subject_kind=subject_kind)
    code = secrets.token_urlsafe(20)  # 160 random bits
    valid_until = (today + relativedelta(months=template.validity_months)
                   if template.validity_months else None)
    with transaction.atomic():
        number = certificate_number_take(template=template, on=today)
        certificate = Certificate(
            subject_kind=subject_kind, subject_ref=subject_ref, cycle=subject.cycle,
            employee=subject.employee, template=template, number=number, code=code,
            issued_at=now, valid_until=valid_until, issued_by=issued_by,
            supersedes=supersedes,
            context=certificate_context_build(
                subject=subject, template=template, number=number, code=code,
                issued_on=today, valid_until=valid_until),
        )
        certificate.save()
        audit_record(certificate, "bangkom.certificate.issue", user=issued_by,
                     subject=subject.employee, after={"number": number},
                     supersedes=supersedes.number if supersedes else None)
    return certificate


def certificate_issue(
    *, subject_kind: str, subject_ref: str, issued_by: User | None = None,
    render: bool = True,
) -> Certificate:
    """Issue the certificate for a subject (a workshop completion, a mentoring
    pairing) and render its PDF. Idempotent: safe to call any number of times, also
    concurrently; one current certificate per subject (and cycle) is a database
    constraint. A reserved certificate whose render failed is rendered now; one
    withdrawn with its subject (certificate_withdraw) is replaced by a new one.
    Raises CertificateSubjectMissing when the subject does not exist."""
    subject_ref = str(subject_ref)
    subject = _subject_build(subject_kind=subject_kind, subject_ref=subject_ref)
    certificate = certificate_current_for(
        subject_kind=subject_kind, subject_ref=subject_ref, cycle=subject.cycle)
    if certificate is None:
        try:
            certificate = _certificate_reserve(
                subject_kind=subject_kind, subject_ref=subject_ref, subject=subject,
                issued_by=issued_by)
        except IntegrityError:
            # Issued concurrently (or by the first run of a retried task).
            certificate = certificate_current_for(
                subject_kind=subject_kind, subject_ref=subject_ref, cycle=subject.cycle)
            if certificate is None:
                raise
    elif certificate.withdrawn:
        certificate = _certificate_reissue_withdrawn(withdrawn=certificate, subject=subject,
                                                     issued_by=issued_by)
    if render and not certificate.is_ready:
        certificate = certificate_render_store(certificate=certificate)
    return certificate


def _certificate_reissue_withdrawn(*, withdrawn: Certificate, subject: CertificateSubject,
                                   issued_by: User | None) -> Certificate:
    """The subject holds again after its certificate was withdrawn with it (a
    completion undone by a correction, then earned after all): a new certificate,
    with a new number and today's data, supersedes the withdrawn one, whose page
    points to it. Concurrent or retried runs re-issue once (the row lock)."""
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=withdrawn.pk)
        if old.is_superseded:  # another run got here first
            current = certificate_current_for(subject_kind=old.subject_kind,
                                              subject_ref=old.subject_ref, cycle=old.cycle)
            # That run superseded it with a current one in the same transaction.
            assert current is not None
            return current
        return _certificate_supersede(old=old, subject=subject, issued_by=issued_by)


def _certificate_supersede(*, old: Certificate, subject: CertificateSubject,
                           issued_by: User | None) -> Certificate:
    """Mark `old` (locked by the caller's transaction) superseded and reserve the
    certificate that replaces it, with a new number and today's data."""
    now = timezone.now()
    Certificate.objects.filter(pk=old.pk).update(superseded_at=now, updated_at=now)
    return _certificate_reserve(
        subject_kind=old.subject_kind, subject_ref=old.subject_ref, subject=subject,
        issued_by=issued_by, supersedes=old, now=now)


def certificate_withdraw(*, subject_kind: str, subject_ref: str,
                         now: dt.datetime | None = None) -> int:
    """Revoke the subject's current certificates because the subject no longer
    holds (call it where a completion or pairing is undone). Verification then says
    revoked, with the date and this reason; if the subject holds again later,
    certificate_issue replaces the withdrawn certificate. Returns how many were
    revoked (0 when there was none, or it was already revoked)."""
    from django.conf import settings
    from django.utils import translation

    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # stored, shown to anyone
        reason = _("What this certificate certified no longer holds: the completion "
                   "was withdrawn after a correction of attendance or score.")
    with transaction.atomic():
        current = list(Certificate.objects.current().select_for_update().filter(
            subject_kind=subject_kind, subject_ref=str(subject_ref), revoked_at__isnull=True))
        for certificate in current:
            audit_record(certificate, "bangkom.certificate.revoke",
                         subject=Employee(pk=certificate.employee_id),
                         before={"revoked": False}, after={"revoked": True},
                         reason=reason, withdrawn=True)
        return Certificate.objects.filter(pk__in=[c.pk for c in current]).update(
            revoked_at=now, revoked_reason=reason, revoked_by=None, withdrawn=True,
            updated_at=now)


def certificate_render_store(*, certificate: Certificate) -> Certificate:
    """Step 2: render the frozen data, sign when configured, store the PDF and its
    SHA-256. Idempotent: a certificate that has its file keeps it. The file name
    carries the hash, so two concurrent renders never overwrite the winner's file."""
    from learning.certificates.rendering import certificate_pdf_render
    from learning.certificates.signing import pdf_sign_if_configured

    if certificate.is_ready:
        return certificate
    pdf = certificate_pdf_render(template=certificate.template, context=certificate.context)
    pdf, signed = pdf_sign_if_configured(pdf)
    digest = hashlib.sha256(pdf).hexdigest()
    storage = certificate_storage()
    name = storage.save(
        f"certificates/{certificate.issued_at:%Y}/{certificate.code}-{digest[:16]}.pdf",
        ContentFile(pdf))
    won = Certificate.objects.filter(pk=certificate.pk, sha256="").update(
        pdf=name, sha256=digest, signed=signed, updated_at=timezone.now())
    if not won:
        storage.delete(name)
    certificate.refresh_from_db()
    return certificate


# --- Corrections -----------------------------------------------------------------


def certificate_regenerate(*, certificate_id: int, by: User) -> Certificate:
    """HR's explicit correction: issue a new certificate for the same subject from
    today's data and template, which supersedes the old one (the old one's page
    points to it). Only a current, unrevoked certificate can be regenerated."""
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate_id)
        if old.is_superseded:
            raise CertificateError(_("This certificate has already been replaced."))
        if old.is_revoked:
            raise CertificateError(_("A revoked certificate cannot be regenerated."))
        try:
            subject = _subject_build(subject_kind=old.subject_kind,
                                     subject_ref=old.subject_ref)
        except CertificateSubjectMissing:
            raise CertificateError(
                _("What this certificate was for no longer exists; revoke it instead.")
            ) from None
        new = _certificate_supersede(old=old, subject=subject, issued_by=by)
        audit_record(old, "bangkom.certificate.regenerate", user=by,
                     subject=Employee(pk=old.employee_id), before={"number": old.number},
                     after={"number": new.number})
    return certificate_render_store(certificate=new)


@dataclass(frozen=True)
class Revocation:
    """A revoked certificate and what happened to the JP it certified."""

    certificate: Certificate
    withdrawal: JpWithdrawal


def certificate_revoke(*, certificate_id: int, by: User, reason: str, kind: str,
                       now: dt.datetime | None = None) -> Revocation:
    """Revoke with a kind and a reason, in one transaction with what the kind decides
    for the JP: NOT_ENTITLED withdraws the JP the subject credited (through the subject
    registry, the ledger's own withdrawal), DATA_ERROR leaves it. The record stays: its
    verification page says revoked, with the date. A double click revokes (and
    withdraws) once: the second is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    if kind not in RevocationKind.values:
        raise CertificateError(_("Choose why the certificate is revoked."))
    now = now or timezone.now()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.is_revoked or certificate.is_superseded:
            raise CertificateError(_("This certificate is already revoked or replaced."))
        certificate.revoked_at, certificate.revoked_reason = now, reason
        certificate.revoked_by, certificate.revoked_kind = by, kind
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by",
                                        "revoked_kind", "updated_at"])
        withdrawal = JpWithdrawal()
        if kind == RevocationKind.NOT_ENTITLED:
            from django.conf import settings
            from django.utils import translation

            with translation.override(settings.LANGUAGE_CODE):  # stored, read by anyone
                ledger_reason = _("certificate %(number)s revoked: %(reason)s") % {
                    "number": certificate.number, "reason": reason}
            withdrawal = certificate_subject_jp_withdraw(
                kind=certificate.subject_kind, ref=certificate.subject_ref,
                reason=ledger_reason, now=now)
        audit_record(certificate, "bangkom.certificate.revoke", user=by,
                     subject=Employee(pk=certificate.employee_id),
                     before={"revoked": False}, after={"revoked": True, "kind": kind},
                     reason=reason, jp_withdrawn=withdrawal.jp)
    return Revocation(certificate=certificate, withdrawal=withdrawal)


# --- File names --------------------------------------------------------------------


def certificate_filename(*, certificate: Certificate) -> str:
    """"Sertifikat Ani Rahma 007-BKPSDM-PLT-2026.pdf": the person's name and the
    number, with anything unsafe in a file name (slashes, quotes, control
    characters, reserved names) replaced. Non-Latin letters are kept; the download
    view sends them RFC 6266-encoded."""
    raw = f"Sertifikat {certificate.context.get('name', '')} {certificate.number}"
    text = unicodedata.normalize("NFC", raw)
    text = "".join(ch if unicodedata.category(ch)[0] in "LNZ" or ch in "-_.,()" else "-"
                   for ch in text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\.{2,}", ".", re.sub(r"-{2,}", "-", text)).strip(" .-")[:150]
    text = text or "Sertifikat"
    return f"{text}.pdf"
