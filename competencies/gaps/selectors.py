"""Reads of the gap analysis for pages: an employee's profile, a supervisor's team,
HR's heatmap and JPM distribution, the home panel. Every function runs a fixed
number of queries whatever the data size; the heatmap aggregates in the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from competencies.gaps.compute import jpm_band
from competencies.gaps.config import gap_config
from competencies.gaps.units import UnitRollup, UnitRow, unit_rollup
from competencies.models import (
    Appraisal,
    AssessmentSource,
    Competency,
    CompetencyGap,
    CompetencyType,
    GapRecomputeJob,
    JobPersonMatch,
    Predicate,
    period_label,
)
from people.models import Employee, PositionKind, PositionLevel

WEAK_PREDICATES = frozenset({Predicate.BUTUH_PERBAIKAN, Predicate.KURANG, Predicate.SANGAT_KURANG})


def jpm_band_labels() -> dict[str, str]:
    return {
        "OPTIMAL": _("Optimal"),
        "CUKUP_OPTIMAL": _("Fairly optimal"),
        "KURANG_OPTIMAL": _("Less than optimal"),
    }


def jpm_band_descriptions() -> list[str]:
    """ "Optimal ≥ 90%", "Fairly optimal 78–90%", "Less than optimal < 78%"."""
    labels = jpm_band_labels()
    bands = gap_config().jpm_bands
    out = []
    for i, (bound, code) in enumerate(bands):
        label = labels.get(code, code)
        if i == 0:
            out.append(f"{label} ≥ {bound:g}%")
        elif i == len(bands) - 1:
            out.append(f"{label} < {bands[i - 1][0]:g}%")
        else:
            out.append(f"{label} {bound:g}–{bands[i - 1][0]:g}%")
    return out


# --- Explanations -----------------------------------------------------------------------


@dataclass
class ExplainedAssessment:
    source: str
    date: dt.date | str  # a date; the stored text only if it does not parse
    level: float
    weight: float


@dataclass
class GapLine:
    """One row of a profile's gap table, with its explanation made readable."""

    gap: CompetencyGap
    standard_text: str
    assessments: list[ExplainedAssessment] = field(default_factory=list)
    appraisal_text: str = ""
    priority_text: str = ""
    # Ways to close the gap from other apps (competencies.gaps.remedies), set by the view.
    remedies: list = field(default_factory=list)

    @property
    def competency(self) -> Competency:
        return self.gap.competency

    @property
    def is_unknown(self) -> bool:
        return self.gap.assessed_level is None


