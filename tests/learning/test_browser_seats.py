"""The catalog card of a workshop whose next session is full and whose later one has
seats, in a real browser (screenshot in test-artifacts/)."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory
from tests.learning.test_seats_one_fact import _days, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_card_says_where_the_seats_are(page, world):  # noqa: F811
    from django.core.cache import cache

    cache.clear()
    workshop, first, later = world
    browser_login(page, EmployeeFactory(name="Dewi Lestari").user.username, PASSWORD)
    page.goto(f"{page.base_url}/pelatihan/")
    card = page.locator("[data-testid=workshop-card]", has_text=workshop.title)
    assert card.locator("[data-testid=card-seats]").inner_text() == (
        f"Sesi {_days(first)} penuh · 35 kursi di sesi {_days(later)}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "catalog-card-full-session.png"), full_page=True)
