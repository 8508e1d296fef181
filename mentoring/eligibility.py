"""Who may mentor in a program, and which pairs the program's rules allow.

The facts about people are loaded in bulk (`person_facts_load`, four queries for any
number of people) into plain dataclasses, so the rules below are pure functions that
the matching solver, HR's pair editor and the tests share, and the benchmark can run
them without a database. Each rule is one setting of the program; each failure is a
sentence HR reads."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from competencies.gaps.sql import ids_q
from competencies.models import Appraisal, Assessment, CompetencyGap, Predicate
from people.models import Employee, EmploymentType
from people.nip import pns_nip_parse

GOOD_PREDICATES = frozenset({Predicate.BAIK, Predicate.SANGAT_BAIK})


@dataclass(frozen=True)
class ProgramRules:
    """A program's eligibility and pair rules, detached from the database."""

    competency_ids: tuple[int, ...]
    min_rank_order: int | None = None  # PNS golongan order (people.Rank.order)
    min_years_of_service: int | None = None
    require_good_predicate: bool = False
    min_mentor_level: float = 3.0
    require_opt_in: bool = False
    max_mentees_per_mentor: int = 3
    supervisor_rule: str = "ALLOWED"  # SupervisorRule
    unit_rule: str = "ANY"  # UnitRule
    mentor_senior_rank: bool = False

    @classmethod
    def from_program(cls, program) -> ProgramRules:  # type: ignore[no-untyped-def]
        return cls(
            competency_ids=tuple(sorted(c.pk for c in program.competencies.all())),
            min_rank_order=program.min_rank.order if program.min_rank_id else None,
            min_years_of_service=program.min_years_of_service,
            require_good_predicate=program.require_good_predicate,
            min_mentor_level=float(program.min_mentor_level),
            require_opt_in=program.require_opt_in,
            max_mentees_per_mentor=program.max_mentees_per_mentor,
            supervisor_rule=program.supervisor_rule,
            unit_rule=program.unit_rule,
            mentor_senior_rank=program.mentor_senior_rank,
        )


@dataclass
class PersonFacts:
    """What the rules and the score need to know about one employee."""

    employee_id: int
    name: str = ""
    employment_type: str = EmploymentType.PNS
    rank_order: int = 0
    unit_id: int | None = None
    supervisor_id: int | None = None
    cpns_date: dt.date | None = None
    predicate: str | None = None
    opted_in: bool = False
    # competency → assessed level (combined as the gap analysis does, else latest)
    levels: dict[int, float] = field(default_factory=dict)
    # competency → (gap, priority) where the gap analysis found a gap > 0
    gaps: dict[int, tuple[float, float]] = field(default_factory=dict)


def years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def cpns_date_from_nip(nip: str, employment_type: str) -> dt.date | None:
    """The CPNS appointment (TMT) in a PNS NIP, as the 1st of its month; None for PPPK
    or a NIP that does not parse."""
    if employment_type != EmploymentType.PNS:
        return None
    try:
        parsed = pns_nip_parse(nip)
    except Exception:  # noqa: BLE001 - an unparsable NIP just has no service years
        return None
    return dt.date(parsed.appointment_year, parsed.appointment_month, 1)


def person_facts_load(
    *, employee_ids: list[int], competency_ids: list[int], opted_in: set[int] | None = None
) -> dict[int, PersonFacts]:
    """Facts about these employees for these competencies. Four queries.

    Levels: the gap analysis's combined assessed level where the competency is in the
    person's job standard, else their latest assessment of it from any source."""
    ids = sorted(set(employee_ids))
    facts: dict[int, PersonFacts] = {}
    if not ids:
        return facts
    opted_in = opted_in or set()
    rows = Employee.objects.filter(ids_q("pk", ids)).values_list(
        "pk", "name", "nip", "employment_type", "rank__order", "unit_id", "supervisor_id"
    )
    for pk, name, nip, etype, rank_order, unit_id, sup in rows:
        facts[pk] = PersonFacts(
            employee_id=pk, name=name, employment_type=etype, rank_order=rank_order,
            unit_id=unit_id, supervisor_id=sup, cpns_date=cpns_date_from_nip(nip, etype),
            opted_in=pk in opted_in,
        )
    # Latest appraisal's predicate: the latest year, an annual one after its quarters.
    latest: dict[int, tuple] = {}
    for emp, year, quarter, predicate in Appraisal.objects.filter(
        ids_q("employee_id", ids)
    ).values_list("employee_id", "period__year", "period__quarter", "predicate"):
        key = (year, quarter or 5)
        if emp not in latest or key > latest[emp][0]:
            latest[emp] = (key, predicate)
    for emp, (_key, predicate) in latest.items():
        facts[emp].predicate = predicate
    comps = list(competency_ids)
    fallback: dict[tuple[int, int], tuple[dt.date, int, float]] = {}
    assessments = Assessment.objects.filter(ids_q("employee_id", ids), competency_id__in=comps)
    if connection.vendor == "postgresql":
        assessments = assessments.order_by(
            "employee_id", "competency_id", "-assessed_on", "-id"
        ).distinct("employee_id", "competency_id")
    for emp, comp, level, on, pk in assessments.values_list(
        "employee_id", "competency_id", "level", "assessed_on", "pk"
    ):
        key = (emp, comp)
        if key not in fallback or (on, pk) > fallback[key][:2]:
            fallback[key] = (on, pk, float(level))
    for (emp, comp), (_on, _pk, level) in fallback.items():
        facts[emp].levels[comp] = level
    for emp, comp, assessed, gap, priority in CompetencyGap.objects.filter(
        ids_q("employee_id", ids), competency_id__in=comps
    ).values_list("employee_id", "competency_id", "assessed_level", "gap", "priority"):
        if assessed is not None:
            facts[emp].levels[comp] = float(assessed)
        if gap is not None and gap > 0:
            facts[emp].gaps[comp] = (float(gap), float(priority))
    return facts