def _date_or_text(value: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


def _source_label(code: str) -> str:
    try:
        return str(AssessmentSource(code).label)
    except ValueError:
        return code


def _predicate_label(code: str) -> str:
    try:
        return str(Predicate(code).label)
    except ValueError:
        return code


def gap_line_explain(*, gap: CompetencyGap, position_label: str) -> GapLine:
    """Turn a gap row's stored explanation into sentences for people."""
    exp = gap.explanation or {}
    standard = exp.get("standard", {})
    required = standard.get("required_level", gap.required_level)
    if standard.get("origin") == "POSITION":
        standard_text = _("Standard set for this position: level %(level)s.") % {"level": required}
    else:
        standard_text = _("Default standard for %(position)s: level %(level)s.") % {
            "position": position_label,
            "level": required,
        }
    line = GapLine(gap=gap, standard_text=standard_text)
    for a in exp.get("assessments", []):
        line.assessments.append(
            ExplainedAssessment(
                source=_source_label(a.get("source", "")),
                date=_date_or_text(a.get("date", "")),
                level=a.get("level"),
                weight=a.get("weight"),
            )
        )
    appraisal = exp.get("appraisal")
    if appraisal:
        text = _("Latest appraisal %(period)s: predicate %(predicate)s.") % {
            "period": period_label(appraisal.get("period") or ""),
            "predicate": _predicate_label(appraisal.get("predicate", "")),
        }
        if gap.behaviour_flag and appraisal.get("below_values"):
            text += " " + _(
                "Core value(s) rated below expectation, linked to this competency: %(values)s."
            ) % {
                "values": ", ".join(v.replace("_", " ").title() for v in appraisal["below_values"])
            }
        line.appraisal_text = text
    prio = exp.get("priority")
    if prio:
        line.priority_text = _(
            "Priority %(priority)s = gap × %(gap_weight)s + behaviour %(behaviour)s "
            "+ predicate %(predicate)s."
        ) % {
            "priority": number_format(gap.priority, 1),
            "gap_weight": number_format(prio.get("gap_weight", 0), 1),
            "behaviour": number_format(prio.get("behaviour_boost", 0), 1),
            "predicate": number_format(prio.get("predicate_boost", 0), 1),
        }
    return line


def position_label(*, kind: str, level: str) -> str:
    kind_label = str(PositionKind(kind).label) if kind in PositionKind.values else kind
    if level and level in PositionLevel.values:
        return f"{kind_label} · {PositionLevel(level).label}"
    return kind_label


# --- The profile ----------------------------------------------------------------------------


@dataclass
class GapProfile:
    employee: Employee
    lines: list[GapLine]
    jpm: JobPersonMatch | None
    jpm_band: str | None
    jpm_band_label: str
    appraisal: Appraisal | None
    weak_predicate: bool
    radar: dict


def gap_profile_for(*, employee: Employee) -> GapProfile:
    """Everything the competency profile of one employee shows. Three queries
    (gaps with competencies, JPM, latest appraisal); `employee` should come with its
    position and unit loaded."""
    from competencies.gaps.radar import radar_chart

    gaps = list(
        CompetencyGap.objects.filter(employee=employee)
        .select_related("competency")
        .order_by("competency__type", "competency__code")
    )
    label = position_label(kind=employee.position.kind, level=employee.position.level)
    lines = [gap_line_explain(gap=g, position_label=label) for g in gaps]
    jpm = JobPersonMatch.objects.filter(employee=employee).first()
    appraisal = (
        Appraisal.objects.filter(employee=employee)
        .select_related("period")
        .order_by("-period__year", F("period__quarter").desc(nulls_first=True), "-pk")
        .first()
    )
    band = jpm_band(
        jpm=float(jpm.jpm_percent) if jpm and jpm.jpm_percent is not None else None,
        bands=gap_config().jpm_bands,
    )
    return GapProfile(
        employee=employee,
        lines=lines,
        jpm=jpm,
        jpm_band=band,
        jpm_band_label=jpm_band_labels().get(band or "", ""),
        appraisal=appraisal,
        weak_predicate=bool(appraisal and appraisal.predicate in WEAK_PREDICATES),
        radar=radar_chart(
            axes=[
                (g.competency.code, g.competency.name, g.required_level, g.assessed_level)
                for g in gaps
            ]
        ),
    )


# --- Team and home panel -------------------------------------------------------------------


def top_gaps_for(*, employee_ids: list[int], limit: int = 3) -> dict[int, list[CompetencyGap]]:
    """The `limit` highest-priority real gaps (gap > 0; a flagged row is marked ⚑)
    of each employee, in one query (a window function ranks them in the database).
    A behaviour-flagged competency that meets its standard, or is not assessed yet,
    is a concern the profile explains, not a gap: listed as one it read "M.01 −0,0 ⚑"."""
    if not employee_ids:
        return {}
    ranked = (
        CompetencyGap.objects.filter(employee_id__in=employee_ids, gap__gt=0)
        .select_related("competency")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("employee_id")],
                order_by=[F("priority").desc(), F("competency__code").asc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("employee_id", "rank")
    )
    out: dict[int, list[CompetencyGap]] = {pk: [] for pk in employee_ids}
    for g in ranked:
        out[g.employee_id].append(g)
    return out


@dataclass
class TeamRow:
    employee: Employee
    jpm: JobPersonMatch | None
    band: str | None
    top_gaps: list[CompetencyGap]


def team_gaps_page(
    *, member_ids: set[int], page_number: int | str | None, per_page: int = 50
) -> tuple[Page, list[TeamRow]]:
    """One page of a team with each member's JPM and top 3 gaps. Three queries
    (count, members with JPM, top gaps) whatever the team's size."""
    members: QuerySet[Employee] = (
        Employee.objects.filter(pk__in=member_ids, is_active=True)
        .select_related("position", "unit", "job_person_match")
        .order_by("unit__name", "name", "pk")
    )
    page = Paginator(members, per_page).get_page(page_number)
    people = list(page.object_list)
    tops = top_gaps_for(employee_ids=[p.pk for p in people])
    bands = gap_config().jpm_bands
    rows = []
    for person in people:
        jpm = getattr(person, "job_person_match", None)
        value = float(jpm.jpm_percent) if jpm and jpm.jpm_percent is not None else None
        rows.append(TeamRow(person, jpm, jpm_band(jpm=value, bands=bands), tops.get(person.pk, [])))
    return page, rows


def home_panel_for(*, employee: Employee) -> dict | None:
    """The employee's JPM and top 3 gaps for the home page (two queries); None if
    nothing was computed for them yet."""
    jpm = JobPersonMatch.objects.filter(employee=employee).first()
    if jpm is None:
        return None
    value = float(jpm.jpm_percent) if jpm.jpm_percent is not None else None
    band = jpm_band(jpm=value, bands=gap_config().jpm_bands)
    return {
        "jpm": jpm,
        "band": band,
        "band_label": jpm_band_labels().get(band or "", ""),
        "top_gaps": top_gaps_for(employee_ids=[employee.pk]).get(employee.pk, []),
    }


# --- HR: heatmap and JPM distribution ----------------------------------------------------


@dataclass
class HeatCell:
    employees: int
    with_gap: int
    unknown: int
    gap_sum: Decimal = Decimal(0)  # of the known gaps (0 for "meets the standard")

    @property
    def avg_gap(self) -> Decimal | None:
        known = self.employees - self.unknown
        return (self.gap_sum / known).quantize(Decimal("0.01")) if known else None

    @property
    def share(self) -> float | None:
        """Share of the employees with a known level who have a gap."""
        known = self.employees - self.unknown
        return self.with_gap / known if known else None

    @property
    def share_percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def colour(self) -> str:
        if self.share is None:
            return "#eef2f6"
        hue = int(120 * (1 - min(self.share, 1.0)))  # green → red
        return f"hsl({hue}, 70%, 80%)"

    def add(self, employees: int, with_gap: int, unknown: int,
            gap_sum: Decimal | None) -> None:
        self.employees += employees
        self.with_gap += with_gap
        self.unknown += unknown
        self.gap_sum += Decimal(gap_sum or 0)


@dataclass
class Heatmap:
    competencies: list[tuple[int, str, str]]  # (id, code, name)
    units: list[UnitRow]  # the rows with at least one cell, in the rollup's order
    cells: dict[tuple[int, int], HeatCell]  # (row unit id, competency id)
    rollup: UnitRollup

    def rows(self) -> list[tuple[UnitRow, list[HeatCell | None]]]:
        return [
            (unit, [self.cells.get((unit.unit_id, c[0])) for c in self.competencies])
            for unit in self.units
        ]


def _rollup(rollup: UnitRollup | None) -> UnitRollup:
    return rollup if rollup is not None else unit_rollup()


def gap_heatmap(
    *, competency_type: str | None = None, rollup: UnitRollup | None = None
) -> Heatmap:
    """Rows of units (the rollup's: the top-level units, or those below a chosen
    unit, each counting its whole subtree) × competencies over the active employees'
    gap rows: employees with the competency in their standard, how many have a gap
    (> 0), how many are unknown, and the average known gap. One aggregate query
    (GROUP BY the employee's unit, competency) summed into rows here, plus the unit
    tree's one query when no rollup is given."""
    rollup = _rollup(rollup)
    qs = CompetencyGap.objects.filter(employee__is_active=True)
    if competency_type in CompetencyType.values:
        qs = qs.filter(competency__type=competency_type)
    aggregates = (
        qs.values(
            "employee__unit_id",
            "competency_id",
            "competency__code",
            "competency__name",
            "competency__type",
        )
        .annotate(
            employees=Count("id"),
            with_gap=Count("id", filter=Q(gap__gt=0)),
            unknown=Count("id", filter=Q(gap__isnull=True)),
            gap_sum=Sum("gap"),
        )
        .order_by()
    )
    competencies: dict[int, tuple[str, str, str]] = {}
    cells: dict[tuple[int, int], HeatCell] = {}
    for r in aggregates:
        index = rollup.group(r["employee__unit_id"])
        if index is None:
            continue  # outside the chosen unit
        competencies[r["competency_id"]] = (
            r["competency__type"],
            r["competency__code"],
            r["competency__name"],
        )
        key = (rollup.rows[index].unit_id, r["competency_id"])
        cell = cells.setdefault(key, HeatCell(employees=0, with_gap=0, unknown=0))
        cell.add(r["employees"], r["with_gap"], r["unknown"], r["gap_sum"])
    type_order = {t: i for i, t in enumerate(CompetencyType.values)}
    ordered = sorted(competencies.items(), key=lambda kv: (type_order.get(kv[1][0], 9), kv[1][1]))
    shown = {unit_id for unit_id, _competency in cells}
    return Heatmap(
        competencies=[(pk, code, name) for pk, (_t, code, name) in ordered],
        units=[row for row in rollup.rows if row.unit_id in shown],
        cells=cells,
        rollup=rollup,
    )


@dataclass
class JpmUnitRow:
    unit_id: int
    unit: str
    employees: int
    unknown: int
    jpm_sum: Decimal
    bands: list[int]  # counts, in the order of the configured bands
    has_children: bool = False
    direct_only: bool = False

    @property
    def average(self) -> Decimal | None:
        known = self.employees - self.unknown
        return (self.jpm_sum / known).quantize(Decimal("0.1")) if known else None


def jpm_distribution(
    *, rollup: UnitRollup | None = None
) -> tuple[list[tuple[str, str]], list[JpmUnitRow]]:
    """Per row of units (see gap_heatmap), how many active employees fall in each
    JPM band (and unknown), from one aggregate query grouped by the employee's unit.
    Returns ([(band code, label)], rows)."""
    rollup = _rollup(rollup)
    bands = gap_config().jpm_bands
    labels = jpm_band_labels()
    annotations = {}
    upper = None
    for i, (bound, _code) in enumerate(bands):
        condition = Q(jpm_percent__gte=bound)
        if upper is not None:
            condition &= Q(jpm_percent__lt=upper)
        if i == len(bands) - 1:
            condition = Q(jpm_percent__isnull=False) & (
                Q(jpm_percent__lt=upper) if upper is not None else Q()
            )
        annotations[f"band_{i}"] = Count("id", filter=condition)
        upper = bound
    aggregates = (
        JobPersonMatch.objects.filter(employee__is_active=True)
        .values("employee__unit_id")
        .annotate(
            employees=Count("id"),
            unknown=Count("id", filter=Q(jpm_percent__isnull=True)),
            jpm_sum=Sum("jpm_percent"),
            **annotations,
        )
        .order_by()
    )
    by_row: dict[int, JpmUnitRow] = {}
    for r in aggregates:
        index = rollup.group(r["employee__unit_id"])
        if index is None:
            continue
        unit = rollup.rows[index]
        row = by_row.setdefault(index, JpmUnitRow(
            unit_id=unit.unit_id, unit=unit.label, employees=0, unknown=0,
            jpm_sum=Decimal(0), bands=[0] * len(bands), has_children=unit.has_children,
            direct_only=unit.direct_only,
        ))
        row.employees += r["employees"]
        row.unknown += r["unknown"]
        row.jpm_sum += Decimal(r["jpm_sum"] or 0)
        # The band_<i> keys come from **annotations, which the typed row cannot list.
        row.bands = [n + r[f"band_{i}"]  # type: ignore[literal-required]
                     for i, n in enumerate(row.bands)]
    result = [by_row[i] for i in sorted(by_row)]
    return [(code, labels.get(code, code)) for _b, code in bands], result


def gap_job_latest() -> GapRecomputeJob | None:
    return GapRecomputeJob.objects.order_by("-created_at", "-pk").first()
