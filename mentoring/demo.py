"""Demo mentoring: a running program whose dates follow today, so the README's mentor
login (Dr. Hendra Gunawan) lands on real work whenever the demo is seeded.

- Program "Program Mentoring Transformasi Digital" on Literasi Digital, Komunikasi and
  Pengembangan Diri dan Orang Lain; mentors opt in (Hendra and the employees assessed
  highest in those competencies).
- Hendra (assessed 4.5 in Literasi Digital by an assessment center) mentors the
  three employees with a Literasi Digital gap his assessed levels help most (the
  same score and rules the matching uses): goals agreed, sessions logged and
  confirmed by the mentee through the services (so the JP in the ledger is real),
  one session waiting for confirmation, one pair that has not met yet. The mentees
  log in with the demo password (README "Mentoring in the demo").
- The matching solver proposes pairs for everyone else with gaps in the focus
  competencies, waiting for HR's approval.

Idempotent: a second run finds the program and changes nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from competencies.gaps.services import gaps_recompute_for_employees
from competencies.models import Assessment, AssessmentSource, Competency, CompetencyGap
from mentoring import services
from mentoring.eligibility import ProgramRules, mentor_rule_failures, person_facts_load
from mentoring.models import (
    MatchingRun,
    MentoringPair,
    MentoringProgram,
    MentorOptIn,
    PairStatus,
    ProgramStatus,
)
from people.demo import DEMO_NIPS, DEMO_PASSWORD
from people.models import Employee, User

PROGRAM_NAME = "Program Mentoring Transformasi Digital"
FOCUS = ["T.TIK.01", "M.03", "M.06"]
MENTOR_NIP = "197510082000031001"
HR_NIP = "198703152010012003"
EXTRA_MENTORS = 12
# The program is about digital transformation and its mentor is the regency's senior
# pranata komputer: an assessment center rated him 4.5 in Literasi Digital. Without
# it his supervisor's 3.0 (the job standard's level) made Literasi Digital the
# competency he helped least, so no reason of his pairs named it (issue 17).
DIGITAL = "T.TIK.01"
MENTOR_ASSESSMENTS = {DIGITAL: Decimal("4.5")}

SESSIONS = [  # (pair index, days ago, minutes, topics, confirmed?)
    (0, 63, 90, "Memetakan kebutuhan data unit dan menyusun rencana belajar", True),
    (0, 35, 60, "Praktik mengolah data layanan dengan spreadsheet", True),
    (0, 14, 90, "Menyusun dasbor sederhana dan menjelaskannya ke atasan", True),
    (0, 3, 60, "Umpan balik atas dasbor pertama", False),
    (1, 28, 75, "Teknik presentasi hasil kerja kepada pimpinan", True),
]
GOALS = {
    0: ("T.TIK.01", "Menyusun dasbor data layanan unit secara mandiri",
        "Latihan mingguan mengolah data; presentasi dasbor di rapat unit"),
    1: ("M.03", "Menyampaikan laporan bulanan dengan jelas dan ringkas",
        "Menyusun satu laporan per bulan dan meminta umpan balik"),
}


def seed_demo(*, stdout) -> None:
    if MentoringProgram.objects.filter(name=PROGRAM_NAME).exists():
        stdout.write("mentoring: demo program already there")
        return
    mentor = Employee.objects.filter(nip=MENTOR_NIP).first()
    comps = list(Competency.objects.filter(code__in=FOCUS))
    if mentor is None or len(comps) < len(FOCUS):
        return
    today = timezone.localdate()
    hr_user = User.objects.filter(username=HR_NIP).first()
    program = MentoringProgram.objects.create(
        name=PROGRAM_NAME,
        description="Senior pegawai membimbing rekan yang masih memiliki kesenjangan "
                    "literasi digital, komunikasi, dan pengembangan diri.",
        start_date=today - dt.timedelta(days=90), end_date=today + dt.timedelta(days=90),
        status=ProgramStatus.RUNNING, require_opt_in=True, require_good_predicate=False,
        min_mentor_level="3.0", max_mentees_per_mentor=3, target_sessions=6,
        target_hours="6.0", supervisor_rule="ALLOWED", unit_rule="ANY",
        mentor_senior_rank=True,
    )
    program.competencies.set(comps)
    comp_ids = [c.pk for c in comps]
    by_code = {c.code: c for c in comps}
    for code, level in MENTOR_ASSESSMENTS.items():
        Assessment.objects.get_or_create(
            employee=mentor, competency=by_code[code], source=AssessmentSource.ASSESSMENT_CENTER,
            assessed_on=today - dt.timedelta(days=120), defaults={"level": level})
    gaps_recompute_for_employees(employee_ids=[mentor.pk])
    # Mentors: Hendra and, for each focus competency in turn, the employees assessed
    # highest in it (taking the highest over all three picked managerial mentors only,
    # since everyone's job standard has those, and left Literasi Digital without any).
    strong = {
        comp: list(CompetencyGap.objects.filter(competency_id=comp, assessed_level__gte=3.5)
                   .exclude(employee=mentor).order_by("-assessed_level", "employee__nip")
                   .values_list("employee_id", flat=True)[:EXTRA_MENTORS])
        for comp in comp_ids
    }
    mentor_ids = [mentor.pk]
    for rank in range(EXTRA_MENTORS):
        for comp in comp_ids:
            if rank < len(strong[comp]) and strong[comp][rank] not in mentor_ids \
                    and len(mentor_ids) <= EXTRA_MENTORS:
                mentor_ids.append(strong[comp][rank])
    MentorOptIn.objects.bulk_create(
        [MentorOptIn(program=program, employee_id=pk) for pk in mentor_ids],
        ignore_conflicts=True)

    # Hendra's three mentees: among those with a Literasi Digital gap (the program's
    # theme and his strength), the ones his levels help most within the program's
    # rules; not the README's other logins, whose pages tell their own story.
    rules = ProgramRules.from_program(program)
    candidates = list(CompetencyGap.objects.filter(competency=by_code[DIGITAL], gap__gt=0)
                      .exclude(employee=mentor).exclude(employee__nip__in=DEMO_NIPS.values())
                      .order_by("employee_id").values_list("employee_id", flat=True).distinct())
    facts = person_facts_load(employee_ids=[mentor.pk, *candidates], competency_ids=comp_ids,
                              opted_in={mentor.pk})
    me = facts[mentor.pk]
    if mentor_rule_failures(rules=rules, person=me, today=today):
        stdout.write("mentoring: the demo mentor is not eligible; no pairs")
        return
    from mentoring.eligibility import pair_explain, pair_rule_failures

    scored = []
    for pk in candidates:
        if pk in mentor_ids or pair_rule_failures(rules=rules, mentor=me, mentee=facts[pk]):
            continue
        score, lines = pair_explain(rules=rules, mentor=me, mentee=facts[pk])
        if score > 0:
            scored.append((-score, pk, lines))
    scored.sort()
    pairs = []
    for neg_score, pk, lines in scored[:3]:
        pairs.append(MentoringPair.objects.create(
            program=program, mentor=mentor, mentee_id=pk, score=-neg_score, explanation=lines,
            status=PairStatus.ACTIVE, approved_by=hr_user,
            approved_at=timezone.now() - dt.timedelta(days=80),
        ))
    # The mentees log in with the demo password: the README's mentee journey needs
    # them (confirm the waiting session on their home page).
    for pair in pairs:
        user = pair.mentee.user
        if user is not None:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    for index, (code, success, actions) in GOALS.items():
        if index < len(pairs):
            services.goal_add(pair=pairs[index], competency=by_code[code],
                              success_criteria=success, action_items=actions)
    logged = confirmed = 0
    for index, days_ago, minutes, topics, is_confirmed in SESSIONS:
        if index >= len(pairs):
            continue
        pair = pairs[index]
        session = services.session_log(
            pair=pair, held_on=today - dt.timedelta(days=days_ago), duration_minutes=minutes,
            mode="IN_PERSON" if days_ago % 2 else "ONLINE", topics=topics,
            competencies=[by_code[GOALS.get(index, ("T.TIK.01",))[0]]],
            notes="Catatan sesi: kemajuan baik, perlu latihan rutin.",
            agreed_actions="Mengerjakan latihan sebelum sesi berikutnya.",
            next_meeting=today + dt.timedelta(days=7), notify=False,
        )
        logged += 1
        if is_confirmed:
            services.session_confirm(session_id=session.pk, rating=5 if days_ago > 20 else 4)
            confirmed += 1
    if pairs:
        services.pair_fit_answer(pair_id=pairs[0].pk, employee=mentor, good_fit=True)
        services.pair_fit_answer(pair_id=pairs[0].pk, employee=pairs[0].mentee, good_fit=True)
    # Everyone else with gaps: the solver's proposal, waiting for HR's approval.
    run = MatchingRun.objects.create(program=program, started_by=hr_user)
    run = services.matching_run_execute(run_id=run.pk, today=today)
    stdout.write(
        f"mentoring: {PROGRAM_NAME}: {len(pairs)} pairs for the demo mentor, {logged} "
        f"sessions ({confirmed} confirmed), {run.pair_count} pairs proposed"
    )
