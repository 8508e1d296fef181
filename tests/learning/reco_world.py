"""Hand-built cases for the recommendation tests: competencies, gap rows written
directly (the gap analysis has its own tests), workshops with sessions."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    Competency,
    CompetencyGap,
    CompetencyType,
    Predicate,
    Rating,
)
from learning.models import WorkshopCompetency
from tests.learning.enrollment_factories import make_session, make_workshop

_seq = itertools.count(1)


def competency(code: str | None = None) -> Competency:
    n = next(_seq)
    code = code or f"R.{n}"
    return Competency.objects.create(code=code, name=f"Kompetensi Uji {code}",
                                     type=CompetencyType.TECHNICAL)


def gap(employee, comp: Competency, *, required: int, assessed: str | None,
        priority: str | None = None, behaviour: bool = False) -> CompetencyGap:
    """A stored gap row; priority defaults to gap × 10 (the default GAP_WEIGHT)."""
    level = None if assessed is None else Decimal(assessed)
    g = None if level is None else max(Decimal(required) - level, Decimal(0))
    prio = Decimal(priority) if priority is not None else (g or 0) * 10
    row, _ = CompetencyGap.objects.update_or_create(
        employee=employee, competency=comp,
        defaults={"required_level": required, "assessed_level": level,
                  "difference": None if level is None else level - required, "gap": g,
                  "priority": prio, "behaviour_flag": behaviour, "explanation": {},
                  "computed_at": timezone.now()})
    return row


def workshop(*targets: tuple[Competency, int], starts_in_days: float = 10, hours: int = 6,
             capacity: int = 10, **fields):
    """A live workshop developing `targets` ((competency, target level), ...) with
    one session `starts_in_days` from now."""
    page = make_workshop(**fields)
    for comp, level in targets:
        WorkshopCompetency.objects.create(page=page, competency=comp, target_level=level)
    session = make_session(workshop=page, capacity=capacity,
                           starts_in=dt.timedelta(days=starts_in_days), hours=hours)
    return page, session


def appraise(employee, predicate: str, code: str = "2026") -> Appraisal:
    period, _ = AppraisalPeriod.objects.get_or_create(
        code=code, defaults={"year": int(code[:4]), "quarter": None, "kind": "ANNUAL"})
    return Appraisal.objects.create(employee=employee, period=period,
                                    result_rating=Rating.ABOVE, behaviour_rating=Rating.ABOVE,
                                    predicate=predicate)


__all__ = ["Predicate"]
