"""Each mentor-eligibility rule and each pair rule, one setting at a time, on facts
loaded from the database the way a matching run loads them."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from competencies.models import Rating
from mentoring.eligibility import (
    PersonFacts,
    ProgramRules,
    mentor_rule_failures,
    pair_rule_failures,
    person_facts_load,
)
from mentoring.models import MentorOptIn
from tests.factories import UnitFactory
from tests.mentoring.world import TODAY, appraise, competency, mentee, person, program, rank

pytestmark = pytest.mark.django_db


def facts_for(prog, *employees) -> dict[int, PersonFacts]:
    rules = ProgramRules.from_program(prog)
    opted = set(MentorOptIn.objects.filter(program=prog).values_list("employee_id", flat=True))
    return person_facts_load(employee_ids=[e.pk for e in employees],
                             competency_ids=list(rules.competency_ids), opted_in=opted)


def failures(prog, employee) -> list[str]:
    """The failed rules, in English (the Indonesian is checked once below)."""
    rules = ProgramRules.from_program(prog)
    with translation.override("en"):
        return mentor_rule_failures(rules=rules, person=facts_for(prog, employee)[employee.pk],
                                    today=TODAY)


class MentorEligibilityTests:
    def test_opt_in_required_only_when_the_program_says_so(self):
        comp = competency("T.A")
        mentor = person("Mentor", levels={comp: 4})
        strict = program([comp], require_opt_in=True)
        lenient = program([comp], require_opt_in=False, name="Lain")
        assert any("opted in" in f for f in failures(strict, mentor))
        rules = ProgramRules.from_program(strict)
        indonesian = mentor_rule_failures(rules=rules, today=TODAY,
                                          person=facts_for(strict, mentor)[mentor.pk])
        assert indonesian == ["belum menyatakan bersedia menjadi mentor di program ini"]
        assert failures(lenient, mentor) == []
        MentorOptIn.objects.create(program=strict, employee=mentor)
        assert failures(strict, mentor) == []

    def test_golongan_at_least(self):
        comp = competency("T.A")
        prog = program([comp], min_rank=rank("III/d"))
        low = person("Rendah", levels={comp: 4}, golongan="III/c")
        equal = person("Sama", levels={comp: 4}, golongan="III/d")
        high = person("Tinggi", levels={comp: 4}, golongan="IV/a")
        assert any("golongan" in f for f in failures(prog, low))
        assert failures(prog, equal) == []
        assert failures(prog, high) == []

    def test_years_of_service_from_the_nip(self):
        comp = competency("T.A")
        prog = program([comp], min_years_of_service=10)
        junior = person("Junior", levels={comp: 4}, tmt=(2020, 3))
        exactly = person("Pas", levels={comp: 4}, tmt=(2016, 12))  # 10 years on 2 Dec 2026
        senior = person("Senior", levels={comp: 4}, tmt=(2005, 3))
        facts = facts_for(prog, junior)[junior.pk]
        assert facts.cpns_date == dt.date(2020, 3, 1)
        assert any("6 years" in f for f in failures(prog, junior))
        assert failures(prog, exactly) == []
        assert failures(prog, senior) == []

    def test_latest_predicate_baik_or_better(self):
        comp = competency("T.A")
        prog = program([comp], require_good_predicate=True)
        none_yet = person("Belum", levels={comp: 4})
        good = person("Baik", levels={comp: 4})
        appraise(good, Rating.MEETS, Rating.MEETS)
        slipped = person("Turun", levels={comp: 4})
        appraise(slipped, Rating.ABOVE, Rating.ABOVE, code="2025")
        appraise(slipped, Rating.BELOW, Rating.MEETS, code="2026-T2")  # Butuh Perbaikan
        assert any("predicate" in f for f in failures(prog, none_yet))
        assert failures(prog, good) == []
        assert any("predicate" in f for f in failures(prog, slipped))

    def test_assessed_level_at_least_in_a_focus_competency(self):
        focus, other = competency("T.A"), competency("T.B")
        prog = program([focus], min_mentor_level="3.5")
        below = person("Kurang", levels={focus: 3})
        elsewhere = person("Lain", levels={other: 5})
        enough = person("Cukup", levels={focus: 3.5})
        assert any("level 3.5" in f for f in failures(prog, below))
        assert any("level 3.5" in f for f in failures(prog, elsewhere))
        assert failures(prog, enough) == []

    def test_combined_gap_level_wins_over_a_single_assessment(self):
        """Where the competency is in the person's standard, the level is the gap
        analysis's combined one, not just the latest assessment."""
        from tests.mentoring.world import recompute

        comp = competency("T.A")
        someone = mentee("Campur", needs={comp: (3, 2.0)})
        recompute(someone)
        prog = program([comp])
        facts = facts_for(prog, someone)[someone.pk]
        assert facts.levels[comp.pk] == 2.0
        assert facts.gaps[comp.pk][0] == 1.0


class PairRuleTests:
    rules = ProgramRules(competency_ids=(1,))

    def people(self):
        boss = PersonFacts(1, unit_id=10, rank_order=12)
        report = PersonFacts(2, unit_id=10, rank_order=9, supervisor_id=1)
        stranger = PersonFacts(3, unit_id=20, rank_order=12)
        return boss, report, stranger

    def check(self, mentor, mentee_, **rules) -> list[str]:
        from dataclasses import replace

        return pair_rule_failures(rules=replace(self.rules, **rules), mentor=mentor,
                                  mentee=mentee_)

    def test_supervisor_required(self):
        boss, report, stranger = self.people()
        assert self.check(boss, report, supervisor_rule="REQUIRED") == []
        assert self.check(stranger, report, supervisor_rule="REQUIRED")

    def test_supervisor_excluded(self):
        boss, report, stranger = self.people()
        assert self.check(boss, report, supervisor_rule="EXCLUDED")
        assert self.check(stranger, report, supervisor_rule="EXCLUDED") == []

    def test_supervisor_allowed(self):
        boss, report, stranger = self.people()
        assert self.check(boss, report) == []
        assert self.check(stranger, report) == []

    def test_same_or_different_unit(self):
        boss, report, stranger = self.people()
        assert self.check(boss, report, unit_rule="SAME") == []
        assert self.check(stranger, report, unit_rule="SAME")
        assert self.check(boss, report, unit_rule="DIFFERENT")
        assert self.check(stranger, report, unit_rule="DIFFERENT") == []

    def test_mentor_senior_in_golongan(self):
        boss, report, _stranger = self.people()
        peer = PersonFacts(4, unit_id=10, rank_order=9)
        assert self.check(boss, report, mentor_senior_rank=True) == []
        assert self.check(peer, report, mentor_senior_rank=True)
        assert self.check(peer, report, mentor_senior_rank=False) == []

    def test_nobody_mentors_themselves(self):
        boss, _report, _stranger = self.people()
        assert self.check(boss, boss)


def test_unit_factory_units_differ():
    """The world helper's default units are distinct, so unit rules are meaningful."""
    assert UnitFactory().pk != UnitFactory().pk
