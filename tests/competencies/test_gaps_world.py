"""A small, fully known world for the gap tests: its own competencies, standards and
source weights, so the seeded dictionary (whatever it holds) does not change the
hand-computed numbers. Imported by the other test_gaps*/test_views* modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    Assessment,
    Competency,
    CompetencyType,
    CoreValue,
    CoreValueCompetency,
    JobStandard,
    JobStandardDefault,
    Predicate,
    Rating,
    SourceWeight,
)
from people.models import Position, PositionKind
from tests.factories import EmployeeFactory, PositionFactory

TODAY = timezone.localdate()


@dataclass
class World:
    m1: Competency  # managerial, required 3 by the default
    m2: Competency  # managerial, overridden to 4 for the position
    t1: Competency  # technical, 2 for the position
    position: Position
    bare_position: Position  # a kind without any default and no per-position rows
    value: CoreValue  # maps to m1


def world_build() -> World:
    """Replace whatever the seeds hold by a known world (inside the test's transaction)."""
    Competency.objects.update(is_active=False)
    JobStandardDefault.objects.all().delete()
    CoreValueCompetency.objects.all().delete()
    weights = {
        "ASSESSMENT_CENTER": ("3", None),
        "SUPERVISOR": ("2", 365),
        "PEER": ("1", 365),
        "SELF": ("0", None),
        "MENTOR": ("1", None),
    }
    for source, (weight, age) in weights.items():
        SourceWeight.objects.update_or_create(
            source=source, defaults={"weight": Decimal(weight), "max_age_days": age}
        )
    m1 = Competency.objects.create(
        code="X.M1", name="Uji Integritas", type=CompetencyType.MANAGERIAL
    )
    m2 = Competency.objects.create(
        code="X.M2", name="Uji Kerjasama", type=CompetencyType.MANAGERIAL
    )
    t1 = Competency.objects.create(code="X.T1", name="Uji Arsip", type=CompetencyType.TECHNICAL)
    JobStandardDefault.objects.create(
        position_kind=PositionKind.PELAKSANA,
        position_level="",
        competency_type=CompetencyType.MANAGERIAL,
        required_level=3,
    )
    position = PositionFactory(name="Pengadministrasi Uji", kind=PositionKind.PELAKSANA)
    JobStandard.objects.create(position=position, competency=m2, required_level=4)
    JobStandard.objects.create(position=position, competency=t1, required_level=2)
    bare = PositionFactory(name="Pranata Uji", kind=PositionKind.FUNGSIONAL, level="TERAMPIL")
    value, _ = CoreValue.objects.get_or_create(code="akuntabel", defaults={"name": "Akuntabel"})
    CoreValueCompetency.objects.create(core_value=value, competency=m1)
    return World(m1=m1, m2=m2, t1=t1, position=position, bare_position=bare, value=value)


def assess(employee, competency, level: str, source: str, on: dt.date) -> Assessment:
    return Assessment.objects.create(
        employee=employee,
        competency=competency,
        level=Decimal(level),
        source=source,
        assessed_on=on,
    )


def appraise(
    employee,
    code: str,
    *,
    result=Rating.MEETS,
    behaviour=Rating.MEETS,
    predicate=Predicate.BAIK,
    below_values=(),
) -> Appraisal:
    year, _, q = code.partition("-T")
    period, _ = AppraisalPeriod.objects.get_or_create(
        code=code,
        defaults={
            "year": int(year),
            "quarter": int(q) if q else None,
            "kind": "QUARTERLY" if q else "ANNUAL",
        },
    )
    appraisal = Appraisal.objects.create(
        employee=employee,
        period=period,
        result_rating=result,
        behaviour_rating=behaviour,
        predicate=predicate,
    )
    for value in below_values:
        AppraisalValueRating.objects.create(
            appraisal=appraisal, core_value=value, rating=Rating.BELOW
        )
    return appraisal


def employee_in(world: World, **kwargs):
    return EmployeeFactory(position=world.position, **kwargs)
