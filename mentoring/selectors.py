"""Mentoring reads: what the mentor's and the mentee's pages and home panels show,
HR's program overview and the program report. Each runs a constant number of
queries whatever the number of pairs or sessions."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from competencies.models import Competency
from learning.completion.jp_rules import JpFigure, jp_figure, jp_text
from mentoring.models import (
    LIVE_PAIR_STATUSES,
    MatchingRun,
    MentoringGoal,
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    MentorOptIn,
    PairStatus,
    ProgramStatus,
    SessionStatus,
)
from people.models import Employee
from people.units import UnitRollup, UnitRow, unit_rollup


@dataclass
class PairTotals:
    logged: int = 0
    confirmed: int = 0
    waiting: int = 0
    disputed: int = 0
    minutes: int = 0
    jp: Decimal = Decimal("0")
    rating: float | None = None

    @property
    def confirmation_rate(self) -> int | None:
        return round(100 * self.confirmed / self.logged) if self.logged else None


def pair_totals_for(*, pair_ids: list[int]) -> dict[int, PairTotals]:
    """Session counts, confirmed hours and JP, average rating per pair. One query."""
    confirmed = Q(status=SessionStatus.CONFIRMED)
    rows = (
        MentoringSession.objects.filter(pair_id__in=pair_ids).values("pair_id")
        .annotate(
            logged=Count("id"), confirmed=Count("id", filter=confirmed),
            waiting=Count("id", filter=Q(status=SessionStatus.SUBMITTED)),
            disputed=Count("id", filter=Q(status=SessionStatus.DISPUTED)),
            minutes=Sum("duration_minutes", filter=confirmed),
            jp=Sum("jp_awarded", filter=confirmed),
            rating=Avg("rating", filter=confirmed),
        )
    )
    out = {pk: PairTotals() for pk in pair_ids}
    for row in rows:
        out[row["pair_id"]] = PairTotals(
            logged=row["logged"], confirmed=row["confirmed"], waiting=row["waiting"],
            disputed=row["disputed"], minutes=row["minutes"] or 0, jp=row["jp"] or Decimal("0"),
            rating=float(row["rating"]) if row["rating"] is not None else None,
        )
    return out


def _pairs(qs: QuerySet[MentoringPair]) -> QuerySet[MentoringPair]:
    return qs.select_related("program", "mentor", "mentee", "mentor__unit", "mentee__unit")


@dataclass
class MentoringHome:
    as_mentor: list[MentoringPair] = field(default_factory=list)
    as_mentee: list[MentoringPair] = field(default_factory=list)
    totals: dict[int, PairTotals] = field(default_factory=dict)
    to_confirm: list[MentoringSession] = field(default_factory=list)  # mentee's
    to_fix: list[MentoringSession] = field(default_factory=list)  # mentor's disputed
    waiting_mentee: list[MentoringSession] = field(default_factory=list)  # mentor's
    goals: dict[int, list[MentoringGoal]] = field(default_factory=dict)
    open_programs: list[MentoringProgram] = field(default_factory=list)
    opted_in: set[int] = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not (self.as_mentor or self.as_mentee)


def mentoring_home_for(*, employee: Employee, with_programs: bool = False) -> MentoringHome:
    """The employee's pairs as mentor and as mentee (not ended), their totals, goals
    and the sessions that need someone's action. Four queries (one when they are in
    no pair; two more with the programs)."""
    pairs = list(_pairs(
        MentoringPair.objects.filter(Q(mentor=employee) | Q(mentee=employee))
        .filter(status__in=[PairStatus.ACTIVE, PairStatus.COMPLETED])
        .order_by("-program__start_date", "mentee__name")
    ))
    home = MentoringHome(
        as_mentor=[p for p in pairs if p.mentor_id == employee.pk],
        as_mentee=[p for p in pairs if p.mentee_id == employee.pk],
    )
    ids = [p.pk for p in pairs]
    if ids:
        _home_details(home=home, pairs=pairs, ids=ids, employee=employee)
    if with_programs:
        home.open_programs = list(MentoringProgram.objects.filter(
            status__in=[ProgramStatus.DRAFT, ProgramStatus.RUNNING]).order_by("start_date"))
        home.opted_in = set(MentorOptIn.objects.filter(employee=employee).values_list(
            "program_id", flat=True))
    return home


def _home_details(
    *, home: MentoringHome, pairs: list[MentoringPair], ids: list[int], employee: Employee
) -> None:
    home.totals = pair_totals_for(pair_ids=ids)
    open_sessions = MentoringSession.objects.filter(
        pair_id__in=ids, status__in=[SessionStatus.SUBMITTED, SessionStatus.DISPUTED]
    ).select_related("pair__mentor", "pair__mentee").order_by("held_on")
    for s in open_sessions:
        if s.pair.mentee_id == employee.pk and s.status == SessionStatus.SUBMITTED:
            home.to_confirm.append(s)
        elif s.pair.mentor_id == employee.pk:
            (home.to_fix if s.status == SessionStatus.DISPUTED else home.waiting_mentee).append(s)
    for goal in MentoringGoal.objects.filter(pair_id__in=ids).select_related("competency"):
        home.goals.setdefault(goal.pair_id, []).append(goal)
    for p in pairs:  # for templates, which cannot index a dict by a variable
        p.totals = home.totals[p.pk]  # type: ignore[attr-defined]
        p.goal_list = home.goals.get(p.pk, [])  # type: ignore[attr-defined]


def pair_sessions(*, pair: MentoringPair) -> list[MentoringSession]:
    """The pair's sessions with their competencies and the JP each earns and why
    (`jp_figure`). Three queries."""
    sessions = list(pair.sessions.prefetch_related("competencies").order_by("-held_on", "-id"))
    figures = session_jp_figures(pair=pair, sessions=sessions)
    for s in sessions:
        s.jp_figure = figures[s.pk]  # type: ignore[attr-defined]
    return sessions


def session_jp_figures(
    *, pair: MentoringPair, sessions: list[MentoringSession]
) -> dict[int, JpFigure]:
    """The JP each of the pair's sessions earns (or earned) on confirmation and why,
    by the one rule of learning.completion.jp_rules: whole JP from its minutes,
    at most the program's JP per session, 0 once the mentee has the program's maximum
    of credited sessions that month. Used by the credit (services.session_confirm)
    and by every page that shows the figure. One query."""
    if not sessions:
        return {}
    program = pair.program
    credited: dict[tuple[int, int], set[int]] = defaultdict(set)
    for pk, held_on in MentoringSession.objects.filter(
        pair__program_id=pair.program_id, pair__mentee_id=pair.mentee_id,
        status=SessionStatus.CONFIRMED, jp_awarded__gt=0,
    ).values_list("pk", "held_on"):
        credited[(held_on.year, held_on.month)].add(pk)
    cap_text = _("%(jp)s JP a session") % {"jp": jp_text(program.jp_per_session)}
    month_text = _("the program credits at most %(n)d sessions a month") % {
        "n": program.max_sessions_per_month}
    figures = {}
    for s in sessions:
        others = credited[(s.held_on.year, s.held_on.month)] - {s.pk}
        full = len(others) >= program.max_sessions_per_month
        figures[s.pk] = jp_figure(
            minutes=s.duration_minutes, cap=program.jp_per_session, cap_text=cap_text,
            month_left=Decimal(0) if full else None, month_text=month_text)
    return figures


def people_search(*, query: str, limit: int = 20) -> list[Employee]:
    """Active employees whose name contains `query` or whose NIP starts with it
    (spaces ignored), for HR's person picker. One query."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    digits = query.replace(" ", "")
    match = Q(name__icontains=query)
    if digits.isdigit():
        match |= Q(nip__startswith=digits)
    return list(Employee.objects.filter(match, is_active=True).select_related("unit")
                .order_by("name", "nip")[:limit])


