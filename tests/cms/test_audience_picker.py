"""Issue 13: the policy audience picker is a searchable unit tree, not a flat list."""
from __future__ import annotations

import re

import pytest

from people.widgets import UnitTreeSelectMultiple
from tests.cms.socialization_factories import make_hr_publisher, make_policy
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_units_render_nested_under_their_parent_with_a_search_box():
    opd = UnitFactory(name="Dinas Pendidikan")
    bidang = UnitFactory(name="Bidang SD", parent=opd)
    other = UnitFactory(name="Dinas Kesehatan")
    html = UnitTreeSelectMultiple().render("audience_units", [str(bidang.pk)],
                                           attrs={"id": "id_audience_units"})
    assert "data-unit-tree-search" in html
    # Bidang SD sits inside Dinas Pendidikan's branch, checked; Dinas Kesehatan is a root.
    branch = html.split('data-unit-name="dinas pendidikan"')[1].split('data-unit-name="dinas k')[0]
    assert re.search(rf'value="{bidang.pk}" checked', branch)
    assert f'value="{other.pk}"' not in branch
    assert html.count('type="checkbox"') == 3


def test_the_policy_edit_form_uses_the_tree_and_saves_the_choice(client):
    unit = UnitFactory(name="Seksi Mutasi", parent=UnitFactory(name="BKPSDM"))
    page = make_policy(audience_all=False, units=[unit])
    client.force_login(make_hr_publisher())
    html = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    assert "data-unit-tree" in html and "people/unit_tree." in html
    assert re.search(rf'name="audience_units" value="{unit.pk}" checked', html)
