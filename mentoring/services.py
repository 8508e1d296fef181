"""Mentoring writes: opt-ins and nominations, matching runs, HR's pair editor and
approval, goals, sessions (log → confirm or dispute → JP), the fit question, the
mentor's final assessment, completion and reminders. Keyword-only; a failed business
rule raises ValidationError with a sentence for the user."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.models import Assessment, AssessmentSource, Competency
from learning.completion.services import jp_ledger_credit
from learning.models import JpLedgerSource, LearningForm
from mentoring.access import pair_check_active
from mentoring.eligibility import (
    PersonFacts,
    ProgramRules,
    gap_candidates_for,
    level_candidates_for,
    mentor_rule_failures,
    pair_explain,
    pair_rule_failures,
    person_facts_load,
)
from mentoring.matching import match_solve
from mentoring.models import (
    EVIDENCE_MAX_BYTES,
    LIVE_PAIR_STATUSES,
    MatchingRun,
    MatchingRunStatus,
    MenteeNomination,
    MentoringGoal,
    MentoringPair,
    MentoringProgram,
    MentoringReminder,
    MentoringSession,
    MentorOptIn,
    PairStatus,
    ProgramStatus,
    ReminderKind,
    SessionStatus,
)
from mentoring.selectors import session_jp_figures
from people.models import Employee, User

EVIDENCE_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
MENTORING_FORM_CODE = "mentoring"  # learning.LearningForm seeded by learning 0005

# --- Opt-in and nominations ----------------------------------------------------------


def mentor_opt_in(*, program: MentoringProgram, employee: Employee) -> MentorOptIn:
    """Idempotent: opting in twice keeps one row."""
    if program.status == ProgramStatus.CLOSED:
        raise ValidationError(_("This program is closed."))
    opt_in, _created = MentorOptIn.objects.get_or_create(program=program, employee=employee)
    return opt_in


def mentor_opt_out(*, program: MentoringProgram, employee: Employee) -> None:
    MentorOptIn.objects.filter(program=program, employee=employee).delete()


def mentee_nominate(
    *, program: MentoringProgram, employee: Employee, nominated_by: User, source: str
) -> MenteeNomination:
    """Put an employee forward as a mentee. Idempotent per (program, employee)."""
    if program.status == ProgramStatus.CLOSED:
        raise ValidationError(_("This program is closed."))
    if not employee.is_active:
        raise ValidationError(_("%(name)s is not an active employee.") % {"name": employee.name})
    nomination, _created = MenteeNomination.objects.get_or_create(
        program=program, employee=employee,
        defaults={"source": source, "nominated_by": nominated_by},
    )
    return nomination


# --- Matching -------------------------------------------------------------------------


def _live_pairs(program: MentoringProgram):  # type: ignore[no-untyped-def]
    return MentoringPair.objects.filter(program=program, status__in=LIVE_PAIR_STATUSES)


def matching_pool_load(
    *, program: MentoringProgram, today: dt.date | None = None
) -> tuple[ProgramRules, list[PersonFacts], list[PersonFacts], dict[int, int]]:
    """The rules, the eligible mentors, the mentees to match and each mentor's places
    left, for a run. Mentees already in an approved pair keep it and are not matched
    again; approved pairs use up their mentor's places. About ten queries."""
    today = today or timezone.localdate()
    rules = ProgramRules.from_program(program)
    comps = list(rules.competency_ids)
    opted = set(MentorOptIn.objects.filter(program=program).values_list("employee_id", flat=True))
    if rules.require_opt_in:
        mentor_ids = set(opted)
    else:
        mentor_ids = set(level_candidates_for(competency_ids=comps,
                                              min_level=rules.min_mentor_level))
    mentee_ids = set(MenteeNomination.objects.filter(
        program=program, employee__is_active=True).values_list("employee_id", flat=True))
    if program.propose_from_gaps:
        mentee_ids |= set(gap_candidates_for(competency_ids=comps))
    approved = list(_live_pairs(program).exclude(status=PairStatus.PROPOSED)
                    .values_list("mentor_id", "mentee_id"))
    mentee_ids -= {mentee for _m, mentee in approved}
    used: dict[int, int] = {}
    for mentor, _mentee in approved:
        used[mentor] = used.get(mentor, 0) + 1
    facts = person_facts_load(employee_ids=list(mentor_ids | mentee_ids), competency_ids=comps,
                              opted_in=opted)
    mentors = [
        facts[i] for i in sorted(mentor_ids)
        if i in facts and not mentor_rule_failures(rules=rules, person=facts[i], today=today)
    ]
    capacity = {m.employee_id: max(0, rules.max_mentees_per_mentor - used.get(m.employee_id, 0))
                for m in mentors}
    mentees = [facts[i] for i in sorted(mentee_ids) if i in facts and facts[i].gaps]
    return rules, mentors, mentees, capacity


