"""The catalog's "Matching my gaps" filter reads the stored gap suggestions, which
belong to learning.recommendations, above the catalog. The catalog must not import
it (learning/'s parts depend downward only, docs/architecture.md), so, like
home/panels.py, the recommendations register the query here from their
AppConfig.ready():

    from learning.catalog.gap_scores import register_catalog_gap_scores

    @register_catalog_gap_scores
    def gap_scores(*, employee_id):
        return Recommendation.objects.filter(employee_id=employee_id, kind="GAP",
                                             workshop_id=OuterRef("pk"))
"""
from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

# `func(*, employee_id) -> QuerySet`: the employee's gap suggestion rows for the
# workshop OuterRef("pk") (a subquery of the catalog's workshop query), with a
# `score` field to order by.
GapScores = Callable[..., QuerySet]

_gap_scores: list[GapScores] = []


def register_catalog_gap_scores(func: GapScores) -> GapScores:
    _gap_scores[:] = [func]  # one source; a re-import does not register twice
    return func


def catalog_gap_scores(*, employee_id: int | None) -> QuerySet | None:
    """The registered subquery for this employee, or None when no part registered one
    (then no workshop matches the filter)."""
    if not _gap_scores:
        return None
    return _gap_scores[0](employee_id=employee_id)
