"""The matching solver on small hand-built cases whose optimum is known, against brute
force on random small cases, and one real run over the database."""
from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import replace

import pytest

from mentoring.eligibility import PersonFacts, ProgramRules, pair_explain
from mentoring.matching import match_solve
from mentoring.models import MatchingRun, MentoringPair, PairStatus
from mentoring.services.matching_runs import matching_run_execute, matching_run_start
from tests.factories import make_hr_user
from tests.mentoring.world import TODAY, active_pair, competency, mentee, person, program, recompute

C1, C2 = 1, 2
RULES = ProgramRules(competency_ids=(C1, C2), min_mentor_level=3.0, max_mentees_per_mentor=1)


def mentor_f(pk: int, **levels) -> PersonFacts:
    return PersonFacts(pk, rank_order=12, unit_id=1,
                       levels={int(k[1:]): v for k, v in levels.items()})


def mentee_f(pk: int, comp: int, weight: float, level: float, **extra) -> PersonFacts:
    return PersonFacts(pk, rank_order=9, unit_id=1, levels={comp: level},
                       gaps={comp: (1.0, weight)}, **extra)


def pairs_of(result) -> set[tuple[int, int]]:
    return {(m, e) for m, e, _s in result.pairs}


class KnownOptimumTests:
    def test_greedy_loses_the_solver_does_not(self):
        """A is best for e1 (10) and good for e2 (9); B can only help e1 (8). Greedy
        takes A–e1 and leaves e2 alone (10); the optimum is A–e2 + B–e1 (17)."""
        a, b = mentor_f(1, c1=5.0, c2=5.0), mentor_f(2, c1=4.2)
        e1, e2 = mentee_f(10, C1, 2.5, 1.0), mentee_f(11, C2, 3.0, 2.0)
        result = match_solve(rules=RULES, mentors=[a, b], mentees=[e1, e2])
        assert pairs_of(result) == {(1, 11), (2, 10)}
        assert result.total == pytest.approx(17.0)
        assert result.greedy_total == pytest.approx(10.0)

    def test_capacity_is_respected_and_used_for_the_best(self):
        a = mentor_f(1, c1=5.0)
        mentees = [mentee_f(10, C1, 1.0, 1.0), mentee_f(11, C1, 3.0, 1.0),
                   mentee_f(12, C1, 2.0, 1.0)]
        result = match_solve(rules=replace(RULES, max_mentees_per_mentor=2), mentors=[a],
                             mentees=mentees)
        assert pairs_of(result) == {(1, 11), (1, 12)}
        one_left = match_solve(rules=replace(RULES, max_mentees_per_mentor=2), mentors=[a],
                               mentees=mentees, capacity={1: 1})
        assert pairs_of(one_left) == {(1, 11)}

    def test_supervisor_required(self):
        boss, star = mentor_f(1, c1=3.5), mentor_f(2, c1=5.0)
        report = mentee_f(10, C1, 2.0, 1.0, supervisor_id=1)
        other = mentee_f(11, C1, 2.0, 1.0, supervisor_id=99)
        result = match_solve(rules=replace(RULES, supervisor_rule="REQUIRED"),
                             mentors=[boss, star], mentees=[report, other])
        assert pairs_of(result) == {(1, 10)}

    def test_supervisor_excluded(self):
        boss, other = mentor_f(1, c1=5.0), mentor_f(2, c1=3.5)
        report = mentee_f(10, C1, 2.0, 1.0, supervisor_id=1)
        result = match_solve(rules=replace(RULES, supervisor_rule="EXCLUDED"),
                             mentors=[boss, other], mentees=[report])
        assert pairs_of(result) == {(2, 10)}

    def test_supervisor_allowed_takes_the_best(self):
        boss, other = mentor_f(1, c1=5.0), mentor_f(2, c1=3.5)
        report = mentee_f(10, C1, 2.0, 1.0, supervisor_id=1)
        result = match_solve(rules=RULES, mentors=[boss, other], mentees=[report])
        assert pairs_of(result) == {(1, 10)}

    def test_unit_and_seniority_rules(self):
        near = PersonFacts(1, rank_order=8, unit_id=1, levels={C1: 5.0})
        far = PersonFacts(2, rank_order=12, unit_id=2, levels={C1: 4.0})
        e = mentee_f(10, C1, 2.0, 1.0)  # unit 1, rank 9
        same = match_solve(rules=replace(RULES, unit_rule="SAME"), mentors=[near, far],
                           mentees=[e])
        assert pairs_of(same) == {(1, 10)}
        senior = match_solve(rules=replace(RULES, mentor_senior_rank=True),
                             mentors=[near, far], mentees=[e])
        assert pairs_of(senior) == {(2, 10)}

    def test_a_mentor_below_the_level_or_behind_the_mentee_scores_nothing(self):
        weak = mentor_f(1, c1=2.5)  # below min level 3
        behind = mentor_f(2, c1=3.0)
        e = mentee_f(10, C1, 2.0, 3.5)
        assert match_solve(rules=RULES, mentors=[weak, behind], mentees=[e]).pairs == []

    def test_score_matches_the_explanation(self):
        a = mentor_f(1, c1=5.0, c2=4.0)
        e = PersonFacts(10, levels={C1: 2.0, C2: 1.0}, gaps={C1: (1.0, 2.0), C2: (2.0, 1.5)})
        result = match_solve(rules=RULES, mentors=[a], mentees=[e])
        score, lines = pair_explain(rules=RULES, mentor=a, mentee=e)
        assert result.total == pytest.approx(score) == pytest.approx(2.0 * 3 + 2.0 * 3)
        assert [line["competency_id"] for line in lines] == [C1, C2]