@transaction.atomic
def matching_run_start(*, program: MentoringProgram, started_by: User | None) -> MatchingRun:
    """Queue a matching run for the program, or return the one already queued or
    running (a double click starts one run)."""
    MentoringProgram.objects.select_for_update().get(pk=program.pk)
    running = MatchingRun.objects.filter(
        program=program, status__in=[MatchingRunStatus.PENDING, MatchingRunStatus.RUNNING]
    ).first()
    if running:
        return running
    if not program.competencies.exists():
        raise ValidationError(_("Choose the program's competencies in focus first."))
    run = MatchingRun.objects.create(program=program, started_by=started_by)
    from mentoring.tasks import matching_run_execute_task

    matching_run_execute_task.delay_on_commit(run.pk)
    return run


def _run_progress(run_id: int, percent: int) -> None:
    MatchingRun.objects.filter(pk=run_id).update(percent=percent)


def matching_run_execute(*, run_id: int, today: dt.date | None = None) -> MatchingRun:
    """Run the solver and replace the program's PROPOSED pairs with its proposal.
    Approved pairs are never touched. Idempotent: a finished run is not re-run."""
    run = MatchingRun.objects.select_related("program").get(pk=run_id)
    if run.is_finished:
        return run
    MatchingRun.objects.filter(pk=run_id).update(status=MatchingRunStatus.RUNNING, percent=5)
    program = run.program
    rules, mentors, mentees, capacity = matching_pool_load(program=program, today=today)
    _run_progress(run_id, 20)
    last = [20]

    def progress(share: float) -> None:
        percent = 20 + int(share * 70)
        if percent >= last[0] + 10:
            last[0] = percent
            _run_progress(run_id, percent)

    result = match_solve(rules=rules, mentors=mentors, mentees=mentees, capacity=capacity,
                         progress=progress)
    by_id = {p.employee_id: p for p in [*mentors, *mentees]}
    pairs = []
    for mentor_id, mentee_id, _score in result.pairs:
        score, lines = pair_explain(rules=rules, mentor=by_id[mentor_id], mentee=by_id[mentee_id])
        pairs.append(MentoringPair(program=program, mentor_id=mentor_id, mentee_id=mentee_id,
                                   score=score, explanation=lines))
    with transaction.atomic():
        MentoringPair.objects.filter(program=program, status=PairStatus.PROPOSED).delete()
        MentoringPair.objects.bulk_create(pairs, batch_size=1000)
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRunStatus.SUCCEEDED, percent=100, finished_at=timezone.now(),
            mentee_count=len(mentees), mentor_count=len(mentors), pair_count=len(pairs),
            total_score=result.total, greedy_score=result.greedy_total,
        )
    run.refresh_from_db()
    return run


def matching_run_mark_failed(*, run_id: int, error: str) -> None:
    MatchingRun.mark_failed(job_id=run_id, error=error)


# --- HR's pair editor ----------------------------------------------------------------


