"""Issue 17 follow-up: a workshop credits no more JP than its learning form's rule and
its session's minutes allow (learning.completion.jp_rules.jp_figure), and the catalog
card and the workshop page say which rule gave the figure, and that a listed figure
above it is capped. HR's editor refuses such a figure."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.completion.services import session_jp, session_jp_figure
from tests.factories import EmployeeFactory
from tests.learning.completion_world import local, make_session, make_workshop

pytestmark = pytest.mark.django_db


def _soon(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_a_program_workshop_credits_no_more_than_its_minutes_allow():
    """Listed at 8 JP, one session of 08:00–11:00 (180 minutes = 4 JP): 4 JP."""
    workshop = make_workshop(kind="pelatihan", jp=8)
    session = make_session(workshop=workshop, first_day=_soon())
    session.ends_at = local(_soon(), 11)
    session.save()
    figure = session_jp_figure(session=session)
    assert figure.jp == Decimal(4) and figure.capped
    assert session_jp(session=session) == Decimal(4)


def test_a_per_day_form_credits_its_rule_over_the_days():
    session = make_session(kind="workshop", jp=20, first_day=_soon(), days=2)
    figure = session_jp_figure(session=session)
    assert figure.jp == Decimal(10) and figure.capped


def test_card_and_page_name_the_rule_and_the_cap(client):
    session = make_session(kind="workshop", jp=20, first_day=_soon(), days=2,
                           title="Lokakarya Dua Hari")
    client.force_login(EmployeeFactory().user)
    card = client.get("/pelatihan/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    card_jp = card.split('data-testid="card-jp"')[1].split("</span>\n")[0]
    assert "10 JP" in card_jp and "5 JP per hari × 2 hari" in card_jp
    assert "20 JP" not in card_jp
    page = client.get(session.page.url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    head = page.split('data-testid="workshop-jp"')[1].split("</span>")[0]
    assert "10 JP" in head and "5 JP per hari × 2 hari" in page
    assert 'data-testid="workshop-jp-capped"' in page
    assert "mencantumkan 20 JP" in page


def test_the_editor_refuses_more_jp_than_a_session_allows(client):
    """Listed at 8 JP with a 3-hour session (4 JP at most): the editor says so on the
    JP field and saves nothing; at 4 JP it publishes."""
    from people.models import User
    from tests.learning.test_enrollment_publish import _edit_form_data

    workshop = make_workshop(kind="pelatihan", jp=8)
    session = make_session(workshop=workshop, first_day=_soon())
    session.ends_at = local(_soon(), 11)
    session.save()
    client.force_login(User.objects.create_superuser("editor", "e@example.go.id", "x"))
    data = _edit_form_data(client, workshop)
    response = client.post(f"/cms/pages/{workshop.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert "hanya mengkreditkan paling banyak 4 JP" in html
    workshop.refresh_from_db()
    assert workshop.jp == Decimal(8)
    data["jp"] = ["4"]
    response = client.post(f"/cms/pages/{workshop.pk}/edit/", {**data, "action-publish": "1"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.jp == Decimal(4)
