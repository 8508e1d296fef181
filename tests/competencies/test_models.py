"""Competency data model: the quadrant, period parsing, constraints, seeds and the
effective job standard."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyLevel,
    CompetencyType,
    CoreValue,
    CoreValueCompetency,
    JobStandard,
    JobStandardDefault,
    Predicate,
    Rating,
    SourceWeight,
    period_parse,
    predicate_from_quadrant,
)
from competencies.standards import (
    STANDARD_SOURCE_DEFAULT,
    STANDARD_SOURCE_POSITION,
    effective_standards_rows,
    standard_for_position,
)
from people.models import PositionKind, PositionLevel
from tests.factories import EmployeeFactory, PositionFactory

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW


class TestQuadrant:
    @pytest.mark.parametrize(
        ("result", "behaviour", "expected"),
        [
            # behaviour above expectation
            (B, A, Predicate.BUTUH_PERBAIKAN),
            (M, A, Predicate.BAIK),
            (A, A, Predicate.SANGAT_BAIK),
            # behaviour meets expectation
            (B, M, Predicate.BUTUH_PERBAIKAN),
            (M, M, Predicate.BAIK),
            (A, M, Predicate.BAIK),
            # behaviour below expectation
            (B, B, Predicate.SANGAT_KURANG),
            (M, B, Predicate.KURANG),
            (A, B, Predicate.KURANG),
        ],
    )
    def test_cell(self, result, behaviour, expected):
        assert predicate_from_quadrant(result, behaviour) == expected

    def test_labels(self):
        assert Predicate.KURANG.label == "Kurang/Misconduct"
        assert Predicate.BUTUH_PERBAIKAN.label == "Butuh Perbaikan"

    def test_unknown_rating_raises(self):
        with pytest.raises(ValueError):
            predicate_from_quadrant("GOOD", M)


class TestPeriodParse:
    @pytest.mark.parametrize(
        ("text", "code", "year", "quarter", "kind"),
        [
            ("2026", "2026", 2026, None, "ANNUAL"),
            (" 2026 ", "2026", 2026, None, "ANNUAL"),
            ("2026-T1", "2026-T1", 2026, 1, "QUARTERLY"),
            ("2026-t4", "2026-T4", 2026, 4, "QUARTERLY"),
            ("2025 T2", "2025-T2", 2025, 2, "QUARTERLY"),
            ("2026-TW3", "2026-T3", 2026, 3, "QUARTERLY"),
        ],
    )
    def test_valid(self, text, code, year, quarter, kind):
        parsed = period_parse(text)
        assert (parsed.code, parsed.year, parsed.quarter, parsed.kind) == (
            code, year, quarter, kind)

    @pytest.mark.parametrize("text", ["", "26", "2026-T5", "2026-T0", "2026-Q", "1899",
                                      "2026/13", "T1-2026", "tahun 2026"])
    def test_invalid(self, text):
        with pytest.raises(ValidationError):
            period_parse(text)


@pytest.mark.django_db
class TestConstraint:
    def test_period_kind_must_match_quarter(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AppraisalPeriod.objects.create(code="2026", year=2026, quarter=2, kind="ANNUAL")

    def test_period_clean_canonicalizes(self):
        period = AppraisalPeriod(code="2026 t2")
        period.clean()
        assert (period.code, period.quarter, period.kind) == ("2026-T2", 2, "QUARTERLY")

    def test_assessment_level_range_in_database(self):
        employee = EmployeeFactory()
        competency = Competency.objects.get(code="M.01")
        for bad in (Decimal("0.9"), Decimal("5.1")):
            with pytest.raises(IntegrityError), transaction.atomic():
                Assessment.objects.create(
                    employee=employee, competency=competency, level=bad,
                    source=AssessmentSource.SELF, assessed_on=dt.date(2026, 1, 5),
                )
        Assessment.objects.create(
            employee=employee, competency=competency, level=Decimal("5.0"),
            source=AssessmentSource.SELF, assessed_on=dt.date(2026, 1, 5),
        )

    def test_one_appraisal_per_employee_and_period(self):
        employee = EmployeeFactory()
        period = AppraisalPeriod.objects.create(code="2026", year=2026, kind="ANNUAL")
        fields = {"employee": employee, "period": period, "result_rating": M,
                  "behaviour_rating": M, "predicate": Predicate.BAIK}
        Appraisal.objects.create(**fields)
        with pytest.raises(IntegrityError), transaction.atomic():
            Appraisal.objects.create(**fields)

    def test_job_standard_level_range(self):
        position = PositionFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            JobStandard.objects.create(position=position,
                                       competency=Competency.objects.get(code="M.01"),
                                       required_level=6)


@pytest.mark.django_db
class TestSeed:
    def test_dictionary(self):
        managerial = Competency.objects.filter(type=CompetencyType.MANAGERIAL)
        assert sorted(managerial.values_list("code", flat=True)) == [
            f"M.0{n}" for n in range(1, 9)]
        assert Competency.objects.get(code="SK.01").name == "Perekat Bangsa"
        for competency in Competency.objects.filter(code__in=["M.01", "M.08", "SK.01"]):
            levels = list(CompetencyLevel.objects.filter(competency=competency))
            assert [lvl.level for lvl in levels] == [1, 2, 3, 4, 5]
            assert all(2 <= len(lvl.indicators) <= 3 and lvl.description for lvl in levels)

    def test_defaults(self):
        def level(kind, lvl=""):
            return JobStandardDefault.objects.get(
                position_kind=kind, position_level=lvl, competency_type="MANAGERIAL"
            ).required_level

        assert level(PositionKind.JPT, PositionLevel.JPT_PRATAMA) == 4
        assert level(PositionKind.ADMINISTRATOR) == 3
        assert level(PositionKind.PENGAWAS) == 2
        assert level(PositionKind.PELAKSANA) == 1
        assert level(PositionKind.FUNGSIONAL, PositionLevel.AHLI_PERTAMA) == 2
        assert level(PositionKind.FUNGSIONAL, PositionLevel.PENYELIA) == 3
        assert JobStandardDefault.objects.count() == 28
        assert not JobStandardDefault.objects.filter(is_seed=False).exists()

    def test_core_values_mapping_and_weights(self):
        assert CoreValue.objects.count() == 7
        assert set(
            CoreValueCompetency.objects.filter(core_value__code="kolaboratif")
            .values_list("competency__code", flat=True)
        ) == {"M.02", "M.03"}
        weights = dict(SourceWeight.objects.values_list("source", "weight"))
        assert weights["ASSESSMENT_CENTER"] > weights["SUPERVISOR"] > weights["SELF"]


@pytest.mark.django_db
class TestEffectiveStandard:
    def test_defaults_overrides_and_technical(self):
        position = PositionFactory(kind=PositionKind.FUNGSIONAL, level=PositionLevel.AHLI_MUDA)
        m01 = Competency.objects.get(code="M.01")
        sk01 = Competency.objects.get(code="SK.01")
        technical = Competency.objects.create(code="T.X.01", name="Uji Teknis",
                                              type=CompetencyType.TECHNICAL)
        retired = Competency.objects.create(code="M.99", name="Lama",
                                            type=CompetencyType.MANAGERIAL, is_active=False)
        JobStandard.objects.create(position=position, competency=m01, required_level=4)
        JobStandard.objects.create(position=position, competency=technical, required_level=2)

        standard = standard_for_position(position=position)

        assert standard[m01.pk] == (4, STANDARD_SOURCE_POSITION)
        assert standard[technical.pk] == (2, STANDARD_SOURCE_POSITION)
        assert standard[sk01.pk] == (3, STANDARD_SOURCE_DEFAULT)
        assert retired.pk not in standard
        assert len(standard) == 8 + 1 + 1  # 8 managerial (one overridden), SK.01, technical

    def test_set_based_rows_match_per_position(self):
        positions = [
            PositionFactory(kind=PositionKind.PENGAWAS, level=""),
            PositionFactory(kind=PositionKind.JPT, level=PositionLevel.JPT_PRATAMA),
            PositionFactory(kind=PositionKind.PELAKSANA, level=""),
        ]
        JobStandard.objects.create(position=positions[0],
                                   competency=Competency.objects.get(code="M.05"),
                                   required_level=3)
        rows = list(effective_standards_rows(position_ids=[p.pk for p in positions]))
        for position in positions:
            expected = standard_for_position(position=position)
            got = {c: (lvl, src) for p, c, lvl, src in rows if p == position.pk}
            assert got == expected
        assert len(rows) == 27
        assert list(effective_standards_rows(position_ids=[])) == []
