"""Post-test scores: typed in by the organiser or imported from a file, then
completion re-evaluated."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.uploads import (
    ErrorList,
    UploadError,
    more_errors_message,
    table_open,
    upload_limits,
)
from learning.completion.services.completion import completion_evaluate_session
from learning.models import Enrollment, EnrollmentStatus, WorkshopSession
from learning.models.completion import PostTestScore
from people.models import User


def score_parse(raw: str) -> Decimal:
    """'85', '85.5' or '85,5' (Indonesian decimal comma) -> Decimal in 0..100."""
    text = (raw or "").strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValidationError(_("A score must be between 0 and 100."))
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def post_test_scores_save(
    *,
    session: WorkshopSession,
    scores: Mapping[int, Decimal | None],
    recorded_by: User,
    now: dt.datetime | None = None,
) -> int:
    """Set (or clear, with None) post-test scores by enrollment id for ENROLLED
    participants of `session`, then re-evaluate their completion. Returns the number
    of scores changed."""
    now = now or timezone.now()
    enrollments = {
        e.pk: e for e in Enrollment.objects.filter(
            session=session, status=EnrollmentStatus.ENROLLED, pk__in=list(scores)
        ).select_related("session__page__learning_form", "employee")
    }
    current = {
        s.enrollment_id: s for s in PostTestScore.objects.filter(enrollment__in=enrollments)
    }
    changed = 0
    for enrollment_id, score in scores.items():
        if enrollment_id not in enrollments:
            continue
        old = current.get(enrollment_id)
        if score is None:
            if old is not None:
                old.delete()
                changed += 1
            continue
        if old is not None and old.score == score:
            continue
        PostTestScore.objects.update_or_create(
            enrollment_id=enrollment_id,
            defaults={"score": score, "recorded_by": recorded_by, "recorded_at": now},
        )
        changed += 1
    completion_evaluate_session(session=session, enrollments=list(enrollments.values()), now=now)
    return changed


def post_test_import(
    *, session: WorkshopSession, file: UploadedFile | io.IOBase, recorded_by: User
) -> int:
    """Import post-test scores from a CSV `nip;nilai` (header on row 1).

    All-or-nothing: any bad row raises ValidationError listing the errors by row
    number (the first BANGKOM_UPLOAD_LIMITS["post_test"]["max_errors"], then "… and M
    more"), and nothing is saved. The file is read by the project's one table reader
    (config.uploads): its size is checked before reading and its rows while
    streaming; XLSX works too. Returns the number of scores imported."""
    limits = upload_limits("post_test")
    errors = ErrorList(limit=limits.max_errors)
    scores: dict[int, Decimal] = {}
    try:
        table = table_open(file=file, file_name=getattr(file, "name", "") or "",
                           limits=limits)
        header = [str(cell or "").replace("\ufeff", "").strip().lower()
                  for cell in table.headers]
        if header[:2] != ["nip", "nilai"]:
            table.close()
            raise ValidationError(_("Row 1: the header must be “nip;nilai”."))
        enrolled = dict(
            Enrollment.objects.filter(session=session, status=EnrollmentStatus.ENROLLED)
            .values_list("employee__nip", "pk")
        )
        seen: dict[str, int] = {}
        for number, row in table.rows:
            if len(row) < 2:
                errors.add(number, "", _("Row %(row)d: expected two columns, nip;nilai.")
                           % {"row": number})
                continue
            nip = "".join(str(row[0] or "").split())
            if nip in seen:
                errors.add(number, "nip", _(
                    "Row %(row)d: NIP %(nip)s already appears on row %(first)d.") % {
                    "row": number, "nip": nip, "first": seen[nip]})
                continue
            seen[nip] = number
            if nip not in enrolled:
                errors.add(number, "nip", _(
                    "Row %(row)d: NIP %(nip)s is not enrolled in this session.") % {
                    "row": number, "nip": nip})
                continue
            try:
                scores[enrolled[nip]] = score_parse(str(row[1] if row[1] is not None else ""))
            except ValidationError as exc:
                errors.add(number, "nilai", _("Row %(row)d: %(error)s") % {
                    "row": number, "error": exc.messages[0]})
    except UploadError as exc:
        raise ValidationError(str(exc)) from None
    if errors:
        messages = [e.message for e in errors.kept]
        if errors.hidden:
            messages.append(more_errors_message(errors.hidden))
        raise ValidationError(messages)
    if not scores:
        raise ValidationError(_("The file has no scores."))
    post_test_scores_save(session=session, scores=scores, recorded_by=recorded_by)
    return len(scores)
