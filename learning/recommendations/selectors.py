"""Reads of the recommendations for pages: an employee's top suggestions with their
reasons in words, per competency for the profile, the team's for a supervisor,
scores for the catalog filter, and HR's catalog-gap report. Every function runs a
fixed number of queries whatever the data size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from competencies.models import Competency, CompetencyGap, Predicate
from config.exports import Column, Kind, Table
from learning.completion.selectors.pppk_cap import jp_period_text
from learning.enrollment.eligibility import unit_chains
from learning.enrollment.selectors import session_shared_states
from learning.recommendations.models import (
    Recommendation,
    RecommendationAssignment,
    RecommendationKind,
    UncoveredGap,
)
from learning.sessions import session_when
from people.models import Employee

if TYPE_CHECKING:
    from learning.models import WorkshopPage, WorkshopSession
    from learning.recommendations.models import RecommendationJob
    from people.units import UnitRollup

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
    def workshop(self) -> WorkshopPage:
        return self.rec.workshop

    @property
    def session(self) -> WorkshopSession:
        return self.rec.session

    @property
    def is_talent(self) -> bool:
        return self.rec.kind == RecommendationKind.TALENT


def reason_sentences(*, rec: Recommendation, competencies: dict[int, Competency],
                     seats_left: int, reader_id: int | None) -> tuple[list[str], str]:
    """The stored reason as plain sentences (in the active language) and the score's
    make-up in one line, written for their reader: to the employee themself
    (`reader_id` is theirs) in the second person, to anyone else (a supervisor, HR,
    `manage.py recommend`) in the third person with the employee's name
    (`rec.employee` is read then). Dates in TIME_ZONE."""
    own = reader_id is not None and reader_id == rec.employee_id
    name = "" if own else rec.employee.name
    reason = rec.reason or {}
    out: list[str] = []
    for line in reason.get("lines", []):
        comp = competencies.get(line["competency"])
        label = f"{comp.code} {comp.name}" if comp else str(line["competency"])
        values = {"competency": label, "required": line["required"],
                  "assessed": _level(line["assessed"]), "target": line["target"],
                  "name": name}
        if reason.get("kind") == RecommendationKind.TALENT:
            out.append((_("%(competency)s: you already meet the required level %(required)s "
                          "(assessed %(assessed)s); this workshop takes you to level "
                          "%(target)s.") if own else
                        _("%(competency)s: %(name)s already meets the required level "
                          "%(required)s (assessed %(assessed)s); this workshop takes them "
                          "to level %(target)s.")) % values)
        else:
            out.append(_("%(competency)s: required level %(required)s, assessed "
                         "%(assessed)s; this workshop targets level %(target)s.") % values)
        if line.get("behaviour"):
            out.append((_("A BerAKHLAK core value linked to %(competency)s was rated below "
                          "expectation in your latest appraisal.") if own else
                        _("A BerAKHLAK core value linked to %(competency)s was rated below "
                          "expectation in the latest appraisal of %(name)s.")) % values)
    predicate = reason.get("predicate")
    if predicate in WEAK_PREDICATES:
        values = {"predicate": Predicate(predicate).label, "name": name}
        out.append((_("Your latest appraisal predicate (%(predicate)s) raises the priority "
                      "of your gaps.") if own else
                    _("The latest appraisal predicate of %(name)s (%(predicate)s) raises "
                      "the priority of their gaps.")) % values)
    session = rec.session
    when = session_when(session.starts_at, session.ends_at, with_time=False)
    if seats_left > 0:
        out.append(_("Next session %(date)s, %(seats)s seat(s) left.")
                   % {"date": when, "seats": seats_left})
    else:
        out.append((_("Next session %(date)s; it is full, you would join the waitlist.")
                    if own else
                    _("Next session %(date)s; it is full, %(name)s would join the "
                      "waitlist.")) % {"date": when, "name": name})
    out.append(_jp_promise(reason))
    score = reason.get("score", {})
    parts = [_("gap points %(points)s") % {"points": _level(score.get("points"))}]
    if reason.get("kind") == RecommendationKind.TALENT:
        parts = [_("talent points %(points)s") % {"points": _level(score.get("points"))}]
    if score.get("jp_factor") and score["jp_factor"] != 1:
        values = {"factor": _level(score["jp_factor"]),
                  "short": _level(score.get("jp_shortfall")),
                  "minimum": _level(score.get("jp_minimum")),
                  "period": jp_period_text(reason.get("jp_period")), "name": name}
        parts.append((_("× %(factor)s for the %(short)s JP you still miss toward the "
                        "minimum of %(minimum)s JP in %(period)s") if own else
                      _("× %(factor)s for the %(short)s JP %(name)s still misses toward "
                        "the minimum of %(minimum)s JP in %(period)s")) % values)
    if score.get("clash"):
        values = {"factor": _level(score.get("clash_factor")), "name": name}
        parts.append((_("× %(factor)s because the session overlaps one of your sessions")
                      if own else
                      _("× %(factor)s because the session overlaps one of the sessions of "
                        "%(name)s")) % values)
    # A name may end the sentence with its own full stop ("Arif Fauzi, S.Sos.").
    joined = " ".join(parts).removesuffix(".")
    score_text = _("Score %(score)s = %(parts)s.") % {
        "score": _level(score.get("total")), "parts": joined}
    return out, score_text


def _jp_promise(reason: dict) -> str:
    """What completing the session adds, in the period its JP would count in: all
    of its JP, or for a PPPK near the cap only those below it."""
    jp, counted = reason.get("jp"), reason.get("jp_counted", reason.get("jp"))
    period = jp_period_text(reason.get("jp_period"))
    if not period:  # a row stored before JP periods (the next recomputation adds them)
        return _("Adds %(jp)s JP on completion.") % {"jp": _level(jp)}
    if counted is not None and jp is not None and counted < jp:
        return _("Gives %(jp)s JP on completion, but only %(counted)s JP count: a PPPK "
                 "counts at most %(cap)s JP in %(period)s.") % {
            "jp": _level(jp), "counted": _level(counted),
            "cap": _level(reason.get("jp_cap")), "period": period}
    return _("Adds %(jp)s JP to %(period)s on completion.") % {
        "jp": _level(jp), "period": period}


def _views(recs: list[Recommendation], *, employee_ids: set[int], reader_id: int | None
           ) -> list[RecommendationView]:
    """Build views for loaded recommendations (select_related session, workshop,
    employee): three more queries (competency names, assignments, seats left as
    learning.enrollment.selectors counts them for every page). The
    reasons are written for `reader_id` (reason_sentences)."""
    cids = {line["competency"] for r in recs for line in (r.reason or {}).get("lines", [])}
    competencies = Competency.objects.in_bulk(list(cids)) if cids else {}
    assigned: dict[tuple[int, int], str] = {}
    if recs:
        for emp, workshop, name in RecommendationAssignment.objects.filter(
            employee_id__in=employee_ids, workshop_id__in={r.workshop_id for r in recs}
        ).values_list("employee_id", "workshop_id", "assigned_by__name"):
            assigned[(emp, workshop)] = name
    # Seats as every other page counts them (waitlist first, held seats taken).
    states = session_shared_states(session_ids={r.session_id for r in recs}) if recs else {}
    views = []
    for rec in recs:
        state = states.get(rec.session_id)
        seats_left = state["seats_left"] if state else 0
        sentences, score_text = reason_sentences(
            rec=rec, competencies=competencies, seats_left=seats_left, reader_id=reader_id)
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


def _live(qs: QuerySet[Recommendation], *, employees: list[Employee],
          chains: dict[int, frozenset[int]] | None = None) -> QuerySet[Recommendation]:
    """Leave out suggestions the employee has enrolled in since they were computed,
    and any the catalog's rule no longer lets them enroll in (a workshop unpublished,
    expired or restricted since, or the employee moved to another unit, position or
    golongan before the next recomputation): learning.enrollment.eligibility decides,
    as on the workshop page. `employees` (with position and rank loaded) are the
    employees whose suggestions `qs` holds; `chains` their unit chains
    (eligibility.unit_chains), else looked up as the workshop page does."""
    from learning.catalog.selectors import workshop_list_visible
    from learning.enrollment.eligibility import workshops_eligible_for
    from learning.models import Enrollment

    taken = Enrollment.objects.filter(
        employee_id=OuterRef("employee_id"), session__page_id=OuterRef("workshop_id"),
        status__in=ACTIVE,
    )
    visible = workshop_list_visible()  # built once: Wagtail's public() reads restrictions
    may_enroll = Q(pk__in=[])
    for e in employees:
        eligible = workshops_eligible_for(
            employee=e, queryset=visible,
            unit_chain=chains.get(e.unit_id, frozenset({e.unit_id})) if chains else None)
        may_enroll |= Q(employee_id=e.pk, workshop__in=eligible.values("pk"))
    return qs.exclude(Exists(taken)).filter(may_enroll).select_related(
        "workshop", "session", "employee")


def recommendations_for(*, employee: Employee, reader_id: int | None,
                        kind: str = RecommendationKind.GAP, limit: int = 3
                        ) -> list[RecommendationView]:
    """The employee's best `limit` suggestions of a kind that they may enroll in,
    with reasons written for `reader_id` (the employee's own id: "you"; anyone
    else's, or None: their name), and any their supervisor assigned further down
    the list. Three queries, plus the unit chain's."""
    # All stored ones (at most MAX_PER_EMPLOYEE), so one left out as no longer open
    # to the employee is replaced by the next.
    recs = list(
        _live(Recommendation.objects.filter(employee=employee, kind=kind),
              employees=[employee])
        .order_by("rank")
    )
    views = _views(recs, employee_ids={employee.pk}, reader_id=reader_id)
    return [v for i, v in enumerate(views) if i < limit or v.assigned_by]


def recommendation_get_for_owner(*, recommendation_id: int, employee: Employee | None
                                 ) -> Recommendation | None:
    """The employee's own suggestion, or None (unknown id or someone else's)."""
    if employee is None:
        return None
    return (
        Recommendation.objects.select_related("session__page", "workshop")
        .filter(pk=recommendation_id, employee=employee).first()
    )


def recommendations_by_competency(*, employee: Employee, reader_id: int | None
                                  ) -> dict[int, list[RecommendationView]]:
    """The employee's stored gap suggestions they may enroll in, grouped by the
    competencies whose gap each would close (the profile shows them beside each
    gap). Three queries, plus the unit chain's."""
    recs = list(
        _live(Recommendation.objects.filter(employee=employee, kind=RecommendationKind.GAP),
              employees=[employee])
        .order_by("rank")
    )
    grouped: dict[int, list[RecommendationView]] = defaultdict(list)
    for view in _views(recs, employee_ids={employee.pk}, reader_id=reader_id):
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


def team_recommendations_page(
    *, member_ids: set[int], reader_id: int | None, employee_id: int | None = None,
    competency_id: int | None = None, page_number: int | str | None = None,
    per_page: int = 10, per_member: int = 3,
) -> tuple[Page, list[TeamRow]]:
    """One page of a supervisor's team (by name) with each member's best `per_member`
    gap suggestions they may enroll in, the reasons written for `reader_id`.
    `employee_id` narrows to one member; `competency_id` to the members with a gap
    in that competency and the suggestions that would close it. Five queries
    (count, members, unit chains, suggestions, competency names) and the
    assignments', whatever the team's size."""
    members = Employee.objects.filter(pk__in=member_ids, is_active=True)
    if employee_id is not None:
        members = members.filter(pk=employee_id)
    if competency_id is not None:
        members = members.filter(Exists(CompetencyGap.objects.filter(
            employee_id=OuterRef("pk"), competency_id=competency_id, gap__gt=0)))
    members = members.select_related("position", "rank", "unit").order_by("name", "pk")
    page = Paginator(members, per_page).get_page(page_number)
    people = list(page.object_list)
    recs = Recommendation.objects.filter(
        employee_id__in=[p.pk for p in people], kind=RecommendationKind.GAP)
    if competency_id is not None:
        from learning.models import WorkshopCompetency

        recs = recs.filter(Exists(WorkshopCompetency.objects.filter(
            page_id=OuterRef("workshop_id"), competency_id=competency_id)))
    # All stored ones (at most MAX_PER_EMPLOYEE each), so one left out as no longer
    # open to the member is replaced by the next.
    loaded = list(_live(recs, employees=people, chains=unit_chains()).order_by(
        "employee_id", "rank")) if people else []
    by_member: dict[int, list[RecommendationView]] = defaultdict(list)
    for view in _views(loaded, employee_ids={p.pk for p in people}, reader_id=reader_id):
        if competency_id is not None and competency_id not in {
                line["competency"] for line in view.rec.reason.get("lines", [])}:
            continue
        if len(by_member[view.rec.employee_id]) < per_member:
            by_member[view.rec.employee_id].append(view)
    return page, [TeamRow(employee=m, suggestions=by_member.get(m.pk, [])) for m in people]


def team_filter_choices(*, member_ids: set[int]) -> tuple[QuerySet[Employee],
                                                          QuerySet[Competency]]:
    """What the team page can be filtered by: its active members by name, and the
    competencies in which any of them has a gap. Two queries when read."""
    members = Employee.objects.filter(pk__in=member_ids, is_active=True).order_by("name", "pk")
    competencies = Competency.objects.filter(Exists(CompetencyGap.objects.filter(
        competency_id=OuterRef("pk"), employee_id__in=member_ids, employee__is_active=True,
        gap__gt=0))).order_by("code")
    return members, competencies


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


def catalog_gap_rows(*, rollup: UnitRollup) -> list[CatalogGapRow]:
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


def reco_job_latest() -> RecommendationJob | None:
    from learning.recommendations.models import RecommendationJob

    return RecommendationJob.objects.order_by("-created_at").first()


