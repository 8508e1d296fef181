"""Mentoring writes: opt-ins and nominations, matching runs, HR's pair editor and
approval, goals, sessions (log → confirm or dispute → JP), the fit question, the
mentor's final assessment, completion and reminders. Keyword-only; a failed business
rule raises ValidationError with a sentence for the user.

One concern a module: nominations, matching_runs, pairs, goals, sessions, completion
and reminders. The names are re-exported here so `from mentoring import services`
keeps working; new code imports from the module that owns the name.
"""
from mentoring.services.completion import pair_complete, pair_fit_answer
from mentoring.services.goals import goal_add
from mentoring.services.matching_runs import (
    matching_pool_load,
    matching_run_execute,
    matching_run_mark_failed,
    matching_run_start,
)
from mentoring.services.nominations import mentee_nominate, mentor_opt_in, mentor_opt_out
from mentoring.services.pairs import pair_add, pair_check, pair_remove, pair_swap, pairs_approve
from mentoring.services.reminders import reminders_send
from mentoring.services.sessions import (
    EVIDENCE_TYPES,
    MENTORING_FORM_CODE,
    evidence_validate,
    session_confirm,
    session_dispute,
    session_jp_allowed,
    session_log,
    session_update,
)

__all__ = [
    "EVIDENCE_TYPES",
    "MENTORING_FORM_CODE",
    "evidence_validate",
    "goal_add",
    "matching_pool_load",
    "matching_run_execute",
    "matching_run_mark_failed",
    "matching_run_start",
    "mentee_nominate",
    "mentor_opt_in",
    "mentor_opt_out",
    "pair_add",
    "pair_check",
    "pair_complete",
    "pair_fit_answer",
    "pair_remove",
    "pair_swap",
    "pairs_approve",
    "reminders_send",
    "session_confirm",
    "session_dispute",
    "session_jp_allowed",
    "session_log",
    "session_update",
]
