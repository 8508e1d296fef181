"""The demo's session dates follow from today but never meet on a Sunday or a fixed
national holiday, for any today of the year (learning.demo.demo_session_start)."""
from __future__ import annotations

import datetime as dt

import pytest

from learning.demo import demo_session_start

HOLIDAYS = {(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)}


def _off(day: dt.date) -> bool:
    return day.weekday() == 6 or (day.month, day.day) in HOLIDAYS


@pytest.mark.parametrize("days", [1, 2, 3, 5, 6, 8, 30])
@pytest.mark.parametrize("earlier", [False, True])
def test_every_start_of_a_year(days, earlier):
    for offset in range(366):
        near = dt.date(2026, 12, 1) + dt.timedelta(days=offset)
        start = demo_session_start(near=near, days=days, earlier=earlier)
        assert (start <= near) if earlier else (start >= near)
        assert abs((start - near).days) <= (7 if days < 5 else 21)  # Christmas to New Year
        span = [start + dt.timedelta(days=i) for i in range(days)]
        checked = span if days <= 6 else [span[0], span[-1]]
        assert not any(_off(d) for d in checked), (near, start, days)