def pair_check(
    *, program: MentoringProgram, mentor_id: int, mentee_id: int,
    ignoring_pair_id: int | None = None, today: dt.date | None = None,
) -> tuple[list[str], float, list[dict]]:
    """Every rule this pair would break (mentor eligibility, pair rules, the mentor's
    capacity, the mentee's existing pairing), with its score and explanation."""
    today = today or timezone.localdate()
    rules = ProgramRules.from_program(program)
    opted = set(MentorOptIn.objects.filter(program=program, employee_id=mentor_id)
                .values_list("employee_id", flat=True))
    facts = person_facts_load(employee_ids=[mentor_id, mentee_id],
                              competency_ids=list(rules.competency_ids), opted_in=opted)
    if mentor_id not in facts or mentee_id not in facts:
        return [_("unknown employee")], 0.0, []
    mentor, mentee = facts[mentor_id], facts[mentee_id]
    failures = [
        _("mentor: %(rule)s") % {"rule": r}
        for r in mentor_rule_failures(rules=rules, person=mentor, today=today)
    ]
    failures += pair_rule_failures(rules=rules, mentor=mentor, mentee=mentee)
    live = _live_pairs(program).exclude(pk=ignoring_pair_id)
    if live.filter(mentor_id=mentor_id).count() >= rules.max_mentees_per_mentor:
        failures.append(_("the mentor already has %(n)d mentees, the program's maximum")
                        % {"n": rules.max_mentees_per_mentor})
    if live.filter(mentee_id=mentee_id).exists():
        failures.append(_("the mentee already has a mentor in this program"))
    score, lines = pair_explain(rules=rules, mentor=mentor, mentee=mentee)
    return failures, score, lines


def _refuse(failures: list[str]) -> None:
    if failures:
        raise ValidationError(
            _("This pair breaks the program's rules: %(rules)s.") % {"rules": "; ".join(failures)}
        )


@transaction.atomic
def pair_add(
    *, program: MentoringProgram, mentor: Employee, mentee: Employee, added_by: User
) -> MentoringPair:
    """HR adds a pair by hand, after re-checking every rule. It is PROPOSED until HR
    approves (the same "approve" as the solver's proposals)."""
    MentoringProgram.objects.select_for_update().get(pk=program.pk)
    failures, score, lines = pair_check(program=program, mentor_id=mentor.pk,
                                        mentee_id=mentee.pk)
    _refuse(failures)
    pair = MentoringPair.objects.create(
        program=program, mentor=mentor, mentee=mentee, score=score, explanation=lines,
        made_by_hand=True,
    )
    return pair


@transaction.atomic
def pair_swap(*, pair_id: int, new_mentor: Employee, changed_by: User) -> MentoringPair:
    """Give a mentee another mentor. A proposed pair changes in place; an approved one
    ends (kept as history) and a new approved pair starts, and both sides are told."""
    pair = MentoringPair.objects.select_for_update().select_related("program").get(pk=pair_id)
    if pair.status not in (PairStatus.PROPOSED, PairStatus.ACTIVE):
        raise ValidationError(_("Only a proposed or active pair can get another mentor."))
    if new_mentor.pk == pair.mentor_id:
        return pair  # the same mentor: nothing to end, nothing to announce
    failures, score, lines = pair_check(program=pair.program, mentor_id=new_mentor.pk,
                                        mentee_id=pair.mentee_id, ignoring_pair_id=pair.pk)
    _refuse(failures)
    if pair.status == PairStatus.PROPOSED:
        pair.mentor, pair.score, pair.explanation, pair.made_by_hand = (
            new_mentor, score, lines, True)
        pair.save(update_fields=["mentor", "score", "explanation", "made_by_hand", "updated_at"])
        return pair
    pair.status, pair.ended_reason = PairStatus.ENDED, _("Re-paired by HR")
    pair.save(update_fields=["status", "ended_reason", "updated_at"])
    new = MentoringPair.objects.create(
        program=pair.program, mentor=new_mentor, mentee_id=pair.mentee_id, score=score,
        explanation=lines, made_by_hand=True, status=PairStatus.ACTIVE,
        approved_at=timezone.now(), approved_by=changed_by,
    )
    _notify_pair(new.pk, "approved")
    return new


