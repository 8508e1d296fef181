"""The tunable parts of the recommendation rules, with their defaults.

Override any key in settings, like COMPETENCY_GAPS:

    LEARNING_RECOMMENDATIONS = {"CLASH_FACTOR": 0.3, "COMPLETED_WITHIN_YEARS": 2}

docs/recommendations.md explains each with a worked example.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A workshop completed this many years ago or less is not suggested again.
    "COMPLETED_WITHIN_YEARS": 3,
    # score × (1 + JP_SHORTFALL_WEIGHT × shortfall / yearly minimum): at 0.5 an employee
    # with no JP yet this year sees every score raised by half. Only for a minimum
    # (PNS); a cap (PPPK) raises nothing.
    "JP_SHORTFALL_WEIGHT": 0.5,
    # score × CLASH_FACTOR when the workshop's next session overlaps one of the
    # employee's own sessions (as intervals: a multi-day session clashes on any day).
    "CLASH_FACTOR": 0.5,
    # Talent development (high performers, competencies already met): points per
    # level the workshop's target lies above max(required, assessed).
    "TALENT_WEIGHT": 5.0,
    # Latest predicates that make an employee a high performer.
    "HIGH_PERFORMER_PREDICATES": ["SANGAT_BAIK"],
    # Suggestions stored per employee and kind (the panel shows 3, the profile per gap).
    "MAX_PER_EMPLOYEE": 10,
    # Employees per chunk (one transaction, a fixed number of statements each).
    "CHUNK_SIZE": 5000,
    # On PostgreSQL, rank inside the database (compute_sql); False: the Python rules.
    "COMPUTE_IN_DATABASE": True,
    # A job still RUNNING this long after it started is taken as abandoned.
    "JOB_STALE_MINUTES": 120,
}


@dataclass(frozen=True)
class RecommendationConfig:
    completed_within_years: int = 3
    jp_shortfall_weight: Decimal = Decimal("0.5")
    clash_factor: Decimal = Decimal("0.5")
    talent_weight: Decimal = Decimal("5")
    high_performer_predicates: tuple[str, ...] = ("SANGAT_BAIK",)
    max_per_employee: int = 10
    chunk_size: int = 5000
    compute_in_database: bool = True
    job_stale_minutes: int = 120


def recommendation_config() -> RecommendationConfig:
    """The effective configuration: DEFAULTS overridden by settings.LEARNING_RECOMMENDATIONS."""
    conf = {**DEFAULTS, **getattr(settings, "LEARNING_RECOMMENDATIONS", {})}
    return RecommendationConfig(
        completed_within_years=int(conf["COMPLETED_WITHIN_YEARS"]),
        jp_shortfall_weight=Decimal(str(conf["JP_SHORTFALL_WEIGHT"])),
        clash_factor=Decimal(str(conf["CLASH_FACTOR"])),
        talent_weight=Decimal(str(conf["TALENT_WEIGHT"])),
        high_performer_predicates=tuple(conf["HIGH_PERFORMER_PREDICATES"]),
        max_per_employee=int(conf["MAX_PER_EMPLOYEE"]),
        chunk_size=int(conf["CHUNK_SIZE"]),
        compute_in_database=bool(conf["COMPUTE_IN_DATABASE"]),
        job_stale_minutes=int(conf["JOB_STALE_MINUTES"]),
    )
