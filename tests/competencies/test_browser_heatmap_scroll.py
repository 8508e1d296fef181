"""The heatmap's scroll box shows its last row and last column when scrolled to the
end (the sticky header and unit column must not cover them)."""
from __future__ import annotations

import pytest

from competencies.models import Competency, CompetencyType, JobStandard
from tests.competencies.test_gaps_world import assess, employee_in, world_build
from tests.competencies.test_views_gaps import days_ago
from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, UnitFactory, make_hr_user


@pytest.mark.browser
def test_last_row_and_column_are_reachable(page):
    from competencies.gaps.services import gaps_recompute_for_employees

    world = world_build()
    extra = [Competency.objects.create(code=f"X.Z{i:02d}", name=f"Uji Lebar {i}",
                                       type=CompetencyType.TECHNICAL) for i in range(24)]
    for c in extra:
        JobStandard.objects.create(position=world.position, competency=c, required_level=3)
    people = []
    for i in range(28):
        person = employee_in(world, unit=UnitFactory(name=f"Unit Uji {i:02d}"))
        assess(person, extra[-1], "1.0", "SUPERVISOR", days_ago(1))
        people.append(person)
    gaps_recompute_for_employees(employee_ids=[p.pk for p in people])
    make_hr_user("hr.scroll")

    page.set_viewport_size({"width": 1100, "height": 700})
    viewport_height = 700
    browser_login(page, "hr.scroll", PASSWORD)
    page.goto(f"{page.base_url}/kompetensi/analisis/")
    wrap = page.locator(".heatmap-wrap")
    # The whole box, both scrollbars included, fits on the screen once scrolled to.
    assert wrap.bounding_box()["height"] <= viewport_height - 40
    wrap.evaluate("el => { el.scrollIntoView({block: 'end'}); "
                  "el.scrollLeft = el.scrollWidth; el.scrollTop = el.scrollHeight; }")
    page.wait_for_timeout(200)
    box = wrap.evaluate("""el => { const r = el.getBoundingClientRect();
        return {left: r.left + el.clientLeft, top: r.top + el.clientTop,
                right: r.left + el.clientLeft + el.clientWidth,
                bottom: r.top + el.clientTop + el.clientHeight,
                scrolls: el.scrollWidth > el.clientWidth
                         && el.scrollHeight > el.clientHeight}; }""")
    assert box["scrolls"], "the test needs a heatmap larger than its box"
    last_cell = page.locator("[data-testid=heat-row]").last.locator("td").last
    cell = last_cell.bounding_box()
    wrap.screenshot(path=str(ARTIFACTS / "competencies-heatmap-scrolled-end.png"))
    assert cell["x"] + cell["width"] <= box["right"] + 1, (cell, box)
    assert cell["y"] + cell["height"] <= box["bottom"] + 1, (cell, box)
    # Not hidden under the sticky unit column or header either.
    sticky_col = page.locator("[data-testid=heat-row]").last.locator("th").bounding_box()
    assert cell["x"] >= sticky_col["x"] + sticky_col["width"] - 1
    header = page.locator(".heatmap thead tr").bounding_box()
    assert cell["y"] >= header["y"] + header["height"] - 1
    # Nothing (a sticky cell, the floating admin button) lies over any corner of the
    # last cell.
    for x, y in ((cell["x"] + 3, cell["y"] + 3), (cell["x"] + cell["width"] - 3, cell["y"] + 3),
                 (cell["x"] + 3, cell["y"] + cell["height"] - 3),
                 (cell["x"] + cell["width"] - 3, cell["y"] + cell["height"] - 3)):
        hit = page.evaluate("""([x, y]) => { const el = document.elementFromPoint(x, y);
            return el ? el.closest('td') === document.querySelector(
                '[data-testid=heat-row]:last-child td:last-child') : false; }""", [x, y])
        assert hit, (x, y, cell, box)