@transaction.atomic
def pair_remove(*, pair_id: int, removed_by: User, reason: str = "") -> None:
    """A proposed pair is deleted; an approved one ends, kept as history."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair_id)
    if pair.status == PairStatus.PROPOSED:
        pair.delete()
        return
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(_("A completed pair cannot be removed."))
    pair.status = PairStatus.ENDED
    pair.ended_reason = (reason or _("Ended by HR"))[:300]
    pair.save(update_fields=["status", "ended_reason", "updated_at"])


def _notify_pair(pair_id: int, kind: str) -> None:
    from mentoring.tasks import pair_notify_task

    pair_notify_task.delay_on_commit(pair_id, kind)


@transaction.atomic
def pairs_approve(*, program: MentoringProgram, approved_by: User) -> int:
    """Approve every proposed pair of the program and tell both sides (by email,
    once: only PROPOSED pairs change). The program starts running."""
    ids = list(MentoringPair.objects.select_for_update()
               .filter(program=program, status=PairStatus.PROPOSED).values_list("pk", flat=True))
    MentoringPair.objects.filter(pk__in=ids).update(
        status=PairStatus.ACTIVE, approved_at=timezone.now(), approved_by=approved_by)
    if program.status == ProgramStatus.DRAFT:
        MentoringProgram.objects.filter(pk=program.pk).update(status=ProgramStatus.RUNNING)
    for pk in ids:
        _notify_pair(pk, "approved")
    return len(ids)


# --- Goals ------------------------------------------------------------------------------


def goal_add(
    *, pair: MentoringPair, competency: Competency, success_criteria: str, action_items: str = ""
) -> MentoringGoal:
    pair_check_active(pair=pair)
    if not success_criteria.strip():
        raise ValidationError(_("Say what success looks like."))
    try:
        with transaction.atomic():
            return MentoringGoal.objects.create(
                pair=pair, competency=competency, success_criteria=success_criteria.strip(),
                action_items=action_items.strip())
    except IntegrityError:
        raise ValidationError(_("This pair already has a goal for that competency.")) from None


# --- Sessions ----------------------------------------------------------------------------


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
    session.status = SessionStatus.CONFIRMED
    session.confirmed_at = now or timezone.now()
    session.dispute_reason = ""
    session.rating, session.rating_comment = rating, (comment or "")[:300]
    session.jp_awarded = jp
    session.save(update_fields=["status", "confirmed_at", "dispute_reason", "rating",
                                "rating_comment", "jp_awarded", "updated_at"])
    pair = session.pair
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
    session.status, session.dispute_reason = SessionStatus.DISPUTED, reason
    session.save(update_fields=["status", "dispute_reason", "updated_at"])
    _notify_session(session.pk, "disputed")
    return session


# --- Fit, completion, certificate -----------------------------------------------------


@transaction.atomic
def pair_fit_answer(
    *, pair_id: int, employee: Employee, good_fit: bool, notify: bool = True
) -> MentoringPair:
    """Mentor or mentee answers "is this a good fit?" (after the first confirmed
    session). A "no" alerts HR."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair_id)
    pair_check_active(pair=pair)
    if not pair.sessions.filter(status=SessionStatus.CONFIRMED).exists():
        raise ValidationError(_("This question comes after the first confirmed session."))
    field = ("mentor_fit" if employee.pk == pair.mentor_id
             else "mentee_fit" if employee.pk == pair.mentee_id else None)
    if field is None:
        raise ValidationError(_("Only the mentor and the mentee answer this."))
    if getattr(pair, field) is not None:
        return pair
    setattr(pair, field, good_fit)
    pair.save(update_fields=[field, "updated_at"])
    if not good_fit and notify:
        _notify_pair(pair.pk, "misfit")
    return pair