def brute_force(rules, mentors, mentees) -> float:
    scores = {(m.employee_id, e.employee_id): pair_explain(rules=rules, mentor=m, mentee=e)[0]
              for m in mentors for e in mentees}
    options = [None] + [m.employee_id for m in mentors]
    best = 0.0
    for choice in itertools.product(options, repeat=len(mentees)):
        load = {}
        total = 0.0
        for e, m in zip(mentees, choice, strict=True):
            if m is None:
                continue
            load[m] = load.get(m, 0) + 1
            total += scores[(m, e.employee_id)]
        if all(n <= rules.max_mentees_per_mentor for n in load.values()):
            best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_optimum_equals_brute_force_on_random_small_cases(seed):
    rnd = random.Random(seed)
    rules = replace(RULES, max_mentees_per_mentor=rnd.choice([1, 2]))
    mentors = [PersonFacts(i, levels={c: rnd.choice([2.5, 3.0, 4.0, 5.0]) for c in (C1, C2)})
               for i in range(1, 4)]
    mentees = [PersonFacts(10 + i, levels={c: rnd.choice([1.0, 2.0, 3.0]) for c in (C1, C2)},
                           gaps={c: (1.0, rnd.choice([0.5, 1.0, 2.0, 3.5])) for c in (C1, C2)
                                 if rnd.random() < 0.7})
               for i in range(5)]
    result = match_solve(rules=rules, mentors=mentors, mentees=mentees)
    assert result.total == pytest.approx(brute_force(rules, mentors, mentees), abs=0.02)
    assert result.total >= result.greedy_total - 1e-9


@pytest.mark.django_db
class MatchingRunTests:
    def test_a_run_proposes_explained_pairs_and_keeps_approved_ones(
        self, django_capture_on_commit_callbacks
    ):
        comp = competency("T.RUN")
        prog = program([comp], max_mentees_per_mentor=1)
        person("Ahli Satu", levels={comp: 5})
        cakap = person("Cakap Dua", levels={comp: 4})
        needy = mentee("Butuh Banyak", needs={comp: (4, 1.5)})
        little = mentee("Butuh Sedikit", needs={comp: (3, 2.5)})
        settled = mentee("Sudah Berpasangan", needs={comp: (4, 2.0)})
        recompute(needy, little, settled)
        kept = active_pair(prog, cakap, settled)
        hr = make_hr_user()

        with django_capture_on_commit_callbacks(execute=True):
            run = matching_run_start(program=prog, started_by=hr)  # eager Celery
        run.refresh_from_db()
        assert run.status == "SUCCEEDED" and run.percent == 100
        proposed = MentoringPair.objects.filter(program=prog, status=PairStatus.PROPOSED)
        # cakap's one place is taken by the approved pair: ahli takes the neediest.
        assert {(p.mentor.name, p.mentee.name) for p in proposed} == {("Ahli Satu",
                                                                        "Butuh Banyak")}
        pair = proposed.get()
        assert pair.explanation[0]["competency_id"] == comp.pk
        assert pair.explanation[0]["mentor_level"] == 5.0
        assert pair.score == pytest.approx(pair.explanation[0]["points"])
        kept.refresh_from_db()
        assert kept.status == PairStatus.ACTIVE

        again = MatchingRun.objects.create(program=prog)
        matching_run_execute(run_id=again.pk, today=TODAY)
        assert MentoringPair.objects.filter(program=prog, status=PairStatus.PROPOSED).count() == 1
        assert MentoringPair.objects.filter(program=prog).count() == 2

    def test_running_a_finished_run_again_changes_nothing(self):
        comp = competency("T.RUN")
        prog = program([comp])
        run = MatchingRun.objects.create(program=prog, status="SUCCEEDED",
                                         finished_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert matching_run_execute(run_id=run.pk).pair_count == 0
