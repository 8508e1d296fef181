"""Reads of the recommendations for pages: an employee's top suggestions with their
reasons in words, per competency for the profile, the team's for a supervisor,
scores for the catalog filter, and HR's catalog-gap report. Every function runs a
fixed number of queries whatever the data size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from competencies.models import Competency, Predicate
from config.exports import Column, Kind, Table
from learning.recommendations.models import (
    Recommendation,
    RecommendationAssignment,
    RecommendationKind,
    UncoveredGap,
)
from people.models import Employee

WEAK_PREDICATES = {"BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"}
ACTIVE = ("PENDING_APPROVAL", "ENROLLED", "WAITLISTED")


def _level(value: float | int | None) -> str:
    if value is None:
        return "?"
    return formats.number_format(Decimal(str(value)).normalize(), use_l10n=True)


@dataclass
class RecommendationView:
    """One stored suggestion with what a page shows about it."""

    rec: Recommendation
    sentences: list[str]
    score_text: str
    competency_codes: list[str]
    seats_left: int
    assigned_by: str = ""
    extra: dict = field(default_factory=dict)
    # The competency the suggestion does most for (its largest score line): what a
    # one-click "add to my development plan" plans it for.
    primary_competency_id: int | None = None

    @property
    def workshop(self):
        return self.rec.workshop

    @property
    def session(self):
        return self.rec.session

    @property
    def is_talent(self) -> bool:
        return self.rec.kind == RecommendationKind.TALENT


def reason_sentences(*, rec: Recommendation, competencies: dict[int, Competency],
                     seats_left: int) -> tuple[list[str], str]:
    """The stored reason as plain sentences (in the active language) and the score's
    make-up in one line."""
    reason = rec.reason or {}
    out: list[str] = []
    for line in reason.get("lines", []):
        comp = competencies.get(line["competency"])
        name = f"{comp.code} {comp.name}" if comp else str(line["competency"])
        values = {"competency": name, "required": line["required"],
                  "assessed": _level(line["assessed"]), "target": line["target"]}
        if reason.get("kind") == RecommendationKind.TALENT:
            out.append(_("%(competency)s: you already meet the required level %(required)s "
                         "(assessed %(assessed)s); this workshop takes you to level "
                         "%(target)s.") % values)
        else:
            out.append(_("%(competency)s: required level %(required)s, assessed "
                         "%(assessed)s; this workshop targets level %(target)s.") % values)
        if line.get("behaviour"):
            out.append(_("A BerAKHLAK core value linked to %(competency)s was rated below "
                         "expectation in your latest appraisal.") % values)
    predicate = reason.get("predicate")
    if predicate in WEAK_PREDICATES:
        out.append(_("Your latest appraisal predicate (%(predicate)s) raises the priority "
                     "of your gaps.") % {"predicate": Predicate(predicate).label})
    session = rec.session
    when = formats.date_format(session.starts_at, "j F Y")
    if seats_left > 0:
        out.append(_("Next session %(date)s, %(seats)s seat(s) left.")
                   % {"date": when, "seats": seats_left})
    else:
        out.append(_("Next session %(date)s; it is full, you would join the waitlist.")
                   % {"date": when})
    out.append(_("Adds %(jp)s JP on completion.") % {"jp": _level(reason.get("jp"))})
    score = reason.get("score", {})
    parts = [_("gap points %(points)s") % {"points": _level(score.get("points"))}]
    if reason.get("kind") == RecommendationKind.TALENT:
        parts = [_("talent points %(points)s") % {"points": _level(score.get("points"))}]
    if score.get("jp_factor") and score["jp_factor"] != 1:
        parts.append(_("× %(factor)s for the %(short)s JP still missing toward your "
                       "yearly minimum of %(minimum)s")
                     % {"factor": _level(score["jp_factor"]),
                        "short": _level(score.get("jp_shortfall")),
                        "minimum": _level(score.get("jp_minimum"))})
    if score.get("clash"):
        parts.append(_("× %(factor)s because the session overlaps one of your sessions")
                     % {"factor": _level(score.get("clash_factor"))})
    score_text = _("Score %(score)s = %(parts)s.") % {
        "score": _level(score.get("total")), "parts": " ".join(parts)}
    return out, score_text


def _views(recs: list[Recommendation], *, employee_ids: set[int]) -> list[RecommendationView]:
    """Build views for loaded recommendations (select_related session__seats,
    workshop): two more queries (competency names, assignments)."""
    cids = {line["competency"] for r in recs for line in (r.reason or {}).get("lines", [])}
    competencies = Competency.objects.in_bulk(list(cids)) if cids else {}
    assigned: dict[tuple[int, int], str] = {}
    if recs:
        for emp, workshop, name in RecommendationAssignment.objects.filter(
            employee_id__in=employee_ids, workshop_id__in={r.workshop_id for r in recs}
        ).values_list("employee_id", "workshop_id", "assigned_by__name"):
            assigned[(emp, workshop)] = name
    views = []
    for rec in recs:
        seats = getattr(rec.session, "seats", None)
        seats_left = rec.session.capacity - (seats.taken if seats else 0)
        sentences, score_text = reason_sentences(
            rec=rec, competencies=competencies, seats_left=seats_left)
        codes = [competencies[line["competency"]].code
                 for line in rec.reason.get("lines", []) if line["competency"] in competencies]
        views.append(RecommendationView(
            rec=rec, sentences=sentences, score_text=score_text, competency_codes=codes,
            seats_left=max(seats_left, 0),
            assigned_by=assigned.get((rec.employee_id, rec.workshop_id), ""),
            primary_competency_id=max(
                rec.reason.get("lines") or [{"competency": None}],
                key=lambda line: float(line.get("points") or 0))["competency"],
        ))
    return views


def _live(qs):
    """Leave out suggestions the employee has enrolled in since they were computed."""
    from learning.models import Enrollment

    taken = Enrollment.objects.filter(
        employee_id=OuterRef("employee_id"), session__page_id=OuterRef("workshop_id"),
        status__in=ACTIVE,
    )
    return qs.exclude(Exists(taken)).select_related(
        "workshop", "session", "session__seats")


def recommendations_for(*, employee: Employee, kind: str = RecommendationKind.GAP,
                        limit: int = 3) -> list[RecommendationView]:
    """The employee's best `limit` suggestions of a kind, with reasons, and any their
    supervisor assigned further down the list. Three queries."""
    assigned = RecommendationAssignment.objects.filter(
        employee_id=OuterRef("employee_id"), workshop_id=OuterRef("workshop_id"))
    recs = list(
        _live(Recommendation.objects.filter(employee=employee, kind=kind))
        .filter(Q(rank__lte=limit) | Exists(assigned))
        .order_by("rank")
    )
    return _views(recs, employee_ids={employee.pk})


def recommendation_get_for_owner(*, recommendation_id: int, employee: Employee | None
                                 ) -> Recommendation | None:
    """The employee's own suggestion, or None (unknown id or someone else's)."""
    if employee is None:
        return None
    return (
        Recommendation.objects.select_related("session__page", "workshop")
        .filter(pk=recommendation_id, employee=employee).first()
    )


def recommendations_by_competency(*, employee: Employee) -> dict[int, list[RecommendationView]]:
    """The employee's stored gap suggestions grouped by the competencies whose gap
    each would close (the profile shows them beside each gap). Three queries."""
    recs = list(
        _live(Recommendation.objects.filter(employee=employee, kind=RecommendationKind.GAP))
        .order_by("rank")
    )
    grouped: dict[int, list[RecommendationView]] = defaultdict(list)
    for view in _views(recs, employee_ids={employee.pk}):
        for line in view.rec.reason.get("lines", []):
            grouped[line["competency"]].append(view)
    return grouped


def uncovered_competency_ids(*, employee: Employee) -> set[int]:
    return set(UncoveredGap.objects.filter(employee=employee).values_list(
        "competency_id", flat=True))


def recommendation_scores_for(*, employee: Employee) -> dict[int, Decimal]:
    """workshop id -> score of the employee's gap suggestions (the catalog filter)."""
    return dict(
        Recommendation.objects.filter(employee=employee, kind=RecommendationKind.GAP)
        .values_list("workshop_id", "score")
    )