@transaction.atomic
def pair_complete(
    *, pair_id: int, levels: dict[int, Decimal], met: dict[int, bool],
    today: dt.date | None = None,
) -> MentoringPair:
    """The mentor records the mentee's level per goal at the end. Each becomes an
    assessment with source MENTOR (dated today), the mentee's gaps are recomputed,
    the pairing is COMPLETED and its certificate requested. Needs every goal's level
    and at least one confirmed session."""
    today = today or timezone.localdate()
    pair = MentoringPair.objects.select_for_update().select_related("mentee").get(pk=pair_id)
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(_("Only an active pairing can be completed."))
    goals = list(pair.goals.all())
    if not goals:
        raise ValidationError(_("Agree at least one goal before completing."))
    if not pair.sessions.filter(status=SessionStatus.CONFIRMED).exists():
        raise ValidationError(_("A pairing needs a confirmed session to be completed."))
    for goal in goals:
        level = levels.get(goal.pk)
        if level is None or not Decimal(1) <= Decimal(level) <= Decimal(5):
            raise ValidationError(_("Give a level from 1 to 5 for every goal."))
    for goal in goals:
        goal.final_level = Decimal(levels[goal.pk]).quantize(Decimal("0.1"))
        goal.met = bool(met.get(goal.pk))
        goal.save(update_fields=["final_level", "met"])
        Assessment.objects.update_or_create(
            employee=pair.mentee, competency_id=goal.competency_id,
            source=AssessmentSource.MENTOR, assessed_on=today,
            defaults={"level": goal.final_level},
        )
    pair.status, pair.completed_at = PairStatus.COMPLETED, timezone.now()
    pair.save(update_fields=["status", "completed_at", "updated_at"])
    from competencies.gaps.services import gaps_recompute_enqueue

    gaps_recompute_enqueue(employee_ids=[pair.mentee_id])
    _request_certificate(pair)
    _notify_pair(pair.pk, "completed")
    return pair


def _request_certificate(pair: MentoringPair) -> None:
    """Ask the certificates app to issue the pairing's certificate after commit (the
    subject kind "MENTORING" is registered in mentoring/certificate_subject.py)."""
    from learning.certificates.tasks import certificate_issue_task

    certificate_issue_task.delay_on_commit("MENTORING", str(pair.pk))


# --- Reminders ---------------------------------------------------------------------------


def _week_key(today: dt.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def _remember(kind: str, ref: int, week: str) -> bool:
    """Record a reminder as sent; False when it already was (this week)."""
    try:
        with transaction.atomic():
            MentoringReminder.objects.create(kind=kind, ref=ref, week=week)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: dt.date | None = None, confirm_after_days: int = 2) -> int:
    """Daily (beat): remind mentors of active pairs with no session logged for the
    program's N weeks, and mentees of sessions waiting for their confirmation for more
    than `confirm_after_days`. At most once a week each (idempotent: safe to re-run).
    Returns the reminders sent."""
    from mentoring.notifications import idle_remind, session_notify

    today = today or timezone.localdate()
    week = _week_key(today)
    sent = 0
    pairs = (
        MentoringPair.objects.filter(status=PairStatus.ACTIVE,
                                     program__status=ProgramStatus.RUNNING,
                                     program__end_date__gte=today)
        .annotate(last=Max("sessions__held_on"))
        .values_list("pk", "last", "approved_at", "program__idle_reminder_weeks")
    )
    for pk, last, approved_at, weeks in pairs:
        since = last or (timezone.localdate(approved_at) if approved_at else None)
        if since is None or (today - since).days < weeks * 7:
            continue
        if _remember(ReminderKind.IDLE, pk, week):
            idle_remind(pair_id=pk, weeks=weeks)
            sent += 1
    cutoff = timezone.now() - dt.timedelta(days=confirm_after_days)
    waiting = MentoringSession.objects.filter(
        status=SessionStatus.SUBMITTED, updated_at__lt=cutoff, pair__status=PairStatus.ACTIVE
    ).values_list("pk", flat=True)
    for pk in waiting:
        if _remember(ReminderKind.CONFIRM, pk, week):
            session_notify(session_id=pk, kind="confirm_reminder")
            sent += 1
    return sent