def competency_names(ids: set[int]) -> dict[int, Competency]:
    return {c.pk: c for c in Competency.objects.filter(pk__in=ids)}


@dataclass
class ProgramOverview:
    program: MentoringProgram
    pairs: list[MentoringPair]
    totals: dict[int, PairTotals]
    competencies: dict[int, Competency]
    run: MatchingRun | None
    disputed: list[MentoringSession]
    misfits: list[MentoringPair]

    @property
    def proposed_count(self) -> int:
        return sum(1 for p in self.pairs if p.status == PairStatus.PROPOSED)


def program_overview(*, program: MentoringProgram) -> ProgramOverview:
    """HR's view of a program: live pairs with why, totals, the latest matching run,
    disputed sessions and "not a good fit" answers. Six queries."""
    pairs = list(_pairs(program.pairs.filter(status__in=LIVE_PAIR_STATUSES))
                 .order_by("status", "mentor__name", "mentee__name"))
    comp_ids = {line["competency_id"] for p in pairs for line in p.explanation or []}
    comp_ids |= set(program.competencies.values_list("pk", flat=True))
    totals = pair_totals_for(pair_ids=[p.pk for p in pairs])
    names = competency_names(comp_ids)
    for p in pairs:
        p.totals = totals[p.pk]  # type: ignore[attr-defined]
        p.why = [{**line, "competency": names.get(line["competency_id"])}  # type: ignore[attr-defined]
                 for line in p.explanation or []]
    return ProgramOverview(
        program=program, pairs=pairs, totals=totals, competencies=names,
        run=program.matching_runs.first(),
        disputed=list(MentoringSession.objects.filter(
            pair__program=program, status=SessionStatus.DISPUTED)
            .select_related("pair__mentor", "pair__mentee")),
        misfits=[p for p in pairs if p.status == PairStatus.ACTIVE
                 and (p.mentor_fit is False or p.mentee_fit is False)],
    )


