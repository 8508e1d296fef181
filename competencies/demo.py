"""Demo competency data for the demo regency: a few technical competencies and the
technical standards of matching positions, appraisals for three periods and
assessments from several sources, with a realistic spread so the gap heatmap and the
employee profiles have something to show.

Deterministic (random.Random seeded per employee NIP) and idempotent: rows are
created with ignore_conflicts on their natural keys, so a second run writes nothing
and recomputes nothing.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyLevel,
    CompetencyType,
    CoreValue,
    JobStandard,
    Rating,
    period_parse,
    predicate_from_quadrant,
)
from competencies.standards import effective_standards_rows
from people.models import Employee, Position, PositionKind

TECHNICAL = [
    ("T.KEP.01", "Manajemen Kepegawaian",
     "Mengelola administrasi dan pengembangan pegawai ASN sesuai peraturan kepegawaian."),
    ("T.TIK.01", "Literasi Digital",
     "Memanfaatkan teknologi informasi, aplikasi, dan data secara aman untuk pekerjaan."),
    ("T.KEU.01", "Pengelolaan Keuangan Daerah",
     "Merencanakan, menatausahakan, dan mempertanggungjawabkan keuangan daerah."),
    ("T.PBJ.01", "Pengadaan Barang/Jasa",
     "Melaksanakan pengadaan barang/jasa pemerintah secara efektif dan akuntabel."),
    ("T.PLY.01", "Standar Pelayanan Publik",
     "Menyusun, menerapkan, dan mengevaluasi standar pelayanan publik."),
]
# Generic technical levels (domain.md §1.4), in our own words.
TECHNICAL_LEVELS = [
    (1, "Memahami konsep dasar bidang ini dan bekerja sesuai prosedur.",
     ["Mengikuti prosedur kerja yang berlaku.", "Mengenali istilah dan aturan dasar bidang."]),
    (2, "Menerapkan konsep dasar secara mandiri dalam lingkup tugasnya.",
     ["Menyelesaikan tugas rutin tanpa bimbingan.", "Memeriksa hasil kerjanya sendiri."]),
    (3, "Mengidentifikasi peluang perbaikan dengan metode yang sistematis.",
     ["Menganalisis masalah bidang dengan data.", "Mengusulkan perbaikan prosedur."]),
    (4, "Mengembangkan bidang ini di tingkat organisasi.",
     ["Menyusun pedoman atau kebijakan teknis.", "Membimbing pegawai lain di bidang ini."]),
    (5, "Menjadi rujukan bidang ini pada lingkup strategis atau nasional.",
     ["Merumuskan kebijakan bidang lintas instansi.", "Menjadi narasumber tingkat nasional."]),
]
# Position-name keyword → (technical competency, required level).
TECHNICAL_BY_KEYWORD = [
    ("kepegawaian", "T.KEP.01", 3), ("sdm", "T.KEP.01", 3), ("keuangan", "T.KEU.01", 3),
    ("bendahara", "T.KEU.01", 2), ("pengadaan", "T.PBJ.01", 3), ("komputer", "T.TIK.01", 3),
    ("informasi", "T.TIK.01", 2), ("data", "T.TIK.01", 2), ("pelayanan", "T.PLY.01", 2),
    ("perizinan", "T.PLY.01", 3),
]
# Position-specific requirements above the default of the position's kind: the data
# clerks present figures to the public, so Komunikasi is required at level 2.
POSITION_STANDARDS = [("Pengolah Data dan Informasi", "M.03", 2)]
# The demo employee's assessed levels, fixed so her profile shows real gaps (and
# recommendations and her development plan have something to work on): Komunikasi
# and Literasi Digital one level short of the required 2. Competencies not listed
# are assessed at their required level.
DEMO_EMPLOYEE_LEVELS = {"M.03": Decimal("1.0"), "T.TIK.01": Decimal("1.0")}
PERIODS = ["2025", "2026-T1", "2026-T2"]
SUPERVISOR_DATE = dt.date(2026, 3, 16)
AC_DATE = dt.date(2025, 10, 6)
SELF_DATE = dt.date(2026, 3, 2)


def _technical_seed() -> None:
    for code, name, definition in TECHNICAL:
        competency, _ = Competency.objects.get_or_create(
            code=code,
            defaults={"name": name, "type": CompetencyType.TECHNICAL, "definition": definition},
        )
        for level, description, indicators in TECHNICAL_LEVELS:
            CompetencyLevel.objects.get_or_create(
                competency=competency, level=level,
                defaults={"description": description, "indicators": indicators},
            )


def _technical_standards() -> int:
    codes = {c.code: c for c in Competency.objects.filter(type=CompetencyType.TECHNICAL)}
    rows = []
    for position in Position.objects.all():
        name = position.name.lower()
        seen = set()
        for keyword, code, level in TECHNICAL_BY_KEYWORD:
            if keyword in name and code in codes and code not in seen:
                seen.add(code)
                bump = 1 if position.kind in (PositionKind.JPT, PositionKind.ADMINISTRATOR) else 0
                rows.append(JobStandard(position=position, competency=codes[code],
                                        required_level=min(5, level + bump)))
    by_name = {p.name: p for p in Position.objects.filter(
        name__in=[name for name, _c, _l in POSITION_STANDARDS])}
    competencies = {c.code: c for c in Competency.objects.filter(
        code__in=[code for _n, code, _l in POSITION_STANDARDS])}
    for name, code, level in POSITION_STANDARDS:
        if name in by_name and code in competencies:
            rows.append(JobStandard(position=by_name[name], competency=competencies[code],
                                    required_level=level))
    before = JobStandard.objects.count()
    JobStandard.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return JobStandard.objects.count() - before


def _rating(rnd: random.Random, above: float, below: float) -> str:
    x = rnd.random()
    return Rating.ABOVE if x < above else Rating.BELOW if x > 1 - below else Rating.MEETS


def _level(rnd: random.Random, required: int, bias: float) -> Decimal:
    value = required + bias + rnd.choice([-1.5, -1.0, -1.0, -0.5, -0.5, 0.0, 0.0, 0.0, 0.5, 1.0])
    return Decimal(str(max(1.0, min(5.0, round(value * 2) / 2))))


def seed_demo(*, stdout) -> None:
    _technical_seed()
    standards_added = _technical_standards()
    employees = list(Employee.objects.filter(is_active=True).order_by("pk")
                     .values_list("pk", "nip", "position_id", "position__kind"))
    if not employees:
        return
    periods = {}
    for code in PERIODS:
        p = period_parse(code)
        periods[code], _ = AppraisalPeriod.objects.get_or_create(
            code=p.code, defaults={"year": p.year, "quarter": p.quarter, "kind": p.kind})
    values = list(CoreValue.objects.order_by("order"))
    standards: dict[int, list[tuple[int, int]]] = {}
    for position_id, competency_id, level, _src in effective_standards_rows(
        position_ids={e[2] for e in employees}
    ):
        standards.setdefault(position_id, []).append((competency_id, level))

    try:
        from people.demo import DEMO_NIPS
        demo_employee_nip = DEMO_NIPS["employee"]
    except ImportError:  # pragma: no cover
        demo_employee_nip = None
    codes = dict(Competency.objects.values_list("pk", "code"))

    appraisals, assessments, value_plan = [], [], {}
    for pk, nip, position_id, kind in employees:
        if nip == demo_employee_nip:
            assessments.extend(
                Assessment(employee_id=pk, competency_id=competency_id,
                           source=AssessmentSource.SUPERVISOR,
                           level=DEMO_EMPLOYEE_LEVELS.get(codes[competency_id],
                                                          Decimal(required)),
                           assessed_on=SUPERVISOR_DATE)
                for competency_id, required in standards.get(position_id, [])
            )
        rnd = random.Random(f"bangkom-demo-{nip}")
        # A per-person tendency, so appraisals and assessments tell the same story.
        bias = rnd.choice([-0.5, 0.0, 0.0, 0.0, 0.5])
        for period in periods.values():
            result = _rating(rnd, 0.25 if bias > 0 else 0.12, 0.25 if bias < 0 else 0.08)
            behaviour = _rating(rnd, 0.2 if bias > 0 else 0.1, 0.18 if bias < 0 else 0.05)
            appraisals.append(Appraisal(
                employee_id=pk, period=period, result_rating=result, behaviour_rating=behaviour,
                predicate=predicate_from_quadrant(result, behaviour), predicate_was_derived=True,
            ))
            value_plan[(pk, period.pk)] = [
                (v.pk, Rating.BELOW if behaviour == Rating.BELOW and rnd.random() < 0.5
                 else _rating(rnd, 0.15, 0.05))
                for v in values
            ]
        if nip == demo_employee_nip:
            continue  # her assessments are the fixed ones above
        for competency_id, required in standards.get(position_id, []):
            assessments.append(Assessment(
                employee_id=pk, competency_id=competency_id, source=AssessmentSource.SUPERVISOR,
                level=_level(rnd, required, bias), assessed_on=SUPERVISOR_DATE))
            if kind in (PositionKind.JPT, PositionKind.ADMINISTRATOR) or rnd.random() < 0.25:
                assessments.append(Assessment(
                    employee_id=pk, competency_id=competency_id,
                    source=AssessmentSource.ASSESSMENT_CENTER,
                    level=_level(rnd, required, bias - 0.25), assessed_on=AC_DATE))
            if rnd.random() < 0.4:
                assessments.append(Assessment(
                    employee_id=pk, competency_id=competency_id, source=AssessmentSource.SELF,
                    level=_level(rnd, required, bias + 0.5), assessed_on=SELF_DATE))

    before = (Appraisal.objects.count(), Assessment.objects.count())
    Appraisal.objects.bulk_create(appraisals, ignore_conflicts=True, batch_size=2000)
    Assessment.objects.bulk_create(assessments, ignore_conflicts=True, batch_size=2000)
    ids = {
        (e, p): pk for pk, e, p in Appraisal.objects.filter(
            period__in=list(periods.values())).values_list("pk", "employee_id", "period_id")
    }
    AppraisalValueRating.objects.bulk_create(
        [AppraisalValueRating(appraisal_id=ids[key], core_value_id=v, rating=r)
         for key, ratings in value_plan.items() if key in ids for v, r in ratings],
        ignore_conflicts=True, batch_size=2000,
    )
    added = (Appraisal.objects.count() - before[0], Assessment.objects.count() - before[1])
    if any(added) or standards_added:
        from competencies.gaps.services import gaps_recompute_for_employees

        gaps_recompute_for_employees(employee_ids=[e[0] for e in employees])
    stdout.write(
        f"competencies: {added[0]} appraisals, {added[1]} assessments, "
        f"{standards_added} technical standards added"
    )
