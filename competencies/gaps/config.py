"""The tunable parts of the gap analysis, with their defaults.

Override any key in settings with a dict, e.g. in an env-driven settings module:

    COMPETENCY_GAPS = {"GAP_WEIGHT": 12, "JPM_BANDS": [[85, "OPTIMAL"], ...]}

Source weights and maximum ages are data (competencies.SourceWeight, edited by HR);
the values here are only the fallback for a source without a SourceWeight row.
The JPM bands are [unconfirmed] thresholds (domain.md §1.6): HR should verify them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Fallback weight and maximum age (days; None = no limit) per assessment source.
    "DEFAULT_SOURCE_WEIGHTS": {
        "ASSESSMENT_CENTER": 3.0,
        "SUPERVISOR": 2.0,
        "MENTOR": 1.5,
        "PEER": 1.0,
        "SELF": 0.5,
    },
    "DEFAULT_MAX_AGE_DAYS": 3 * 365,
    # priority = gap × GAP_WEIGHT + BEHAVIOUR_BOOST (if flagged) + PREDICATE_BOOST[predicate]
    "GAP_WEIGHT": 10.0,
    "BEHAVIOUR_BOOST": 5.0,
    "PREDICATE_BOOST": {"BUTUH_PERBAIKAN": 2.0, "KURANG": 4.0, "SANGAT_KURANG": 6.0},
    # "capped_sum": Σ min(assessed, required) / Σ required × 100 over assessed competencies;
    # "mean_ratio": mean of min(assessed / required, 1) × 100 over assessed competencies.
    "JPM_FORMULA": "capped_sum",
    # Lower bounds (inclusive), highest first; the first band whose bound JPM reaches.
    "JPM_BANDS": [[90, "OPTIMAL"], [78, "CUKUP_OPTIMAL"], [0, "KURANG_OPTIMAL"]],
    # Employees per chunk: one transaction and a fixed number of statements each,
    # memory flat in N. 5,000 spent ~10% less database time than 2,000 on 100,000
    # employees (bench/gaps.py) and still gives both Celery workers 20 chunks.
    "CHUNK_SIZE": 5000,
    # On PostgreSQL, run the rules inside the database (one INSERT … SELECT per chunk,
    # competencies.gaps.compute_sql). False: the Python rules (compute.py, the
    # reference, always used on SQLite) with COPY.
    "COMPUTE_IN_DATABASE": True,
    # A job still RUNNING this long after it started is taken as abandoned (its tasks
    # were lost), so the button can start a new one instead of waiting forever.
    "JOB_STALE_MINUTES": 120,
}


@dataclass(frozen=True)
class GapConfig:
    default_source_weights: dict[str, float] = field(default_factory=dict)
    default_max_age_days: int | None = None
    gap_weight: float = 10.0
    behaviour_boost: float = 5.0
    predicate_boost: dict[str, float] = field(default_factory=dict)
    jpm_formula: str = "capped_sum"
    jpm_bands: tuple[tuple[float, str], ...] = ()
    chunk_size: int = 5000
    job_stale_minutes: int = 120
    compute_in_database: bool = True


def gap_config() -> GapConfig:
    """The effective configuration: DEFAULTS overridden by settings.COMPETENCY_GAPS."""
    conf = {**DEFAULTS, **getattr(settings, "COMPETENCY_GAPS", {})}
    if conf["JPM_FORMULA"] not in ("capped_sum", "mean_ratio"):
        raise ValueError(f"Unknown COMPETENCY_GAPS JPM_FORMULA {conf['JPM_FORMULA']!r}")
    return GapConfig(
        default_source_weights={k: float(v) for k, v in conf["DEFAULT_SOURCE_WEIGHTS"].items()},
        default_max_age_days=conf["DEFAULT_MAX_AGE_DAYS"],
        gap_weight=float(conf["GAP_WEIGHT"]),
        behaviour_boost=float(conf["BEHAVIOUR_BOOST"]),
        predicate_boost={k: float(v) for k, v in conf["PREDICATE_BOOST"].items()},
        jpm_formula=conf["JPM_FORMULA"],
        jpm_bands=tuple(
            (float(bound), str(code))
            for bound, code in sorted(conf["JPM_BANDS"], key=lambda b: -float(b[0]))
        ),
        chunk_size=int(conf["CHUNK_SIZE"]),
        job_stale_minutes=int(conf["JOB_STALE_MINUTES"]),
        compute_in_database=bool(conf["COMPUTE_IN_DATABASE"]),
    )
