"""Matching runs: the pool a run matches, queueing a run and running the solver
(mentoring.matching) into proposed pairs."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.eligibility import (
    PersonFacts,
    ProgramRules,
    gap_candidates_for,
    level_candidates_for,
    mentor_rule_failures,
    pair_explain,
    person_facts_load,
)
from mentoring.matching import match_solve
from mentoring.models import (
    MatchingRun,
    MatchingRunStatus,
    MenteeNomination,
    MentoringPair,
    MentoringProgram,
    MentorOptIn,
    PairStatus,
)
from mentoring.services.pairs import pairs_live
from people.models import User


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
    approved = list(pairs_live(program).exclude(status=PairStatus.PROPOSED)
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

    matching_run_execute_task.delay_on_commit(run.pk)  # type: ignore[attr-defined]  # a DjangoTask
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
