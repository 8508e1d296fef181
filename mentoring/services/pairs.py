"""HR's pair editor and approval: a pair is checked against the program's rules before it
is added or changed, and its people are told after commit."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config.audit import audit_record
from mentoring.eligibility import (
    ProgramRules,
    mentor_rule_failures,
    pair_explain,
    pair_rule_failures,
    person_facts_load,
)
from mentoring.models import (
    LIVE_PAIR_STATUSES,
    MentoringPair,
    MentoringProgram,
    MentorOptIn,
    PairStatus,
    ProgramStatus,
)
from people.models import Employee, User


def pairs_live(program: MentoringProgram) -> QuerySet[MentoringPair]:
    return MentoringPair.objects.filter(program=program, status__in=LIVE_PAIR_STATUSES)



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
    live = pairs_live(program).exclude(pk=ignoring_pair_id)  # type: ignore[misc]  # None: none
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
    _audit(pair, user=added_by, change="add", before={},
           after={"mentor": mentor, "status": pair.status})
    return pair


def _audit(pair: MentoringPair, *, user: User | None, change: str, before: dict,
           after: dict) -> None:
    audit_record(pair, "bangkom.mentoring.pair", user=user,
                 subject=Employee(pk=pair.mentee_id), before=before, after=after,
                 change=change, program=str(pair.program_id))


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
    was = {"mentor": pair.mentor, "status": pair.status}
    if pair.status == PairStatus.PROPOSED:
        pair.mentor, pair.score, pair.explanation, pair.made_by_hand = (
            new_mentor, score, lines, True)
        pair.save(update_fields=["mentor", "score", "explanation", "made_by_hand", "updated_at"])
        _audit(pair, user=changed_by, change="swap", before=was,
               after={"mentor": new_mentor, "status": pair.status})
        return pair
    pair.status, pair.ended_reason = PairStatus.ENDED, _("Re-paired by HR")
    pair.save(update_fields=["status", "ended_reason", "updated_at"])
    new = MentoringPair.objects.create(
        program=pair.program, mentor=new_mentor, mentee_id=pair.mentee_id, score=score,
        explanation=lines, made_by_hand=True, status=PairStatus.ACTIVE,
        approved_at=timezone.now(), approved_by=changed_by,
    )
    _audit(pair, user=changed_by, change="swap", before=was,
           after={"mentor": pair.mentor, "status": pair.status})
    _audit(new, user=changed_by, change="swap", before={},
           after={"mentor": new_mentor, "status": new.status})
    pair_notify_queue(new.pk, "approved")
    return new


@transaction.atomic
def pair_remove(*, pair_id: int, removed_by: User, reason: str = "") -> None:
    """A proposed pair is deleted; an approved one ends, kept as history."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair_id)
    was = {"mentor": pair.mentor, "status": pair.status}
    if pair.status == PairStatus.PROPOSED:
        _audit(pair, user=removed_by, change="remove", before=was, after={"status": None})
        pair.delete()
        return
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(_("A completed pair cannot be removed."))
    pair.status = PairStatus.ENDED
    pair.ended_reason = (reason or _("Ended by HR"))[:300]
    pair.save(update_fields=["status", "ended_reason", "updated_at"])
    _audit(pair, user=removed_by, change="remove", before=was,
           after={"status": pair.status, "ended_reason": pair.ended_reason})


def pair_notify_queue(pair_id: int, kind: str) -> None:
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
    for pair in MentoringPair.objects.filter(pk__in=ids).select_related("mentor"):
        _audit(pair, user=approved_by, change="approve", before={"status": PairStatus.PROPOSED},
               after={"mentor": pair.mentor, "status": pair.status})
    for pk in ids:
        pair_notify_queue(pk, "approved")
    return len(ids)
