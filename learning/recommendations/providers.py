"""Other ways forward for gaps that no workshop covers, contributed by other apps.

`learning/` must never import `mentoring/` (apps depend downward only), yet a gap that
no workshop closes should still lead somewhere. So, like `home/panels.py`, apps register
a provider here from their AppConfig.ready():

    from learning.recommendations.providers import GapOffer, register_gap_offer_provider

    @register_gap_offer_provider(name="mentoring")
    def mentoring_offers(*, employee_ids, competency_ids, names=None):
        ...
        return {(employee_id, competency_id): [GapOffer(...)], ...}

A provider answers for many employees at once and must run a constant number of
queries (pages that list offers assert their query counts). Its reasons are written
to the employee ("Anda"), or, when `names` ({employee_id: name}) is given, to someone
else reading about them, in the third person with the name.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class GapOffer:
    """One way forward for one employee's gap in one competency."""

    kind: str  # e.g. "mentoring"; says which provider offered it
    title: str  # shown as the offer's heading (translated by the provider)
    reason: str  # one plain sentence on why this helps (translated by the provider)
    url: str = ""  # where the employee can act on it, if anywhere


GapOfferKey = tuple[int, int]  # (employee_id, competency_id)
GapOfferProvider = Callable[..., dict[GapOfferKey, list[GapOffer]]]

_providers: dict[str, GapOfferProvider] = {}


def register_gap_offer_provider(*, name: str) -> Callable[[GapOfferProvider], GapOfferProvider]:
    """Register `func(*, employee_ids, competency_ids, names=None)`, which returns
    `{(employee_id, competency_id): [GapOffer, ...]}`."""

    def decorator(func: GapOfferProvider) -> GapOfferProvider:
        # Keyed by name so a re-imported module does not register twice.
        _providers[name] = func
        return func

    return decorator


def gap_offers_for(
    *, employee_ids: Iterable[int], competency_ids: Iterable[int],
    names: dict[int, str] | None = None,
) -> dict[GapOfferKey, list[GapOffer]]:
    """Every provider's offers for these employees' gaps in these competencies; with
    `names`, written for a reader other than the employee."""
    employee_ids, competency_ids = list(employee_ids), list(competency_ids)
    offers: dict[GapOfferKey, list[GapOffer]] = {}
    if not employee_ids or not competency_ids:
        return offers
    for name in sorted(_providers):
        for key, found in _providers[name](
            employee_ids=employee_ids, competency_ids=competency_ids, names=names
        ).items():
            offers.setdefault(key, []).extend(found)
    return offers
