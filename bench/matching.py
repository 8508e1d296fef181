"""Benchmark: the mentoring matching solver on a large program.

    .venv/bin/python bench/matching.py --mentees 5000 --mentors 1000

Generates a program in memory (no database: the solver works on the facts a run
loads in about ten queries): 8 competencies in focus; mentors strong in a few of
them (levels 2.5–5, some below the program's minimum of 3); mentees with 1–3 gaps
(the gap analysis's priority 0.5–4) and their levels; 60 units, golongan, 5 % of
mentees supervised by a mentor. Rules: the direct supervisor excluded, the mentor
senior in golongan, at most 3 mentees each. Times the product's path
(`match_solve`: vectorised scoring, pruned candidate edges, capacity slots,
scipy's min_weight_full_bipartite_matching) and, in the same run, the greedy
baseline (best remaining pair first) over every allowed pair.

Prints: seconds (scoring + solver), greedy_seconds, score_vs_greedy (total score of
the solver over greedy's), pairs, greedy_pairs, edges, peak_rss_mb. With
--check-exact N it also solves the first N mentees without the top-k pruning and
prints the pruned solution's share of that optimum.
"""

# ruff: noqa: T201  (a command-line report)
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def world(mentees: int, mentors: int, seed: int):  # type: ignore[no-untyped-def]
    from mentoring.eligibility import PersonFacts, ProgramRules

    rnd = random.Random(seed)
    comps = tuple(range(1, 9))
    rules = ProgramRules(competency_ids=comps, min_mentor_level=3.0, max_mentees_per_mentor=3,
                         supervisor_rule="EXCLUDED", mentor_senior_rank=True)
    mentor_list = []
    for i in range(mentors):
        strong = rnd.sample(comps, rnd.choice([2, 3, 4]))
        mentor_list.append(PersonFacts(
            employee_id=i + 1, unit_id=rnd.randrange(60), rank_order=rnd.randint(10, 15),
            levels={c: rnd.choice([2.5, 3.0, 3.5, 4.0, 4.5, 5.0]) for c in strong}))
    mentee_list = []
    for j in range(mentees):
        gaps = rnd.sample(comps, rnd.choice([1, 2, 3]))
        levels = {c: rnd.choice([1.0, 1.5, 2.0, 2.5, 3.0]) for c in gaps}
        mentee_list.append(PersonFacts(
            employee_id=100_000 + j, unit_id=rnd.randrange(60), rank_order=rnd.randint(6, 12),
            supervisor_id=rnd.randint(1, mentors) if rnd.random() < 0.05 else None,
            levels=levels,
            gaps={c: (g := rnd.choice([0.5, 1.0, 1.5, 2.0]), round(g * rnd.uniform(1, 2), 2))
                  for c in gaps}))
    return rules, mentor_list, mentee_list


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check-exact", type=int, default=0)
    args = parser.parse_args()
    import django

    django.setup()
    import numpy as np

    from mentoring.matching import match_solve, score_candidates, solve_greedy

    rules, mentors, mentees = world(args.mentees, args.mentors, args.seed)
    start = time.perf_counter()
    result = match_solve(rules=rules, mentors=mentors, mentees=mentees, with_greedy=False)
    seconds = time.perf_counter() - start

    # Greedy gets every allowed pair with a positive score (it is not limited by the
    # solver's pruning: a fair baseline).
    start = time.perf_counter()
    rows, cols, scores = score_candidates(rules=rules, mentors=mentors, mentees=mentees,
                                          top_k=len(mentors), mentor_keep=len(mentees))
    cap = np.full(len(mentors), rules.max_mentees_per_mentor)
    greedy = solve_greedy(rows=rows, cols=cols, scores=scores, capacity=cap)
    greedy_seconds = time.perf_counter() - start
    greedy_total = sum(s for _r, _c, s in greedy)

    print(f"mentees: {args.mentees}")
    print(f"mentors: {args.mentors}")
    print(f"seconds: {seconds:.2f}")
    print(f"greedy_seconds: {greedy_seconds:.2f}")
    print(f"score_vs_greedy: {result.total / greedy_total:.4f}")
    print(f"total_score: {result.total:.1f}")
    print(f"greedy_score: {greedy_total:.1f}")
    print(f"pairs: {len(result.pairs)}")
    print(f"greedy_pairs: {len(greedy)}")
    print(f"edges: {result.edge_count}")
    if args.check_exact:
        part = mentees[: args.check_exact]
        pruned = match_solve(rules=rules, mentors=mentors, mentees=part, with_greedy=False)
        exact = match_solve(rules=rules, mentors=mentors, mentees=part, with_greedy=False,
                            top_k=len(mentors))
        print(f"pruned_vs_exact_{args.check_exact}: {pruned.total / exact.total:.4f}")
    print(f"peak_rss_mb: {rss_mb():.0f}")


if __name__ == "__main__":
    main()
