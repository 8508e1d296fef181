"""Learning done elsewhere: the employee's submission with its proof, and HR's
verification (credited to the JP ledger by the form's rule) or rejection."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audit_record
from learning.completion.jp_rules import JpFigure, jp_figure, jp_text, learning_form_cap
from learning.completion.services.jp import jp_round
from learning.completion.services.jp_ledger import jp_ledger_credit
from learning.models import LearningForm
from learning.models.completion import (
    ExternalLearning,
    ExternalLearningStatus,
    JpLedgerEntry,
    JpLedgerSource,
)
from people.models import Employee, User

# The proof's size cap is the BANGKOM_UPLOAD_PROOF_MAX_BYTES setting.
PROOF_MAX_BYTES = settings.BANGKOM_UPLOAD_PROOF_MAX_BYTES
# Sniffed MIME type -> the only extensions accepted for it.
PROOF_TYPES = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}


def proof_validate(*, file: UploadedFile) -> None:
    """Refuse a proof file that is too big or is not really a PDF, JPG or PNG (the
    content is sniffed; the extension must agree with it)."""
    max_bytes = settings.BANGKOM_UPLOAD_PROOF_MAX_BYTES  # checked before reading
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The proof file is too big (%(size).1f MB); the maximum is %(max)d MB.") % {
                "size": file.size / (1024 * 1024), "max": max_bytes // (1024 * 1024)}
        )
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    kind = filetype.guess(head) if head else None
    allowed = PROOF_TYPES.get(kind.mime if kind else "")
    name = (file.name or "").lower()
    if not allowed or not any(name.endswith(ext) for ext in allowed):
        raise ValidationError(_("The proof must be a PDF, JPG or PNG file."))


@transaction.atomic
def external_learning_submit(
    *,
    employee: Employee,
    learning_form: LearningForm,
    title: str,
    provider: str,
    start_date: dt.date,
    end_date: dt.date,
    jp_claimed: Decimal,
    proof: UploadedFile,
) -> ExternalLearning:
    """Record learning done elsewhere, waiting for HR verification. Validates the
    proof before anything is stored."""
    proof_validate(file=proof)
    if end_date < start_date:
        raise ValidationError(_("The end date cannot be before the start date."))
    if jp_claimed is None or jp_claimed <= 0:
        raise ValidationError(_("The JP claimed must be more than zero."))
    external = ExternalLearning(
        employee=employee, learning_form=learning_form, title=title, provider=provider,
        start_date=start_date, end_date=end_date, jp_claimed=jp_round(jp_claimed),
        proof=proof,
    )
    external.full_clean(exclude=["proof"])
    external.save()
    return external


def external_learning_jp_figure(*, external: ExternalLearning) -> JpFigure:
    """The JP a verification credits and why: what was claimed, capped by the form's
    rule per day, session or activity (jp_rules.learning_form_cap) and by its
    max_jp_per_month less what the ledger already holds for that form and month."""
    form = external.learning_form
    days = (external.end_date - external.start_date).days + 1
    cap, cap_text = learning_form_cap(form=form, days=days)
    month_left = None
    if form.max_jp_per_month is not None:
        month_left = form.max_jp_per_month - _external_month_used(external=external)
    return jp_figure(
        minutes=None, claimed=external.jp_claimed, cap=cap, cap_text=cap_text,
        month_left=month_left,
        month_text=_("at most %(max)s JP a month for this form") % {
            "max": jp_text(form.max_jp_per_month or Decimal(0))},
    )


def external_learning_jp_allowed(*, external: ExternalLearning) -> Decimal:
    return external_learning_jp_figure(external=external).jp


def _external_month_used(*, external: ExternalLearning) -> Decimal:
    form = external.learning_form
    month_start = external.end_date.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    used = JpLedgerEntry.objects.filter(
        employee_id=external.employee_id, learning_form=form,
        occurred_on__gte=month_start, occurred_on__lt=next_month,
    ).exclude(source=JpLedgerSource.EXTERNAL, source_ref=external.pk).aggregate(
        total=Sum("jp"))["total"] or Decimal(0)
    return used


@transaction.atomic
def external_learning_verify(
    *, external_id: int, verified_by: User, now: dt.datetime | None = None
) -> ExternalLearning:
    """HR verifies a submission: it is credited to the ledger once. Only a
    SUBMITTED entry can be verified (a double click verifies once)."""
    now = now or timezone.now()
    external = (
        ExternalLearning.objects.select_for_update().select_related("learning_form", "employee")
        .get(pk=external_id)
    )
    if external.status != ExternalLearningStatus.SUBMITTED:
        raise ValidationError(_("This submission has already been handled."))
    jp = external_learning_jp_allowed(external=external)
    external.status = ExternalLearningStatus.VERIFIED
    external.verified_by = verified_by
    external.verified_at = now
    external.jp_awarded = jp
    external.save(update_fields=["status", "verified_by", "verified_at", "jp_awarded",
                                 "updated_at"])
    audit_record(external, "bangkom.external.verify", user=verified_by,
                 subject=external.employee,
                 before={"status": ExternalLearningStatus.SUBMITTED},
                 after={"status": external.status, "jp_awarded": jp})
    jp_ledger_credit(
        employee=external.employee, source=JpLedgerSource.EXTERNAL, source_ref=external.pk,
        jp=jp, occurred_on=external.end_date, description=external.title,
        learning_form=external.learning_form,
    )
    return external


@transaction.atomic
def external_learning_reject(
    *, external_id: int, verified_by: User, reason: str, now: dt.datetime | None = None
) -> ExternalLearning:
    """HR rejects a submission with a reason the employee sees. Nothing is credited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for rejecting, so the employee can fix it."))
    external = ExternalLearning.objects.select_for_update().get(pk=external_id)
    if external.status != ExternalLearningStatus.SUBMITTED:
        raise ValidationError(_("This submission has already been handled."))
    external.status = ExternalLearningStatus.REJECTED
    external.verified_by = verified_by
    external.verified_at = now or timezone.now()
    external.rejection_reason = reason
    external.save(update_fields=["status", "verified_by", "verified_at", "rejection_reason",
                                 "updated_at"])
    audit_record(external, "bangkom.external.reject", user=verified_by,
                 subject=Employee(pk=external.employee_id),
                 before={"status": ExternalLearningStatus.SUBMITTED},
                 after={"status": external.status}, reason=reason)
    return external
