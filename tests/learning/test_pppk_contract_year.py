"""PPPK JP are capped at 24 per *contract* year (PP 49/2018), counted from the
anniversary of the contract start, not per calendar year."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from learning.completion.selectors.jp import contract_year_bounds, jp_summary_for
from learning.completion.services import jp_ledger_credit
from learning.models.completion import JpLedgerSource
from people.models import EmploymentType, Rank
from tests.factories import PASSWORD, EmployeeFactory

D = dt.date


@pytest.mark.parametrize(("start", "on", "expected"), [
    (D(2022, 3, 1), D(2026, 11, 23), (D(2026, 3, 1), D(2027, 2, 28))),
    (D(2022, 3, 1), D(2026, 2, 28), (D(2025, 3, 1), D(2026, 2, 28))),
    (D(2022, 3, 1), D(2026, 3, 1), (D(2026, 3, 1), D(2027, 2, 28))),
    (D(2026, 6, 15), D(2026, 7, 1), (D(2026, 6, 15), D(2027, 6, 14))),
    # A contract started on 29 February: in other years the anniversary is the 28th.
    (D(2024, 2, 29), D(2025, 3, 1), (D(2025, 2, 28), D(2026, 2, 27))),
])
def test_contract_year_bounds(start, on, expected):
    assert contract_year_bounds(contract_start=start, on=on) == expected


def _pppk(**fields):
    rank = Rank.objects.filter(employment_type="PPPK").first()
    return EmployeeFactory(employment_type=EmploymentType.PPPK, rank=rank, **fields)


def _credit(employee, jp, on, ref):
    jp_ledger_credit(employee=employee, source=JpLedgerSource.MENTORING, source_ref=ref,
                     jp=Decimal(jp), occurred_on=on, description="Uji")


@pytest.mark.django_db
class TestPppkSummary:
    def test_counts_the_current_contract_year_only(self):
        today = timezone.localdate()
        anniversary = today - dt.timedelta(days=100)
        employee = _pppk(contract_start=D(anniversary.year - 3, anniversary.month,
                                          min(anniversary.day, 28)))
        _credit(employee, 10, today - dt.timedelta(days=150), 1)  # the previous contract year
        _credit(employee, 6, today - dt.timedelta(days=50), 2)
        _credit(employee, 2, today, 3)
        summary = jp_summary_for(employee=employee)
        assert summary.contract_year
        assert summary.total == Decimal(8)
        assert summary.target == Decimal(24) and summary.remaining == Decimal(16)
        assert summary.period_start <= today <= summary.period_end

    def test_without_a_contract_start_it_falls_back_to_the_calendar_year(self, client):
        employee = _pppk()
        today = timezone.localdate()
        _credit(employee, 5, D(today.year, 1, 2), 1)
        summary = jp_summary_for(employee=employee)
        assert not summary.contract_year and summary.total == Decimal(5)
        assert client.login(username=employee.user.username, password=PASSWORD)
        html = client.get("/").content.decode()
        assert 'data-testid="jp-no-contract"' in html

    def test_home_shows_the_contract_year(self, client):
        employee = _pppk(contract_start=D(2022, 3, 1))
        assert client.login(username=employee.user.username, password=PASSWORD)
        html = client.get("/").content.decode()
        assert "tahun kontrak 1 Maret" in html
        assert 'data-testid="jp-no-contract"' not in html

    def test_pns_have_no_contract_start(self):
        with pytest.raises(IntegrityError):
            EmployeeFactory(contract_start=D(2022, 3, 1))
