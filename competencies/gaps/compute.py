"""The gap rules as pure functions over plain values: no database here, so the rules
are cheap to run for 100,000 employees and easy to check by hand.
The rules are written down in docs/competencies-gaps.md.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

from competencies.gaps.config import GapConfig


def round_half_up(value: float, places: int) -> float:
    """Round half away from zero to `places` decimals, as PostgreSQL's round(numeric)
    does (Python's round() rounds half to even: round(0.0625, 3) == 0.062)."""
    sign = -1.0 if value < 0 else 1.0
    scale = 10**places
    return sign * math.floor(abs(value) * scale + 0.5 + 1e-9) / scale


def round2(value: float) -> float:
    """Round half up to 2 decimals (the stored precision)."""
    return round_half_up(value, 2)


@dataclass(frozen=True, slots=True)
class Requirement:
    """One competency of a position's effective standard and where it comes from."""

    required_level: int
    origin: str  # "DEFAULT" (by position kind+level) or "POSITION" (HR's per-position row)
    ref: int | None = None  # JobStandardDefault / JobStandard id


@dataclass(frozen=True, slots=True)
class SourceRule:
    weight: float
    max_age_days: int | None


@dataclass(frozen=True, slots=True)
class AssessmentFact:
    """The latest assessment of one source for one (employee, competency)."""

    source: str
    level: float
    assessed_on: dt.date
    pk: int


@dataclass(frozen=True, slots=True)
class AppraisalFact:
    """The employee's latest appraisal, reduced to what the gap rules use."""

    pk: int
    period: str
    predicate: str
    below_values: tuple[str, ...]  # core value codes rated BELOW
    flagged_competencies: frozenset[int]  # mapped from those values


@dataclass(slots=True)
class GapRow:
    competency_id: int
    required_level: int
    assessed_level: float | None
    difference: float | None
    gap: float | None
    priority: float
    behaviour_flag: bool
    explanation: str  # JSON text


@dataclass(slots=True)
class JpmRow:
    jpm_percent: float | None
    coverage: float
    standard_count: int
    assessed_count: int


def source_cutoff(*, rule: SourceRule, today: dt.date) -> dt.date | None:
    """The oldest assessment date still counted for a source (None: no limit)."""
    if rule.max_age_days is None:
        return None
    return today - dt.timedelta(days=rule.max_age_days)


def assessed_level_combine(
    *,
    facts: list[AssessmentFact],
    rules: dict[str, SourceRule],
    today: dt.date,
    cutoffs: dict[str, dt.date | None] | None = None,
) -> tuple[float | None, list[AssessmentFact]]:
    """Weighted mean of the per-source latest levels, by source weight.

    `facts` may hold several assessments per source: the latest (date, then id) of each
    source counts, if not older than the source's max age; sources with weight 0 are
    left out. Returns (level or None when nothing counts, the assessments used)."""
    if cutoffs is None:
        cutoffs = {source: source_cutoff(rule=rule, today=today) for source, rule in rules.items()}
    latest: dict[str, AssessmentFact] = {}
    for fact in facts:
        rule = rules.get(fact.source)
        if rule is None or rule.weight <= 0:
            continue
        cutoff = cutoffs.get(fact.source)
        if cutoff is not None and fact.assessed_on < cutoff:
            continue
        current = latest.get(fact.source)
        if current is None or (fact.assessed_on, fact.pk) > (current.assessed_on, current.pk):
            latest[fact.source] = fact
    if not latest:
        return None, []
    total_weight = 0.0
    weighted = 0.0
    used = []
    for source in sorted(latest):
        fact = latest[source]
        weight = rules[source].weight
        total_weight += weight
        weighted += fact.level * weight
        used.append(fact)
    return round2(weighted / total_weight), used


def _assessments_json(used: list[AssessmentFact], rules: dict[str, SourceRule]) -> str:
    # Hand-built: json.dumps of every row's explanation was a third of the compute
    # time at 100,000 employees. Sources are enum values, dates ISO, numbers floats.
    return (
        "["
        + ",".join(
            f'{{"source":"{f.source}","date":"{f.assessed_on.isoformat()}","level":{f.level!r},'
            f'"weight":{rules[f.source].weight!r},"id":{f.pk}}}'
            for f in used
        )
        + "]"
    )


def gap_rows_for_employee(
    *,
    standard: dict[int, Requirement],
    assessments: dict[int, list[AssessmentFact]],
    appraisal: AppraisalFact | None,
    rules: dict[str, SourceRule],
    config: GapConfig,
    today: dt.date,
) -> tuple[list[GapRow], JpmRow]:
    """Every gap row of one employee and their JPM.

    gap = max(required − assessed, 0), NULL when the assessed level is unknown;
    priority = gap × GAP_WEIGHT + BEHAVIOUR_BOOST (competency mapped from a core value
    rated BELOW in the latest appraisal) + PREDICATE_BOOST[latest predicate], the two
    boosts only on rows that are a gap (gap > 0) or behaviour-flagged; 0 otherwise.
    Each row's `explanation` is a JSON text (see docs/competencies-gaps.md)."""
    cutoffs = {source: source_cutoff(rule=rule, today=today) for source, rule in rules.items()}
    predicate_boost = 0.0
    appraisal_json = ""
    flagged_set: frozenset[int] = frozenset()
    if appraisal is not None:
        predicate_boost = config.predicate_boost.get(appraisal.predicate, 0.0)
        flagged_set = appraisal.flagged_competencies
        appraisal_json = ',"appraisal":' + json.dumps(
            {
                "id": appraisal.pk,
                "period": appraisal.period,
                "predicate": appraisal.predicate,
                "below_values": list(appraisal.below_values),
            },
            separators=(",", ":"),
        )
    rows: list[GapRow] = []
    sum_required = 0.0
    sum_capped = 0.0
    ratios: list[float] = []
    empty: list[AssessmentFact] = []
    for competency_id, req in standard.items():
        assessed, used = assessed_level_combine(
            facts=assessments.get(competency_id, empty),
            rules=rules,
            today=today,
            cutoffs=cutoffs,
        )
        flagged = competency_id in flagged_set
        if assessed is None:
            difference = gap = None
        else:
            difference = round2(assessed - req.required_level)
            gap = -difference if difference < 0 else 0.0
            sum_required += req.required_level
            sum_capped += assessed if assessed < req.required_level else req.required_level
            ratios.append(min(assessed / req.required_level, 1.0))
        is_gap = bool(gap) or flagged
        priority = 0.0
        priority_json = ""
        if is_gap:
            behaviour = config.behaviour_boost if flagged else 0.0
            priority = round2((gap or 0.0) * config.gap_weight + behaviour + predicate_boost)
            priority_json = (
                f',"priority":{{"gap_weight":{config.gap_weight!r},'
                f'"behaviour_boost":{behaviour!r},"predicate_boost":{predicate_boost!r}}}'
            )
        ref = "null" if req.ref is None else str(req.ref)
        explanation = (
            f'{{"standard":{{"origin":"{req.origin}","ref":{ref},'
            f'"required_level":{req.required_level}}},'
            f'"assessments":{_assessments_json(used, rules)}'
            # The appraisal is cited where it changed something: on gap rows.
            f"{appraisal_json if is_gap else ''}{priority_json}}}"
        )
        rows.append(
            GapRow(
                competency_id=competency_id,
                required_level=req.required_level,
                assessed_level=assessed,
                difference=difference,
                gap=gap,
                priority=priority,
                behaviour_flag=flagged,
                explanation=explanation,
            )
        )
    return rows, jpm_compute(
        standard_count=len(standard),
        ratios=ratios,
        sum_capped=sum_capped,
        sum_required=sum_required,
        formula=config.jpm_formula,
    )


def jpm_compute(
    *,
    standard_count: int,
    ratios: list[float],
    sum_capped: float,
    sum_required: float,
    formula: str,
) -> JpmRow:
    """JPM over the assessed competencies only (unknowns are left out, and coverage
    says how many were known); None when none is known."""
    assessed_count = len(ratios)
    coverage = round_half_up(assessed_count / standard_count, 3) if standard_count else 0.0
    if not assessed_count:
        return JpmRow(None, coverage, standard_count, 0)
    if formula == "mean_ratio":
        jpm = sum(ratios) / assessed_count * 100
    else:
        jpm = sum_capped / sum_required * 100
    return JpmRow(round2(jpm), coverage, standard_count, assessed_count)


def jpm_band(*, jpm: float | None, bands: tuple[tuple[float, str], ...]) -> str | None:
    """The band code (e.g. "OPTIMAL") of a JPM, None for an unknown JPM."""
    if jpm is None:
        return None
    for bound, code in bands:
        if jpm >= bound:
            return code
    return bands[-1][1] if bands else None
