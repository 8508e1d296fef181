"""A gap of zero is not a gap, and no number reads "−0,0" (config.numbers)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from competencies.gaps.services import gaps_recompute_for_employees
from config.numbers import number_text
from tests.competencies.test_gaps_world import appraise, assess, employee_in, world_build
from tests.competencies.test_views_gaps import days_ago
from tests.factories import EmployeeFactory


@pytest.mark.parametrize(("value", "places", "text"), [
    (Decimal("-0.001"), 1, "0,0"), (-0.04, 1, "0,0"), (Decimal("-0.004"), 2, "0,00"),
    (Decimal("-0.04"), "-1", "0,0"), (Decimal("-0.5"), 1, "-0,5"), (Decimal("0.25"), 2, "0,25"),
    (Decimal("12"), "-2", "12"), (None, 1, ""),
])
def test_number_text(value, places, text):
    with translation.override("id"):
        assert number_text(value, places) == text


@pytest.mark.django_db
def test_team_lists_only_real_gaps(client):
    world = world_build()
    boss = EmployeeFactory()
    member = employee_in(world, supervisor=boss)
    assess(member, world.m1, "3.0", "SUPERVISOR", days_ago(1))  # meets 3, but flagged
    assess(member, world.m2, "3.0", "SUPERVISOR", days_ago(1))  # required 4: gap 1
    appraise(member, "2026", behaviour="BELOW", below_values=[world.value])
    gaps_recompute_for_employees(employee_ids=[member.pk])
    client.force_login(boss.user)
    html = client.get(reverse("competencies:team")).content.decode()
    chips = html.split('data-testid="team-row"')[1]
    assert "X.M2 1,00" in chips
    assert "X.M1" not in chips and "−0" not in chips and "-0," not in chips
    client.force_login(member.user)
    home = client.get("/").content.decode()
    assert "X.M2" in home and "X.M1 " not in home.split('data-testid="panel-gaps"')[1]
