"""Writes for attendance, completion, the JP ledger, learning done elsewhere and
evaluations. Business rules live here; views and tasks only call these functions.

One concern a module (as Wagtail core splits its big modules):

- `jp`: the days and minutes a session spans and the JP its completion credits;
- `jp_ledger`: crediting and withdrawing JP, and when a year's ledger is final;
- `attendance`: the roster and the QR self check-in;
- `post_test`: post-test scores, typed in or imported;
- `completion`: whether an enrollment completed, its credit, certificate and email;
- `external_learning`: learning done elsewhere, submitted and verified;
- `evaluations`: the participant's evaluation of a session.

Everything is re-exported here, so `from learning.completion.services import X` keeps
working; new code may import from the module that holds it.

Time zone: a session's days are calendar days in the project's time zone
(settings.TIME_ZONE, Asia/Jakarta by default).
"""
from __future__ import annotations

from learning.completion.services.attendance import (
    CHECKIN_MAX_AGE_SECONDS,
    CHECKIN_SALT,
    CheckinError,
    attendance_checkin,
    attendance_save,
    checkin_token_make,
    checkin_token_read,
)
from learning.completion.services.completion import (
    completion_evaluate,
    completion_evaluate_ended_sessions,
    completion_evaluate_session,
    completion_notify,
)
from learning.completion.services.evaluations import evaluation_submit
from learning.completion.services.external_learning import (
    PROOF_MAX_BYTES,
    PROOF_TYPES,
    external_learning_jp_allowed,
    external_learning_jp_figure,
    external_learning_reject,
    external_learning_submit,
    external_learning_verify,
    proof_validate,
)
from learning.completion.services.jp import (
    ONE_TENTH,
    WorkshopJp,
    jp_from_minutes,
    jp_round,
    session_days,
    session_jp,
    session_jp_figure,
    session_minutes,
)
from learning.completion.services.jp_ledger import (
    jp_ledger_credit,
    jp_ledger_is_final,
    jp_ledger_withdraw,
)
from learning.completion.services.post_test import (
    post_test_import,
    post_test_scores_save,
    score_parse,
)

__all__ = [
    "CHECKIN_MAX_AGE_SECONDS",
    "CHECKIN_SALT",
    "CheckinError",
    "ONE_TENTH",
    "PROOF_MAX_BYTES",
    "PROOF_TYPES",
    "WorkshopJp",
    "attendance_checkin",
    "attendance_save",
    "checkin_token_make",
    "checkin_token_read",
    "completion_evaluate",
    "completion_evaluate_ended_sessions",
    "completion_evaluate_session",
    "completion_notify",
    "evaluation_submit",
    "external_learning_jp_allowed",
    "external_learning_jp_figure",
    "external_learning_reject",
    "external_learning_submit",
    "external_learning_verify",
    "jp_from_minutes",
    "jp_ledger_credit",
    "jp_ledger_is_final",
    "jp_ledger_withdraw",
    "jp_round",
    "post_test_import",
    "post_test_scores_save",
    "proof_validate",
    "score_parse",
    "session_days",
    "session_jp",
    "session_jp_figure",
    "session_minutes",
]
