"""What the recommendations add to other apps' pages, through their registries:
the home panel "Rekomendasi untuk Anda", the remedies beside each gap on the
competency profile (with mentoring's offers for gaps no workshop closes), HR's
link to the catalog-gap report, and the catalog's "Matching my gaps" filter.
Imported from RecommendationsConfig.ready()."""
from __future__ import annotations

from django.db.models import OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies.gaps.remedies import GapRemedy, register_gap_remedy_provider
from home.panels import register_home_panel, register_hr_link
from learning.catalog.gap_scores import register_catalog_gap_scores
from learning.recommendations.models import Recommendation, RecommendationKind
from learning.recommendations.providers import gap_offers_for
from learning.sessions import session_when
from people.models import Employee
from people.roles import employee_for


@register_home_panel(template="recommendations/panel.html", order=15)
def recommendations_panel(request: HttpRequest) -> dict | None:
    """The top three gap suggestions with their reasons and one-click enroll, and
    for high performers the talent-development ones apart. Seven queries."""
    from learning.recommendations.selectors import recommendations_for

    employee = employee_for(request.user)
    if employee is None:
        return None
    return {
        "is_supervisor": employee.subordinates.filter(is_active=True).exists(),
        "gap": recommendations_for(employee=employee, reader_id=employee.pk,
                                   kind=RecommendationKind.GAP, limit=3),
        "talent": recommendations_for(employee=employee, reader_id=employee.pk,
                                      kind=RecommendationKind.TALENT, limit=3),
    }


@register_gap_remedy_provider(name="workshops")
def workshops_for_gaps(*, employee: Employee, competency_ids: list[int], own: bool = True
                       ) -> dict[int, list[GapRemedy]]:
    """The suggested workshops that would close each gap; for a gap no workshop
    covers, that fact and the other apps' offers (mentoring). Five queries."""
    from learning.recommendations.selectors import (
        recommendations_by_competency,
        uncovered_competency_ids,
    )

    wanted = set(competency_ids)
    found: dict[int, list[GapRemedy]] = {}
    for cid, views in recommendations_by_competency(
            employee=employee, reader_id=employee.pk).items():
        if cid not in wanted:
            continue
        found[cid] = [
            GapRemedy(
                kind="workshop", title=v.workshop.title, url=v.workshop.url or "",
                detail=_("Targets level %(target)s · next session %(date)s")
                % {"target": next(line["target"] for line in v.rec.reason["lines"]
                                  if line["competency"] == cid),
                   "date": session_when(v.session.starts_at, v.session.ends_at,
                                        with_time=False)},
            )
            for v in views
        ]
    uncovered = uncovered_competency_ids(employee=employee) & wanted
    offers = gap_offers_for(employee_ids=[employee.pk], competency_ids=sorted(uncovered),
                            names=None if own else {employee.pk: employee.name})
    for cid in sorted(uncovered):
        found.setdefault(cid, []).append(GapRemedy(
            kind="none", title=_("No workshop in the catalog closes this gap yet."),
            detail=_("HR sees it in the catalog-gap report."),
        ))
        for offer in offers.get((employee.pk, cid), []):
            found[cid].append(GapRemedy(kind=offer.kind, title=offer.title,
                                        detail=offer.reason, url=offer.url))
    return found


register_hr_link(
    label=gettext_lazy("Catalog gaps"), url_name="learning:recommendation_catalog_gaps",
    order=32,
    description=gettext_lazy(
        "Competency gaps no workshop covers, per unit: where the catalog needs new "
        "workshops; recompute the recommendations."),
)



@register_catalog_gap_scores
def catalog_gap_scores(*, employee_id: int | None) -> QuerySet:
    """The employee's stored gap suggestions of the catalog's workshop OuterRef("pk")
    (with their score), for the catalog's "Matching my gaps" filter."""
    return Recommendation.objects.filter(employee_id=employee_id, kind="GAP",
                                         workshop_id=OuterRef("pk"))