def gap_candidates_for(*, competency_ids: list[int]) -> list[int]:
    """Active employees with a gap > 0 in any of these competencies. One query."""
    return list(
        CompetencyGap.objects.filter(competency_id__in=competency_ids, gap__gt=0)
        .filter(employee__is_active=True)
        .order_by().values_list("employee_id", flat=True).distinct()
    )


def level_candidates_for(*, competency_ids: list[int], min_level: float) -> list[int]:
    """Active employees assessed at `min_level` or more in any of these competencies
    (the mentor pool when the program asks for no opt-in). Two queries."""
    from_gaps = CompetencyGap.objects.filter(
        competency_id__in=competency_ids, assessed_level__gte=min_level,
        employee__is_active=True,
    ).values_list("employee_id", flat=True)
    from_assessments = Assessment.objects.filter(
        competency_id__in=competency_ids, level__gte=min_level, employee__is_active=True
    ).values_list("employee_id", flat=True)
    return sorted(set(from_gaps) | set(from_assessments))


def mentor_competencies(*, rules: ProgramRules, person: PersonFacts) -> list[int]:
    """The focus competencies this person is assessed high enough to mentor."""
    return [
        c for c in rules.competency_ids
        if person.levels.get(c, 0.0) >= rules.min_mentor_level
    ]


def mentor_rule_failures(
    *, rules: ProgramRules, person: PersonFacts, today: dt.date
) -> list[str]:
    """Why this person may not mentor in the program ([] = eligible). One sentence
    per broken rule; no queries."""
    failures = []
    if rules.require_opt_in and not person.opted_in:
        failures.append(_("has not opted in to mentor in this program"))
    if rules.min_rank_order is not None and (
        person.employment_type != EmploymentType.PNS or person.rank_order < rules.min_rank_order
    ):
        failures.append(_("golongan is below the program's minimum"))
    if rules.min_years_of_service:
        if person.cpns_date is None:
            failures.append(_("years of service unknown (no CPNS date in the NIP)"))
        elif years_between(person.cpns_date, today) < rules.min_years_of_service:
            failures.append(
                _("%(years)d years of service, fewer than the %(min)d required")
                % {"years": years_between(person.cpns_date, today),
                   "min": rules.min_years_of_service}
            )
    if rules.require_good_predicate and person.predicate not in GOOD_PREDICATES:
        failures.append(_("latest performance predicate is not Baik or better"))
    if not mentor_competencies(rules=rules, person=person):
        failures.append(
            _("not assessed at level %(level)s or higher in any competency in focus")
            % {"level": f"{rules.min_mentor_level:g}"}
        )
    return failures


def pair_rule_failures(
    *, rules: ProgramRules, mentor: PersonFacts, mentee: PersonFacts
) -> list[str]:
    """Why the program's rules forbid this pair ([] = allowed). No queries."""
    failures = []
    if mentor.employee_id == mentee.employee_id:
        return [_("a person cannot mentor themselves")]
    is_supervisor = mentee.supervisor_id == mentor.employee_id
    if rules.supervisor_rule == "REQUIRED" and not is_supervisor:
        failures.append(_("the program requires the mentee's direct supervisor as mentor"))
    if rules.supervisor_rule == "EXCLUDED" and is_supervisor:
        failures.append(_("the program excludes the mentee's direct supervisor as mentor"))
    if rules.unit_rule == "SAME" and mentor.unit_id != mentee.unit_id:
        failures.append(_("the program requires mentor and mentee in the same unit"))
    if rules.unit_rule == "DIFFERENT" and mentor.unit_id == mentee.unit_id:
        failures.append(_("the program requires mentor and mentee in different units"))
    if (
        rules.mentor_senior_rank
        and mentor.employment_type == mentee.employment_type
        and mentor.rank_order <= mentee.rank_order
    ):
        failures.append(_("the mentor's golongan is not higher than the mentee's"))
    return failures


def pair_explain(
    *, rules: ProgramRules, mentor: PersonFacts, mentee: PersonFacts
) -> tuple[float, list[dict]]:
    """The pair's score and why: for each gap of the mentee in a focus competency that
    the mentor may mentor, priority × (mentor's level − mentee's level) when positive.
    No queries."""
    total, lines = 0.0, []
    for comp in rules.competency_ids:
        if comp not in mentee.gaps:
            continue
        gap, priority = mentee.gaps[comp]
        mentor_level = mentor.levels.get(comp)
        if mentor_level is None or mentor_level < rules.min_mentor_level:
            continue
        mentee_level = mentee.levels.get(comp, 0.0)
        lead = mentor_level - mentee_level
        if lead <= 0:
            continue
        points = round(max(priority, gap) * lead, 2)
        total += points
        lines.append({
            "competency_id": comp, "gap": gap, "priority": priority,
            "mentee_level": mentee_level, "mentor_level": mentor_level, "points": points,
        })
    return round(total, 2), lines


def gap_weights(person: PersonFacts) -> defaultdict[int, float]:
    """competency → the weight of its gap in the score (the gap analysis's priority,
    at least the gap itself)."""
    out: defaultdict[int, float] = defaultdict(float)
    for comp, (gap, priority) in person.gaps.items():
        out[comp] = max(priority, gap)
    return out

