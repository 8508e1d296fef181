"""Mentoring sessions: logged with evidence by the mentor, confirmed (crediting JP) or
disputed by the mentee."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.models import Competency
from config.audit import audit_record
from learning.completion.services import jp_ledger_credit
from learning.models import JpLedgerSource, LearningForm
from mentoring.access import pair_check_active
from mentoring.models import EVIDENCE_MAX_BYTES, MentoringPair, MentoringSession, SessionStatus
from mentoring.selectors import session_jp_figures
from people.models import Employee

EVIDENCE_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
MENTORING_FORM_CODE = "mentoring"  # learning.LearningForm seeded by learning 0005


def evidence_validate(*, file: UploadedFile) -> None:
    """Refuse an evidence file over the size cap or that is not really a PDF, JPG or
    PNG (content sniffed; the extension must agree)."""
    if file.size is not None and file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("The evidence file is too big; the maximum is %(max)d MB.")
                              % {"max": EVIDENCE_MAX_BYTES // (1024 * 1024)})
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    kind = filetype.guess(head) if head else None
    allowed = EVIDENCE_TYPES.get(kind.mime if kind else "")
    if not allowed or not (file.name or "").lower().endswith(allowed):
        raise ValidationError(_("The evidence must be a PDF, JPG or PNG file."))


def _session_validate(*, pair: MentoringPair, held_on: dt.date, duration_minutes: int) -> None:
    if held_on > timezone.localdate():
        raise ValidationError(_("A session cannot be logged before it is held."))
    if held_on < pair.program.start_date or held_on > pair.program.end_date:
        raise ValidationError(_("The date is outside the program's period."))
    if not 10 <= duration_minutes <= 480:
        raise ValidationError(_("The duration must be between 10 and 480 minutes."))


@transaction.atomic
def session_log(
    *,
    pair: MentoringPair,
    held_on: dt.date,
    duration_minutes: int,
    mode: str,
    topics: str,
    competencies: list[Competency] | None = None,
    notes: str = "",
    agreed_actions: str = "",
    next_meeting: dt.date | None = None,
    evidence: UploadedFile | None = None,
    notify: bool = True,
) -> MentoringSession:
    """The mentor logs a session; it waits for the mentee's confirmation (they are
    emailed unless `notify` is false: the demo data). Only an active pair logs
    sessions."""
    pair_check_active(pair=pair)
    _session_validate(pair=pair, held_on=held_on, duration_minutes=duration_minutes)
    if evidence:
        evidence_validate(file=evidence)
    session = MentoringSession(
        pair=pair, held_on=held_on, duration_minutes=duration_minutes, mode=mode,
        topics=topics.strip(), notes=notes, agreed_actions=agreed_actions,
        next_meeting=next_meeting,
    )
    if evidence:
        session.evidence = evidence
    session.full_clean(exclude=["evidence"])
    session.save()
    if competencies:
        session.competencies.set(competencies)
    if notify:
        _notify_session(session.pk, "logged")
    return session


@transaction.atomic
def session_update(
    *, session_id: int, held_on: dt.date, duration_minutes: int, mode: str, topics: str,
    competencies: list[Competency] | None = None, notes: str = "", agreed_actions: str = "",
    next_meeting: dt.date | None = None, evidence: UploadedFile | None = None,
) -> MentoringSession:
    """The mentor corrects a session that waits or was disputed; it waits for the
    mentee's confirmation again. A confirmed session is final."""
    session = MentoringSession.objects.select_for_update().select_related(
        "pair__program").get(pk=session_id)
    pair_check_active(pair=session.pair)
    if session.status == SessionStatus.CONFIRMED:
        raise ValidationError(_("A confirmed session cannot be changed."))
    _session_validate(pair=session.pair, held_on=held_on, duration_minutes=duration_minutes)
    if evidence:
        evidence_validate(file=evidence)
        session.evidence = evidence
    session.held_on, session.duration_minutes, session.mode = held_on, duration_minutes, mode
    session.topics, session.notes, session.agreed_actions = topics.strip(), notes, agreed_actions
    session.next_meeting = next_meeting
    session.status, session.dispute_reason = SessionStatus.SUBMITTED, ""
    session.full_clean(exclude=["evidence"])
    session.save()
    if competencies is not None:
        session.competencies.set(competencies)
    _notify_session(session.pk, "logged")
    return session


def _notify_session(session_id: int, kind: str) -> None:
    from mentoring.tasks import session_notify_task

    session_notify_task.delay_on_commit(session_id, kind)


def session_jp_allowed(*, session: MentoringSession) -> Decimal:
    """The JP a confirmation credits (mentoring.selectors.session_jp_figures)."""
    return session_jp_figures(pair=session.pair, sessions=[session])[session.pk].jp


@transaction.atomic
def session_confirm(
    *, session_id: int, rating: int | None = None, comment: str = "",
    now: dt.datetime | None = None,
) -> MentoringSession:
    """The mentee confirms a session: it counts toward hours and its JP is credited to
    the mentee's ledger (source MENTORING, ref = session id: once, whatever happens).
    Confirming again changes nothing."""
    session = MentoringSession.objects.select_for_update().select_related(
        "pair__program", "pair__mentee").get(pk=session_id)
    if session.status == SessionStatus.CONFIRMED:
        return session
    pair_check_active(pair=session.pair)
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("Rate the session from 1 to 5."))
    jp = session_jp_allowed(session=session)
    old = session.status
    session.status = SessionStatus.CONFIRMED
    session.confirmed_at = now or timezone.now()
    session.dispute_reason = ""
    session.rating, session.rating_comment = rating, (comment or "")[:300]
    session.jp_awarded = jp
    session.save(update_fields=["status", "confirmed_at", "dispute_reason", "rating",
                                "rating_comment", "jp_awarded", "updated_at"])
    pair = session.pair
    # Who: the mentee, by whose request this runs (the service is theirs alone).
    audit_record(session, "bangkom.mentoring.confirm", subject=pair.mentee,
                 before={"status": old}, after={"status": session.status, "jp_awarded": jp},
                 rating=rating)
    jp_ledger_credit(
        employee=pair.mentee, source=JpLedgerSource.MENTORING, source_ref=session.pk, jp=jp,
        occurred_on=session.held_on,
        description=_("Mentoring with %(mentor)s: %(topics)s") % {
            "mentor": pair.mentor.name, "topics": session.topics},
        learning_form=LearningForm.objects.filter(code=MENTORING_FORM_CODE).first(),
    )
    return session


@transaction.atomic
def session_dispute(*, session_id: int, reason: str) -> MentoringSession:
    """The mentee disputes a waiting session with a reason: it goes back to the mentor
    (and HR sees it). A confirmed session cannot be disputed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why you dispute this session."))
    session = MentoringSession.objects.select_for_update().select_related("pair").get(
        pk=session_id)
    pair_check_active(pair=session.pair)
    if session.status == SessionStatus.CONFIRMED:
        raise ValidationError(_("This session is already confirmed."))
    if session.status == SessionStatus.DISPUTED:
        return session
    old = session.status
    session.status, session.dispute_reason = SessionStatus.DISPUTED, reason
    session.save(update_fields=["status", "dispute_reason", "updated_at"])
    audit_record(session, "bangkom.mentoring.dispute",
                 subject=Employee(pk=session.pair.mentee_id),
                 before={"status": old}, after={"status": session.status}, reason=reason)
    _notify_session(session.pk, "disputed")
    return session
