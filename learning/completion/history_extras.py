"""What parts of learning/ above completion add to a JP history page (the development
plan's planned vs achieved JP of the year, from learning.plans).

completion must not import them (learning/'s parts depend downward only,
docs/architecture.md), so, like home/panels.py, they register a function here from
their AppConfig.ready():

    from learning.completion.history_extras import register_jp_history_extra

    @register_jp_history_extra(name="plan")
    def plan_progress_extra(*, employee, year, viewer, own):
        return {"plan_progress": ...}

A function returns template variables for learning/completion/jp_history.html: `own`
is True on the employee's own page, False when a supervisor or HR views it (then
`viewer` is that person's user). It must run a constant number of queries (the page's
query count is asserted in tests)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from people.models import Employee, User

JpHistoryExtra = Callable[..., dict[str, Any]]

_extras: dict[str, JpHistoryExtra] = {}


def register_jp_history_extra(*, name: str) -> Callable[[JpHistoryExtra], JpHistoryExtra]:
    """Register `func(*, employee, year, viewer, own) -> dict` under `name`."""

    def decorator(func: JpHistoryExtra) -> JpHistoryExtra:
        _extras[name] = func  # keyed by name: a re-import does not register twice
        return func

    return decorator


def jp_history_extras(*, employee: Employee, year: int, viewer: User,
                      own: bool) -> dict[str, Any]:
    """Every registered part's template variables for this employee's JP history."""
    context: dict[str, Any] = {}
    for name in sorted(_extras):
        context.update(_extras[name](employee=employee, year=year, viewer=viewer, own=own))
    return context
