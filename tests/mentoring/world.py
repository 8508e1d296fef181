"""Small hand-built mentoring worlds: competencies, mentors with assessed levels,
mentees with real computed gaps (job standards + assessments + the gap analysis),
programs with their rules."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from competencies.gaps.services import gaps_recompute_for_employees
from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyType,
    JobStandard,
    Rating,
)
from mentoring.models import MentoringPair, MentoringProgram, PairStatus
from people.models import Employee, Position, PositionKind, Rank
from tests.factories import EmployeeFactory, make_hr_user, make_nip

TODAY = dt.date(2026, 12, 2)
ASSESSED_ON = dt.date(2026, 6, 1)
_seq = itertools.count(500)


def competency(code: str, name: str | None = None) -> Competency:
    comp, _ = Competency.objects.get_or_create(
        code=code, defaults={"name": name or f"Kompetensi {code}",
                             "type": CompetencyType.TECHNICAL})
    return comp


def rank(code: str) -> Rank:
    return Rank.objects.get(employment_type="PNS", code=code)


def person(
    name: str, *, levels: dict[Competency, float] | None = None, golongan: str = "III/c",
    unit=None, supervisor: Employee | None = None, tmt: tuple[int, int] = (2005, 3),
    **extra,
) -> Employee:
    """An employee with assessed levels (source SUPERVISOR)."""
    kwargs = {"name": name, "rank": rank(golongan), "supervisor": supervisor,
              "nip": make_nip(next(_seq), tmt=tmt), **extra}
    if unit is not None:
        kwargs["unit"] = unit
    employee = EmployeeFactory(**kwargs)
    for comp, level in (levels or {}).items():
        Assessment.objects.create(employee=employee, competency=comp, level=Decimal(str(level)),
                                  source=AssessmentSource.SUPERVISOR, assessed_on=ASSESSED_ON)
    return employee


def mentee(
    name: str, *, needs: dict[Competency, tuple[int, float]], golongan: str = "III/a",
    **kwargs,
) -> Employee:
    """An employee whose job standard requires `needs[c][0]` of each competency and who
    is assessed at `needs[c][1]`: the real gap analysis computes their gaps."""
    position = Position.objects.create(name=f"Jabatan {name} {next(_seq)}",
                                       kind=PositionKind.PELAKSANA)
    for comp, (required, _level) in needs.items():
        JobStandard.objects.create(position=position, competency=comp, required_level=required)
    employee = person(name, levels={c: lvl for c, (_r, lvl) in needs.items()},
                      golongan=golongan, position=position, **kwargs)
    return employee


def recompute(*employees: Employee) -> None:
    gaps_recompute_for_employees(employee_ids=[e.pk for e in employees])


def appraise(employee: Employee, result: str = Rating.MEETS, behaviour: str = Rating.MEETS,
             code: str = "2026") -> Appraisal:
    from competencies.models import period_parse, predicate_from_quadrant

    p = period_parse(code)
    period, _ = AppraisalPeriod.objects.get_or_create(
        code=p.code, defaults={"year": p.year, "quarter": p.quarter, "kind": p.kind})
    return Appraisal.objects.create(
        employee=employee, period=period, result_rating=result, behaviour_rating=behaviour,
        predicate=predicate_from_quadrant(result, behaviour))


def program(comps: list[Competency], **rules) -> MentoringProgram:
    """A running program with lenient rules unless told otherwise."""
    defaults = {
        "name": "Program Mentoring Uji", "start_date": dt.date(2026, 7, 1),
        "end_date": dt.date(2026, 12, 31), "status": "RUNNING",
        "require_opt_in": False, "require_good_predicate": False,
        "mentor_senior_rank": False, "min_mentor_level": Decimal("3.0"),
        "max_mentees_per_mentor": 2, "propose_from_gaps": True,
    }
    defaults.update(rules)
    prog = MentoringProgram.objects.create(**defaults)
    prog.competencies.set(comps)
    return prog


def active_pair(prog: MentoringProgram, mentor: Employee, mentee_: Employee) -> MentoringPair:
    hr = make_hr_user(f"hr.{next(_seq)}")
    return MentoringPair.objects.create(
        program=prog, mentor=mentor, mentee=mentee_, status=PairStatus.ACTIVE,
        approved_by=hr, approved_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))


def one_pair(code: str, mentor_name: str, mentee_name: str):  # type: ignore[no-untyped-def]
    """A running program on one competency and an active pair: a mentor at 5, a mentee
    at 1.5 of 3 (gaps computed). Returns (program, competency, mentor, mentee, pair)."""
    comp = competency(code)
    prog = program([comp])
    mentor = person(mentor_name, levels={comp: 5})
    learner = mentee(mentee_name, needs={comp: (3, 1.5)})
    recompute(learner)
    return prog, comp, mentor, learner, active_pair(prog, mentor, learner)
