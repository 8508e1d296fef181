"""Ways to close a gap, shown beside each gap on the competency profile, contributed
by apps above competencies (learning's recommended workshops, mentoring offers).

competencies must not import learning, so, like home/panels.py, those apps register
a provider here from their AppConfig.ready():

    from competencies.gaps.remedies import GapRemedy, register_gap_remedy_provider

    @register_gap_remedy_provider(name="workshops")
    def workshops_for_gaps(*, employee, competency_ids):
        return {competency_id: [GapRemedy(...)], ...}

A provider answers for all the profile's gaps at once and must run a constant number
of queries (the profile's query count is asserted in tests).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from people.models import Employee


@dataclass(frozen=True)
class GapRemedy:
    """One way forward for one gap, as the profile shows it."""

    kind: str  # "workshop", "mentoring", "none" (nothing covers it), …
    title: str  # translated by the provider
    detail: str = ""  # one plain sentence (translated by the provider)
    url: str = ""


GapRemedyProvider = Callable[..., dict[int, list[GapRemedy]]]

_providers: dict[str, GapRemedyProvider] = {}


def register_gap_remedy_provider(*, name: str) -> Callable[[GapRemedyProvider], GapRemedyProvider]:
    """Register `func(*, employee, competency_ids, own) -> {competency_id: [GapRemedy]}`;
    `own`: the reader is the employee ("Anda"), else someone else (their name)."""

    def decorator(func: GapRemedyProvider) -> GapRemedyProvider:
        _providers[name] = func  # keyed by name: a re-import does not register twice
        return func

    return decorator


def gap_remedies_for(
    *, employee: Employee, competency_ids: Iterable[int], own: bool = True
) -> dict[int, list[GapRemedy]]:
    """Every provider's remedies for these gaps of this employee, written for the
    employee (`own`) or for someone else reading their profile."""
    ids = list(competency_ids)
    found: dict[int, list[GapRemedy]] = {}
    if not ids:
        return found
    for name in sorted(_providers):
        for cid, remedies in _providers[name](employee=employee, competency_ids=ids,
                                                 own=own).items():
            found.setdefault(cid, []).extend(remedies)
    return found
