"""The development plan journey in a real browser: the employee adds a catalog
workshop to her plan and submits it; her supervisor approves it; once she has
completed the workshop, her plan shows its JP as achieved."""
from __future__ import annotations

from decimal import Decimal

import pytest

from competencies.models import Competency
from learning.completion.services import attendance_save, session_days
from learning.models import WorkshopCompetency
from learning.plans.models import Plan, PlanStatus
from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory
from tests.learning.completion_world import enroll, make_session, make_workshop

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def as_user(page, employee) -> None:
    page.context.clear_cookies()
    browser_login(page, employee.user.username, PASSWORD)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"plans-{name}.png"), full_page=True)


def test_add_submit_approve_then_completion_shows_as_achieved(page):
    boss = EmployeeFactory(name="Bambang Setiawan")
    worker = EmployeeFactory(name="Dewi Lestari", supervisor=boss, unit=boss.unit)
    competency = Competency.objects.filter(code="M.03").first() or Competency.objects.create(
        code="M.03", name="Komunikasi", type="MANAGERIAL")
    # A program-JP form: the completion credits the workshop's 10 JP.
    workshop = make_workshop(kind="pelatihan", title="Workshop Komunikasi Publik",
                             jp=Decimal(10))
    WorkshopCompetency.objects.create(page=workshop, competency=competency, target_level=2)
    session = make_session(workshop=workshop)  # ended yesterday

    # The employee adds the workshop from its catalog page, in one click.
    as_user(page, worker)
    page.goto(page.base_url + workshop.url)
    page.click("[data-testid=plan-add-workshop-button]")
    page.wait_for_selector("text=Workshop Komunikasi Publik ditambahkan ke rencana Anda untuk")
    page.goto(page.base_url + "/belajar/rencana/")
    items = page.inner_text("[data-testid=plan-items]")
    assert "Workshop Komunikasi Publik" in items and "M.03" in items
    assert "Triwulan" in items and "-T" not in items
    page.click("[data-testid=plan-submit]")
    page.wait_for_selector("text=Diajukan kepada atasan Anda untuk disetujui.")
    assert page.inner_text("[data-testid=plan-status]") == "Menunggu persetujuan"
    shot(page, "submitted")

    # The supervisor approves it from his team page.
    as_user(page, boss)
    page.goto(page.base_url + "/belajar/rencana/tim/")
    page.click("[data-testid=plans-waiting] >> text=Dewi Lestari")
    page.click("[data-testid=plan-approve]")
    page.wait_for_selector("text=Rencana disetujui.")
    plan = Plan.objects.get(employee=worker)
    assert plan.status == PlanStatus.APPROVED and plan.approved_revision == 1

    # She attended the whole session: the completion fills in her plan by itself.
    enrollment = enroll(worker, session)
    attendance_save(session=session, present={enrollment.pk: session_days(session=session)},
                    marked_by=boss.user)
    as_user(page, worker)
    page.goto(page.base_url + "/belajar/rencana/")
    assert page.inner_text("[data-testid=plan-status]") == "Disetujui"
    assert page.inner_text("[data-testid=item-achieved]").startswith("10")
    assert page.inner_text("[data-testid=plan-achieved]") == "10"
    page.goto(page.base_url + "/")
    assert "10 dari 10 JP rencana tercapai" in page.inner_text("[data-testid=panel-plan]")
    shot(page, "achieved")
