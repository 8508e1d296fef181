"""Writes for attendance, completion, the JP ledger, learning done elsewhere and
evaluations. Business rules live here; views and tasks only call these functions.

Time zone: a session's days are calendar days in the project's time zone
(settings.TIME_ZONE, Asia/Jakarta by default).
"""
from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import filetype
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.uploads import (
    ErrorList,
    UploadError,
    more_errors_message,
    table_open,
    upload_limits,
)
from home.templatetags.durations import duration_text
from learning.certificates.subjects import JpWithdrawal
from learning.completion.jp_rules import (
    JpFigure,
    jp_figure,
    jp_from_minutes_whole,
    jp_text,
    learning_form_cap,
)
from learning.models import (
    Enrollment,
    EnrollmentStatus,
    LearningForm,
    WorkshopPage,
    WorkshopSession,
)
from learning.models.completion import (
    AttendanceMethod,
    AttendanceRecord,
    Completion,
    CompletionNotice,
    Evaluation,
    ExternalLearning,
    ExternalLearningStatus,
    JpLedgerEntry,
    JpLedgerSource,
    PostTestScore,
)
from people.models import Employee, User
from people.roles import employee_for

logger = logging.getLogger(__name__)

ONE_TENTH = Decimal("0.1")
CHECKIN_SALT = "learning.completion.checkin"
# A QR code stays valid this long after the display page made it; the page makes a
# new one every minute, so a photo of an old code stops working within minutes.
CHECKIN_MAX_AGE_SECONDS = 5 * 60
# The proof's size cap is the BANGKOM_UPLOAD_PROOF_MAX_BYTES setting.
PROOF_MAX_BYTES = settings.BANGKOM_UPLOAD_PROOF_MAX_BYTES
# Sniffed MIME type -> the only extensions accepted for it.
PROOF_TYPES = {
    "application/pdf": {".pdf"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
}


class CheckinError(Exception):
    """A self check-in was refused; str(error) is the message for the person."""


# --- Days and JP rules -------------------------------------------------------------


def session_days(*, session: WorkshopSession) -> list[dt.date]:
    """The calendar days (local time) a session spans, first to last. A session that
    ends exactly at midnight does not count the day it ends on."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    last = end.date()
    if end.time() == dt.time.min and last > start.date():
        last -= dt.timedelta(days=1)
    return [start.date() + dt.timedelta(days=i) for i in range((last - start.date()).days + 1)]


def jp_round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ONE_TENTH, rounding=ROUND_HALF_UP)


def session_minutes(*, session: WorkshopSession) -> int:
    """The learning minutes of a session: start to end on a one-day session; on a
    multi-day one the daily hours (start time to end time) × its days, not the nights
    between (the full span when the end time is not after the start time)."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    span = int((end - start).total_seconds() // 60)
    days = len(session_days(session=session))
    if days <= 1:
        return span
    daily = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return daily * days if daily > 0 else span


@dataclass(frozen=True)
class WorkshopJp:
    """What completing a session of a workshop credits, and why (for its pages)."""

    jp: Decimal
    basis: str  # the rule that gave the figure: "5 JP per hari × 2 hari"
    listed: Decimal  # the JP the workshop lists (× the multiplier abroad)

    @property
    def capped(self) -> bool:
        """The workshop lists more JP than its form's rule and its duration allow."""
        return self.listed > self.jp


def session_jp_figure(*, session: WorkshopSession) -> WorkshopJp:
    """The JP a session credits on completion, from the one rule (jp_rules.jp_figure):
    at most its minutes allow (1 JP = 45 minutes, whole JP), at most the learning
    form's rule (per day × days, per session, per activity: `learning_form_cap`), and
    for a form "as set by the program" at most the workshop's own JP (× the form's
    multiplier abroad). Reads the session's page and its learning form."""
    workshop: WorkshopPage = session.page
    form: LearningForm = workshop.learning_form
    abroad = workshop.is_international
    days = len(session_days(session=session))
    cap, cap_text = learning_form_cap(form=form, days=days, abroad=abroad)
    listed = jp_round(Decimal(workshop.jp) * (form.international_multiplier if abroad else 1))
    minutes = session_minutes(session=session)
    figure = jp_figure(minutes=minutes, claimed=None if cap is not None else listed,
                       cap=cap, cap_text=cap_text)
    if cap is not None and figure.jp == cap:
        basis = cap_text
    elif figure.jp == jp_from_minutes_whole(minutes=minutes) and (cap is not None
                                                                  or figure.jp < listed):
        basis = _("duration %(time)s (1 JP = %(per)d min)") % {
            "time": duration_text(minutes), "per": settings.BANGKOM_JP_MINUTES}
    else:  # the program's own JP; the multiplier only where it applies
        basis = form.jp_rule if abroad else _("JP as set by the program")
    return WorkshopJp(jp=figure.jp, basis=basis, listed=listed)


def session_jp(*, session: WorkshopSession) -> Decimal:
    """What completing `session` credits (session_jp_figure)."""
    return session_jp_figure(session=session).jp


def jp_from_minutes(*, minutes: int) -> Decimal:
    """Minutes of learning as whole JP, rounded down (1 JP = settings.BANGKOM_JP_MINUTES,
    45 by default): the rule of learning.completion.jp_rules."""
    return jp_from_minutes_whole(minutes=minutes)


# --- JP ledger ---------------------------------------------------------------------


def jp_ledger_credit(
    *,
    employee: Employee,
    source: str,
    source_ref: int,
    jp: Decimal,
    occurred_on: dt.date,
    description: str,
    learning_form: LearningForm | None = None,
) -> JpLedgerEntry:
    """Credit JP to the employee's ledger for the year of `occurred_on`.

    Idempotent: (source, source_ref) is unique, so crediting the same completion,
    external learning or mentoring session again updates the one entry instead of
    adding a second. The mentoring app calls this with source=MENTORING."""
    entry, _created = JpLedgerEntry.objects.update_or_create(
        source=source,
        source_ref=source_ref,
        defaults={
            "employee": employee,
            "year": occurred_on.year,
            "jp": jp,
            "occurred_on": occurred_on,
            "description": description[:300],
            "learning_form": learning_form,
        },
    )
    if entry.withdrawn_at is not None and entry.jp:
        # HR withdrew this credit (jp_ledger_withdraw); a recalculation of the same
        # completion or session must not credit it again.
        JpLedgerEntry.objects.filter(pk=entry.pk).update(jp=0, withdrawn_jp=jp)
        entry.jp, entry.withdrawn_jp = Decimal(0), jp
    return entry


@transaction.atomic
def jp_ledger_withdraw(
    *, source: str, source_refs: list[int], reason: str, now: dt.datetime | None = None,
) -> JpWithdrawal:
    """Withdraw the credits (source, ref) because the person was not entitled to them
    (HR revoked the certificate for it). The entries stay, read as withdrawn with the
    date and `reason` on the JP history; their JP no longer counts (jp becomes 0, the
    amount is kept in withdrawn_jp). Idempotent: an entry withdrawn already is left as
    it is. A final year's ledger (jp_ledger_is_final) keeps its credits, as for every
    correction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    entries = list(JpLedgerEntry.objects.select_for_update().filter(
        source=source, source_ref__in=source_refs, withdrawn_at__isnull=True))
    open_ids = [e.pk for e in entries if not jp_ledger_is_final(occurred_on=e.occurred_on,
                                                                 today=today)]
    if open_ids:
        JpLedgerEntry.objects.filter(pk__in=open_ids).update(
            withdrawn_at=now, withdrawn_jp=F("jp"), jp=0, withdrawn_reason=reason[:400])
    return JpWithdrawal(
        jp=sum((e.jp for e in entries if e.pk in open_ids), Decimal(0)),
        kept_final_jp=sum((e.jp for e in entries if e.pk not in open_ids), Decimal(0)),
    )


def jp_ledger_is_final(*, occurred_on: dt.date, today: dt.date | None = None) -> bool:
    """A year's ledger is final once the year is over (local time): reports for it
    have gone out, so later corrections no longer remove credits from it."""
    today = today or timezone.localdate()
    return occurred_on.year < today.year


# --- Attendance --------------------------------------------------------------------


@transaction.atomic
def attendance_save(
    *,
    session: WorkshopSession,
    present: Mapping[int, Iterable[dt.date]],
    marked_by: User,
    now: dt.datetime | None = None,
) -> int:
    """Save the roster: for every ENROLLED participant and every session day up to
    today, present iff the day is in `present[enrollment_id]`. Days after today are
    left alone. Idempotent: unchanged rows are not touched; returns how many rows
    were created or changed. Re-evaluates completion for each participant."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = [d for d in session_days(session=session) if d <= today]
    enrollments = list(
        Enrollment.objects.filter(session=session, status=EnrollmentStatus.ENROLLED)
        .select_related("employee", "session__page__learning_form")
        .select_for_update(of=("self",))
    )
    existing = {
        (r.enrollment_id, r.day): r
        for r in AttendanceRecord.objects.filter(enrollment__in=enrollments, day__in=days)
    }
    changed = 0
    to_create = []
    for enrollment in enrollments:
        marked_days = set(present.get(enrollment.pk, ()))
        for day in days:
            is_present = day in marked_days
            record = existing.get((enrollment.pk, day))
            if record is None:
                to_create.append(AttendanceRecord(
                    enrollment=enrollment, day=day, present=is_present, marked_by=marked_by,
                    method=AttendanceMethod.MANUAL, marked_at=now,
                ))
            elif record.present != is_present:
                record.present = is_present
                record.marked_by = marked_by
                record.method = AttendanceMethod.MANUAL
                record.marked_at = now
                record.save(update_fields=["present", "marked_by", "method", "marked_at"])
                changed += 1
    # ignore_conflicts: a double-clicked submit racing itself must not fail.
    AttendanceRecord.objects.bulk_create(to_create, ignore_conflicts=True)
    changed += len(to_create)
    completion_evaluate_session(session=session, enrollments=enrollments, now=now)
    return changed


def checkin_token_make(*, session: WorkshopSession, day: dt.date) -> str:
    """A signed, time-stamped token naming the session and the day (the QR code)."""
    return signing.TimestampSigner(salt=CHECKIN_SALT).sign_object(
        {"s": session.pk, "d": day.isoformat()}
    )


def checkin_token_read(*, token: str, session: WorkshopSession, today: dt.date) -> dt.date:
    """The day a token admits to `session`, or CheckinError for a forged, expired,
    other-session or other-day token."""
    signer = signing.TimestampSigner(salt=CHECKIN_SALT)
    try:
        data = signer.unsign_object(token, max_age=CHECKIN_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise CheckinError(
            _("This QR code has expired. Scan the code currently shown at the venue.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise CheckinError(_("This QR code is not valid.")) from None
    if not isinstance(data, dict) or data.get("s") != session.pk:
        raise CheckinError(_("This QR code belongs to another session."))
    try:
        day = dt.date.fromisoformat(str(data.get("d")))
    except ValueError:
        raise CheckinError(_("This QR code is not valid.")) from None
    if day != today:
        raise CheckinError(_("This QR code is for another day."))
    return day


@transaction.atomic
def attendance_checkin(
    *, session: WorkshopSession, token: str, user: User, now: dt.datetime | None = None
) -> AttendanceRecord:
    """Self check-in from the QR code: marks the user present for the token's day.
    Refuses (CheckinError) a bad token or a user not ENROLLED in the session.
    Idempotent: scanning twice leaves one present record."""
    now = now or timezone.now()
    day = checkin_token_read(token=token, session=session, today=timezone.localdate(now))
    if session.is_cancelled:
        raise CheckinError(_("This session has been cancelled."))
    if day not in session_days(session=session):
        raise CheckinError(_("This session does not take place today."))
    employee = employee_for(user)
    enrollment = (
        Enrollment.objects.filter(
            session=session, employee=employee, status=EnrollmentStatus.ENROLLED
        ).select_related("session__page__learning_form", "employee").first()
        if employee else None
    )
    if enrollment is None:
        raise CheckinError(
            _("You are not enrolled in this session, so you cannot check in to it.")
        )
    record, _created = AttendanceRecord.objects.update_or_create(
        enrollment=enrollment, day=day,
        defaults={"present": True, "marked_by": user, "method": AttendanceMethod.QR,
                  "marked_at": now},
    )
    completion_evaluate(enrollment=enrollment, now=now)
    return record


# --- Post-test scores --------------------------------------------------------------


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


# --- Completion --------------------------------------------------------------------


@transaction.atomic
def completion_evaluate(
    *, enrollment: Enrollment, now: dt.datetime | None = None
) -> Completion | None:
    """Compute whether `enrollment` completed its session and make the stored state
    agree: create/update its Completion and its ledger credit when the workshop's
    rule holds (attendance ≥ min_attendance_percent of the session's days and, when
    the workshop has a passing score, a post-test score ≥ it); remove both when a
    correction means the rule no longer holds, unless that year's ledger is final
    (then the completion is kept and the correction logged).

    Nothing is decided before the session has ended. Idempotent: evaluating twice
    leaves the same rows and credits JP once. Queues the completion email once."""
    now = now or timezone.now()
    if enrollment.session.ends_at > now:
        return Completion.objects.filter(enrollment=enrollment).first()
    results = completion_evaluate_session(
        session=enrollment.session, enrollments=[enrollment], now=now
    )
    return results[enrollment.pk]


def completion_evaluate_session(
    *, session: WorkshopSession, enrollments: list[Enrollment],
    now: dt.datetime | None = None,
) -> dict[int, Completion | None]:
    """completion_evaluate for many enrollments of one session (a saved roster, the
    nightly run): the same rule, with the stored state loaded in three queries for
    all of them instead of three each; only what changed is written. Returns each
    enrollment's completion by id (nothing before the session has ended)."""
    now = now or timezone.now()
    if not enrollments or session.ends_at > now:
        return {}
    days = session_days(session=session)
    ids = [e.pk for e in enrollments]
    existing = {c.enrollment_id: c for c in Completion.objects.filter(enrollment_id__in=ids)}
    present = dict(
        AttendanceRecord.objects.filter(enrollment_id__in=ids, present=True, day__in=days)
        .values("enrollment_id").annotate(n=Count("id")).values_list("enrollment_id", "n")
    )
    scores = dict(
        PostTestScore.objects.filter(enrollment_id__in=ids)
        .values_list("enrollment_id", "score")
    )
    return {
        enrollment.pk: _completion_apply(
            enrollment=enrollment, existing=existing.get(enrollment.pk), days=len(days),
            present=present.get(enrollment.pk, 0), score=scores.get(enrollment.pk), now=now,
        )
        for enrollment in enrollments
    }


def _certificate_withdraw(*, enrollment: Enrollment) -> None:
    """A completion undone: its certificate must no longer verify as valid."""
    from learning.certificates.services import certificate_withdraw
    from learning.completion.certificate_subject import WORKSHOP

    certificate_withdraw(subject_kind=WORKSHOP, subject_ref=str(enrollment.pk))


def _completion_apply(
    *, enrollment: Enrollment, existing: Completion | None, days: int, present: int,
    score: Decimal | None, now: dt.datetime,
) -> Completion | None:
    """The rule of completion_evaluate over loaded facts (the session has ended):
    write what differs from `existing`."""
    session = enrollment.session
    workshop = session.page
    percent = (Decimal(present) * 100 / Decimal(days)).quantize(ONE_TENTH)
    holds = (
        enrollment.status == EnrollmentStatus.ENROLLED
        and not session.is_cancelled
        and percent >= workshop.min_attendance_percent
        and (workshop.passing_score is None
             or (score is not None and score >= workshop.passing_score))
    )
    occurred_on = timezone.localdate(session.ends_at)
    if not holds:
        if existing is None:
            return None
        if jp_ledger_is_final(occurred_on=occurred_on, today=timezone.localdate(now)):
            logger.warning(
                "Completion %s no longer holds but the %s ledger is final; kept.",
                existing.pk, occurred_on.year,
            )
            return existing
        JpLedgerEntry.objects.filter(
            source=JpLedgerSource.COMPLETION, source_ref=existing.pk
        ).delete()
        existing.delete()
        _certificate_withdraw(enrollment=enrollment)
        return None
    jp = session_jp(session=session)
    if existing is not None and (existing.jp_awarded, existing.attendance_percent,
                                 existing.score) == (jp, percent, score):
        # Nothing changed (a re-saved roster): the completion and its credit, written
        # together, are already right.
        return existing
    completion, created = Completion.objects.update_or_create(
        enrollment=enrollment,
        defaults={"jp_awarded": jp, "attendance_percent": percent, "score": score},
        create_defaults={"jp_awarded": jp, "attendance_percent": percent, "score": score,
                         "completed_at": now},
    )
    jp_ledger_credit(
        employee=enrollment.employee,
        source=JpLedgerSource.COMPLETION,
        source_ref=completion.pk,
        jp=jp,
        occurred_on=occurred_on,
        description=workshop.title,
        learning_form=workshop.learning_form,
    )
    if created:
        from learning.certificates.tasks import certificate_issue_task
        from learning.completion.certificate_subject import WORKSHOP
        from learning.completion.tasks import completion_notify_task

        completion_notify_task.delay_on_commit(enrollment.pk)
        # The certificate is issued after commit, in the background (idempotent).
        certificate_issue_task.delay_on_commit(WORKSHOP, str(enrollment.pk))
    return completion


def completion_evaluate_ended_sessions(*, today: dt.date | None = None) -> int:
    """Evaluate every ENROLLED participant of the sessions that ended yesterday
    (local time). Idempotent. Returns how many enrollments were evaluated."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=1)
    enrollments = Enrollment.objects.filter(
        status=EnrollmentStatus.ENROLLED,
        session__ends_at__gte=start,
        session__ends_at__lt=end,
    ).select_related("session__page__learning_form", "employee").order_by("session_id", "pk")
    by_session: dict[int, list[Enrollment]] = {}
    for enrollment in enrollments:
        by_session.setdefault(enrollment.session_id, []).append(enrollment)
    now = timezone.now()
    for group in by_session.values():
        completion_evaluate_session(session=group[0].session, enrollments=group, now=now)
    return sum(len(group) for group in by_session.values())


def completion_notify(*, enrollment_id: int) -> bool:
    """Email the participant about their completion. Sent at most once per
    enrollment through config.notifications.notification_send: the CompletionNotice
    row is the claim, written in the same transaction as the send, so a failed send
    leaves no row (the retry sends) and a retried task after a successful send finds
    the row and sends nothing. Returns whether it sent."""
    from django.template.defaultfilters import floatformat

    from config.notifications import Notice, notification_send

    completion = (
        Completion.objects.select_related(
            "enrollment__employee__user", "enrollment__session__page"
        ).filter(enrollment_id=enrollment_id).first()
    )
    if completion is None:
        return False
    employee = completion.enrollment.employee
    title = completion.enrollment.session.page.title
    return notification_send(
        to=[employee.email or (employee.user.email if employee.user else "")],
        once=lambda: CompletionNotice.objects.create(enrollment_id=enrollment_id,
                                                     kind="COMPLETED"),
        compose=lambda: Notice(
            subject=_("You completed %(title)s") % {"title": title}, greet=employee.name,
            paragraphs=[
                _("You have completed “%(title)s”. %(jp)s JP have been credited to your "
                  "learning record.") % {"title": title,
                                         "jp": floatformat(completion.jp_awarded, -1)},
                _("Please take a minute to evaluate the session from your home page in "
                  "Bangkom.")],
            link="/"),
    )


# --- Learning done elsewhere -------------------------------------------------------


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
    return external


# --- Evaluations -------------------------------------------------------------------


def evaluation_submit(
    *,
    enrollment: Enrollment,
    user: User,
    material: int,
    facilitator: int,
    organization: int,
    comment: str = "",
) -> Evaluation:
    """The participant's reaction evaluation: only by the participant, only after
    completion, once per enrollment (a second submit is refused)."""
    if enrollment.employee.user_id != user.pk:
        raise ValidationError(_("Only the participant can evaluate their session."))
    if not Completion.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("You can evaluate a session after you have completed it."))
    for value in (material, facilitator, organization):
        if value not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Each rating must be from 1 to 5."))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                enrollment=enrollment, material=material, facilitator=facilitator,
                organization=organization, comment=comment.strip(),
            )
    except IntegrityError:
        raise ValidationError(_("You have already evaluated this session.")) from None