@dataclass
class ReportRow:
    pair: MentoringPair
    totals: PairTotals
    goals: int
    goals_met: int


@dataclass
class UnitTotals:
    """One row of the report by unit: a row of people.units' roll-up (an OPD with
    its whole subtree, or a unit below the one HR opened); `unit` None is the total."""

    unit: UnitRow | None
    pairs: int = 0
    logged: int = 0
    confirmed: int = 0
    minutes: int = 0
    jp: Decimal = Decimal("0")
    ratings: list[float] = field(default_factory=list)
    goals: int = 0
    goals_met: int = 0

    @property
    def confirmation_rate(self) -> int | None:
        return round(100 * self.confirmed / self.logged) if self.logged else None

    @property
    def rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None

    def add(self, row: ReportRow) -> None:
        self.pairs += 1
        self.logged += row.totals.logged
        self.confirmed += row.totals.confirmed
        self.minutes += row.totals.minutes
        self.jp += row.totals.jp
        self.goals += row.goals
        self.goals_met += row.goals_met
        if row.totals.rating is not None:
            self.ratings.append(row.totals.rating)


def program_report(
    *, program: MentoringProgram, rollup: UnitRollup | None = None
) -> tuple[list[ReportRow], list[UnitTotals]]:
    """Per pair (not proposed ones): sessions held and confirmed, minutes, JP,
    confirmation rate, average rating, goals met; and the same rolled up along the
    unit tree as every HR report is (people.units: the OPDs, or the units below the
    one HR opened, each counting its subtree), with a total row last. Only the pairs
    whose mentee is in the rollup's units are listed. Four queries."""
    rollup = rollup or unit_rollup()
    pairs = list(_pairs(program.pairs.exclude(status=PairStatus.PROPOSED))
                 .order_by("mentee__unit__name", "mentee__name"))
    pairs = [p for p in pairs if rollup.group(p.mentee.unit_id) is not None]
    ids = [p.pk for p in pairs]
    totals = pair_totals_for(pair_ids=ids)
    goal_counts: dict[int, tuple[int, int]] = {
        row["pair_id"]: (row["n"], row["met"])
        for row in MentoringGoal.objects.filter(pair_id__in=ids).values("pair_id")
        .annotate(n=Count("id"), met=Count("id", filter=Q(met=True)))
    }
    rows = [ReportRow(pair=p, totals=totals[p.pk], goals=goal_counts.get(p.pk, (0, 0))[0],
                      goals_met=goal_counts.get(p.pk, (0, 0))[1]) for p in pairs]
    by_row: dict[int, UnitTotals] = {}
    total = UnitTotals(unit=None)
    for row in rows:
        index = rollup.group(row.pair.mentee.unit_id)
        if index is not None:  # always: the pairs outside the rollup were left out above
            by_row.setdefault(index, UnitTotals(unit=rollup.rows[index])).add(row)
        total.add(row)
    units = [by_row[i] for i in sorted(by_row)]
    if rows:
        units.append(total)
    return rows, units