@dataclass
class TeamRow:
    employee: Employee
    suggestions: list[RecommendationView]


def team_recommendations(*, member_ids: set[int], per_member: int = 3) -> list[TeamRow]:
    """Each team member's top suggestions (gap kind), by name. Four queries."""
    members = list(Employee.objects.filter(pk__in=member_ids, is_active=True)
                   .select_related("position", "unit").order_by("name", "pk"))
    recs = list(
        _live(Recommendation.objects.filter(
            employee_id__in=member_ids, kind=RecommendationKind.GAP, rank__lte=per_member))
        .order_by("employee_id", "rank")
    )
    by_member: dict[int, list[RecommendationView]] = defaultdict(list)
    for view in _views(recs, employee_ids=set(member_ids)):
        by_member[view.rec.employee_id].append(view)
    return [TeamRow(employee=m, suggestions=by_member.get(m.pk, [])) for m in members]


# --- HR's catalog-gap report ----------------------------------------------------------


@dataclass
class CatalogGapRow:
    unit_label: str
    unit_id: int
    drill: bool
    competency_id: int
    competency_code: str
    competency_name: str
    employees: int
    total_priority: Decimal
    target_level: int  # the highest required level among them: what a workshop should reach


def catalog_gap_rows(*, rollup) -> list[CatalogGapRow]:
    """Uncovered gaps per (unit row of `rollup`, competency): employees affected and
    their total priority, by demand (total priority, then employees). One GROUP BY
    query on the employee's unit, summed along the unit tree in Python (rollup: the
    heatmap's competencies.gaps.units)."""
    from django.db.models import Max

    cells: dict[tuple[int, int], list] = {}
    grouped = (
        UncoveredGap.objects.filter(employee__is_active=True)
        .values("employee__unit_id", "competency_id")
        .annotate(n=Count("employee_id"), total=Sum("priority"), req=Max("required_level"))
    )
    for row in grouped:
        index = rollup.group(row["employee__unit_id"])
        if index is None:
            continue
        cell = cells.setdefault((index, row["competency_id"]), [0, Decimal(0), 0])
        cell[0] += row["n"]
        cell[1] += row["total"] or 0
        cell[2] = max(cell[2], row["req"] or 0)
    names = Competency.objects.in_bulk([cid for _i, cid in cells]) if cells else {}
    rows = []
    for (index, cid), (n, total, req) in cells.items():
        unit = rollup.rows[index]
        comp = names.get(cid)
        rows.append(CatalogGapRow(
            unit_label=unit.label, unit_id=unit.unit_id, drill=unit.has_children,
            competency_id=cid, competency_code=comp.code if comp else str(cid),
            competency_name=comp.name if comp else "", employees=n, total_priority=total,
            target_level=req,
        ))
    rows.sort(key=lambda r: (-r.total_priority, -r.employees, r.unit_label, r.competency_code))
    return rows


def catalog_gap_table(rows: list[CatalogGapRow]) -> Table:
    """The CSV/XLSX export of the catalog-gap report."""
    columns = [
        Column(_("Unit")), Column(_("Competency code")), Column(_("Competency")),
        Column(_("Employees affected"), Kind.INTEGER), Column(_("Total priority"), Kind.DECIMAL),
        Column(_("Level a workshop should target"), Kind.INTEGER),
    ]
    return Table(_("Catalog gaps"), columns, [
        [r.unit_label, r.competency_code, r.competency_name, r.employees, r.total_priority,
         r.target_level]
        for r in rows
    ])


def reco_job_latest():
    from learning.recommendations.models import RecommendationJob

    return RecommendationJob.objects.order_by("-created_at").first()


