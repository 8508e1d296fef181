"""The recommendation rules in pure Python: no database, dicts and dataclasses in,
ranked rows out. The reference for compute_sql.py (PostgreSQL runs the same rules
in one statement per chunk) and what runs on SQLite. docs/recommendations.md has
the rules with worked examples; tests/learning/test_recommendations.py checks them.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.utils import timezone

from learning.enrollment.eligibility import eligible_on_facts
from learning.recommendations.config import RecommendationConfig

GAP = "GAP"
TALENT = "TALENT"
MINIMUM = "MINIMUM"
CAP = "CAP"
THOUSANDTH = Decimal("0.001")


def round3(value: Decimal) -> Decimal:
    """Half away from zero, as PostgreSQL's round(numeric, 3) (values are ≥ 0 here)."""
    return value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class WorkshopFact:
    """A workshop that can be suggested: live, visible, with an upcoming session open
    for registration (a seat or the waitlist). `session_*` is its next session: the
    earliest with a free seat, else the earliest (joining its waitlist)."""

    id: int
    session_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    jp: Decimal  # JP the next session credits on completion
    targets: dict[int, int]  # competency id -> target level
    kinds: frozenset[str] = frozenset()  # eligible position kinds; empty: all
    rank_min: tuple[str, int] | None = None  # (employment type, order)
    rank_max: tuple[str, int] | None = None
    unit_ids: frozenset[int] = frozenset()  # eligible units (and units below); empty: all

    @cached_property
    def credit_on(self) -> dt.date:
        """The day its JP would be credited (completion's rule: the local day the
        session ends), which decides the JP period they count in."""
        return timezone.localdate(self.ends_at)


@dataclass(frozen=True)
class EmployeeFact:
    id: int
    position_kind: str
    rank_type: str
    rank_order: int
    unit_id: int
    employment_type: str
    contract_start: dt.date | None = None


@dataclass(frozen=True)
class JpPeriod:
    """A period the employee's JP count in (a calendar year, or a PPPK's contract
    year: learning.completion.selectors.jp.jp_period_containing) and the JP already
    credited in it."""

    start: dt.date
    end: dt.date
    contract: bool
    total: Decimal = Decimal(0)


@dataclass(frozen=True)
class GapFact:
    """A gap row with a known assessed level (gap ≥ 0)."""

    competency_id: int
    required: int
    assessed: Decimal
    gap: Decimal
    priority: Decimal
    behaviour: bool = False


@dataclass(frozen=True)
class EmployeeState:
    """What the rules need about one employee besides the catalog."""

    employee: EmployeeFact
    gaps: dict[int, GapFact]
    predicate: str | None = None
    # The JP periods from today's to the last upcoming session's, with their totals.
    jp_periods: tuple[JpPeriod, ...] = ()
    completed: frozenset[int] = frozenset()  # workshops completed recently enough
    enrolled: frozenset[int] = frozenset()  # workshops with a live enrollment
    own_sessions: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
    # (workshop id, kind) -> the gap signature it was dismissed with
    dismissed: dict[tuple[int, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecoRow:
    workshop_id: int
    session_id: int
    kind: str
    rank: int
    score: Decimal
    reason: str  # JSON text
    gap_signature: str
    starts_at: dt.datetime


@dataclass(frozen=True)
class UncoveredRow:
    competency_id: int
    required: int
    assessed: Decimal
    priority: Decimal


def _num(value: Decimal) -> float:
    return float(value)


def workshop_eligible(
    *, workshop: WorkshopFact, employee: EmployeeFact, unit_chain: frozenset[int]
) -> bool:
    """learning.enrollment.eligibility's rule on facts (eligible_on_facts).
    `unit_chain`: the employee's unit and its ancestors."""
    return eligible_on_facts(
        kinds=workshop.kinds, rank_min=workshop.rank_min, rank_max=workshop.rank_max,
        unit_ids=workshop.unit_ids, position_kind=employee.position_kind,
        rank_type=employee.rank_type, rank_order=employee.rank_order, unit_chain=unit_chain)


def clashes(*, workshop: WorkshopFact, own: Iterable[tuple[dt.datetime, dt.datetime]]) -> bool:
    """The next session overlaps one of the employee's sessions, as intervals."""
    return any(workshop.starts_at < end and workshop.ends_at > start for start, end in own)


def jp_period_of(*, periods: Iterable[JpPeriod], on: dt.date) -> JpPeriod:
    """The period containing `on` (an empty one, calendar year, when none is loaded)."""
    for period in periods:
        if period.start <= on <= period.end:
            return period
    return JpPeriod(dt.date(on.year, 1, 1), dt.date(on.year, 12, 31), False)


@dataclass(frozen=True)
class JpTerms:
    """What a session's JP mean for the employee, in the period they would count in."""

    factor: Decimal
    shortfall: Decimal
    minimum: Decimal | None  # the policy's yearly minimum (PNS), else None
    cap: Decimal | None  # the policy's cap (PPPK), else None
    counted: Decimal  # of the session's JP, how many would count (all but above a cap)


def jp_terms(
    *, period: JpPeriod, jp: Decimal, policy: tuple[str, Decimal] | None,
    config: RecommendationConfig,
) -> JpTerms:
    """A minimum policy (PNS): factor 1 + weight × shortfall / minimum, the shortfall
    of the period the session's JP count in (not this year's when it is next year's).
    A cap policy (PPPK): factor 1, and only the JP below the cap of that period count.
    No policy: factor 1, all JP count."""
    if policy is not None and policy[0] == CAP:
        cap = policy[1]
        counted = min(jp, max(cap - period.total, Decimal(0)))
        return JpTerms(Decimal(1), Decimal(0), None, cap, counted)
    if policy is None or policy[0] != MINIMUM or not policy[1]:
        return JpTerms(Decimal(1), Decimal(0), None, None, jp)
    minimum = policy[1]
    shortfall = max(minimum - period.total, Decimal(0))
    return JpTerms(1 + config.jp_shortfall_weight * shortfall / minimum, shortfall, minimum,
                   None, jp)


def recommendations_for_employee(
    *,
    state: EmployeeState,
    workshops_by_competency: dict[int, list[WorkshopFact]],
    unit_chain: frozenset[int],
    jp_policy: tuple[str, Decimal] | None,
    config: RecommendationConfig,
) -> tuple[list[RecoRow], list[UncoveredRow]]:
    """Rank the workshops for one employee (docs/recommendations.md):

    - candidates: eligible, not completed recently, not already enrolled/waitlisted;
    - GAP score: Σ over the workshop's competencies of priority × the share of the gap
      its target closes (min(target − assessed, gap) / gap; 0 when target ≤ assessed);
    - TALENT (high performers only, workshops without gap points): Σ TALENT_WEIGHT ×
      (target − max(required, assessed)) over competencies already met;
    - × JP factor (of the JP period the session's JP count in), × CLASH_FACTOR on
      a clash, rounded to 3 decimals;
    - order: score desc, next session's start, workshop id; dismissed ones (same
      gap signature) left out; the best MAX_PER_EMPLOYEE of each kind kept.

    Also returns the gaps no eligible, not recently completed workshop closes."""
    gaps = state.gaps
    high_performer = state.predicate in config.high_performer_predicates
    seen: set[int] = set()
    covered: set[int] = set()
    candidates: list[tuple[str, Decimal, dt.datetime, int, WorkshopFact, str, str]] = []
    for competency_id in sorted(gaps):
        for workshop in workshops_by_competency.get(competency_id, ()):
            if workshop.id in seen:
                continue
            seen.add(workshop.id)
            if workshop.id in state.completed or not workshop_eligible(
                workshop=workshop, employee=state.employee, unit_chain=unit_chain
            ):
                continue
            gap_lines, talent_lines = [], []
            for cid in sorted(workshop.targets):
                target = workshop.targets[cid]
                g = gaps.get(cid)
                if g is None:
                    continue
                if g.gap > 0 and target > g.assessed:
                    share = min(target - g.assessed, g.gap) / g.gap
                    gap_lines.append((g, target, share, g.priority * share))
                elif g.gap == 0 and target > g.required and target > g.assessed:
                    points = config.talent_weight * (target - max(Decimal(g.required), g.assessed))
                    talent_lines.append((g, target, None, points))
            covered.update(line[0].competency_id for line in gap_lines)
            if workshop.id in state.enrolled:
                continue
            if gap_lines:
                kind, lines = GAP, gap_lines
            elif talent_lines and high_performer:
                kind, lines = TALENT, talent_lines
            else:
                continue
            points = sum((line[3] for line in lines), Decimal(0))
            clash = clashes(workshop=workshop, own=state.own_sessions)
            clash_factor = config.clash_factor if clash else Decimal(1)
            period = jp_period_of(periods=state.jp_periods, on=workshop.credit_on)
            terms = jp_terms(period=period, jp=workshop.jp, policy=jp_policy, config=config)
            score = round3(points * terms.factor * clash_factor)
            if kind == GAP:
                signature = ";".join(
                    f"{g.competency_id}:{g.required}:{g.assessed:.2f}:{g.priority:.2f}"
                    for g, *_rest in lines
                )
            else:
                signature = ";".join(
                    f"{g.competency_id}:{g.required}:{g.assessed:.2f}" for g, *_rest in lines
                )
            if state.dismissed.get((workshop.id, kind)) == signature:
                continue
            reason = {
                "kind": kind,
                "jp": _num(workshop.jp),
                "jp_counted": _num(terms.counted),
                "jp_cap": None if terms.cap is None else _num(terms.cap),
                "jp_period": {"start": period.start.isoformat(), "end": period.end.isoformat(),
                              "contract": period.contract},
                "predicate": state.predicate,
                "lines": [
                    {
                        "competency": g.competency_id,
                        "required": g.required,
                        "assessed": _num(g.assessed),
                        "target": target,
                        "priority": _num(g.priority),
                        "share": None if share is None else _num(round3(share)),
                        "points": _num(round3(line_points)),
                        "behaviour": g.behaviour,
                    }
                    for g, target, share, line_points in lines
                ],
                "score": {
                    "points": _num(round3(points)),
                    "jp_shortfall": _num(terms.shortfall),
                    "jp_minimum": None if terms.minimum is None else _num(terms.minimum),
                    "jp_factor": _num(round3(terms.factor)),
                    "clash": clash,
                    "clash_factor": _num(clash_factor),
                    "total": _num(score),
                },
            }
            candidates.append(
                (kind, score, workshop.starts_at, workshop.id, workshop,
                 json.dumps(reason, separators=(",", ":")), signature)
            )
    rows: list[RecoRow] = []
    for kind in (GAP, TALENT):
        ranked = sorted(
            (c for c in candidates if c[0] == kind), key=lambda c: (-c[1], c[2], c[3])
        )[: config.max_per_employee]
        for rank, (_k, score, starts_at, _wid, workshop, reason, signature) in enumerate(
            ranked, start=1
        ):
            rows.append(RecoRow(
                workshop_id=workshop.id, session_id=workshop.session_id, kind=kind, rank=rank,
                score=score, reason=reason, gap_signature=signature, starts_at=starts_at,
            ))
    uncovered = [
        UncoveredRow(competency_id=g.competency_id, required=g.required, assessed=g.assessed,
                     priority=g.priority)
        for cid, g in sorted(gaps.items())
        if g.gap > 0 and cid not in covered
    ]
    return rows, uncovered
