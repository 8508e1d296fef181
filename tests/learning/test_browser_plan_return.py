"""The plan-return journey in a real browser (issue 17): the supervisor returns next
year's plan with a note; the employee finds it first on her home page (not this
year's approved plan), opens it, changes an item and submits again; the supervisor
approves; her JP page, opened by the supervisor, shows HER plan."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from competencies.models import Competency
from learning.plans import services
from learning.plans.models import Plan, PlanItemKind, PlanStatus
from tests.factories import EmployeeFactory
from tests.learning.test_browser_plans import as_user, shot

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

YEAR = timezone.localdate().year


def self_study(plan: Plan, *, title: str, jp: int) -> None:
    competency = Competency.objects.filter(code="M.03").first() or Competency.objects.create(
        code="M.03", name="Komunikasi", type="MANAGERIAL")
    services.plan_item_add(plan=plan, by=plan.employee.user, kind=PlanItemKind.SELF_STUDY,
                           competency=competency, quarter=1, planned_jp=Decimal(jp),
                           title=title)


def test_return_edit_resubmit_approve_and_her_plan_on_her_jp_page(page):
    boss = EmployeeFactory(name="Bambang Setiawan")
    worker = EmployeeFactory(name="Dewi Lestari", supervisor=boss, unit=boss.unit)
    # This year's plan is approved: nothing there waits for her.
    this_year = services.plan_get_or_create(employee=worker, year=YEAR)
    self_study(this_year, title="Belajar mandiri tahun ini", jp=4)
    services.plan_submit(plan=this_year, by=worker.user)
    services.plan_decide(plan=this_year, by=boss.user, approve=True)
    # The supervisor also has a plan of his own, which must never show on hers.
    own = services.plan_get_or_create(employee=boss, year=YEAR + 1)
    self_study(own, title="Rencana milik Pak Bambang", jp=2)
    # Next year's plan waits for his decision.
    plan = services.plan_get_or_create(employee=worker, year=YEAR + 1)
    self_study(plan, title="Belajar mandiri menulis naskah dinas", jp=4)
    services.plan_submit(plan=plan, by=worker.user)

    # The supervisor returns it with a note.
    as_user(page, boss)
    page.goto(page.base_url + "/belajar/rencana/tim/")
    page.click("[data-testid=plans-waiting] >> text=Dewi Lestari")
    page.fill("#comment", "Tambahkan JP belajar mandiri menjadi 6.")
    page.click("[data-testid=plan-return]")
    page.wait_for_selector("text=Rencana dikembalikan.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED

    # She logs in: the home page shows the returned plan first, with the note.
    as_user(page, worker)
    page.goto(page.base_url + "/")
    panel = page.inner_text("[data-testid=panel-plan]")
    assert f"Rencana pengembangan saya {YEAR + 1}" in panel
    assert "Dikembalikan untuk diperbaiki" in panel
    assert "Tambahkan JP belajar mandiri menjadi 6." in panel
    shot(page, "return-home")
    page.click("[data-testid=panel-plan-open]")
    assert page.inner_text("[data-testid=plan-status]") == "Dikembalikan untuk diperbaiki"
    assert "Tambahkan JP belajar mandiri menjadi 6." in page.inner_text(
        "[data-testid=plan-returned-note]")

    # She changes the item (not delete and re-add) and submits again.
    page.click("[data-testid=plan-item-edit]")
    page.fill("#id_planned_jp", "6")
    page.select_option("#id_quarter", "2")
    page.click("[data-testid=plan-item-save]")
    page.wait_for_selector("text=Butir diubah.")
    items = page.inner_text("[data-testid=plan-items]")
    assert f"Triwulan 2 {YEAR + 1}" in items and page.inner_text(
        "[data-testid=plan-planned]") == "6"
    shot(page, "return-edited")
    page.click("[data-testid=plan-submit]")
    page.wait_for_selector("text=Diajukan kepada atasan Anda untuk disetujui.")

    # The supervisor approves.
    as_user(page, boss)
    page.goto(page.base_url + "/belajar/rencana/tim/")
    page.click("[data-testid=plans-waiting] >> text=Dewi Lestari")
    page.click("[data-testid=plan-approve]")
    page.wait_for_selector("text=Rencana disetujui.")
    plan.refresh_from_db()
    assert (plan.status, plan.approved_revision) == (PlanStatus.APPROVED, 1)

    # Her JP page, opened by him, shows her plan and links to it; never his.
    page.goto(f"{page.base_url}/belajar/jp/pegawai/{worker.pk}/?tahun={YEAR + 1}")
    section = page.inner_text("[data-testid=jp-plan]")
    assert "Dewi Lestari" in section and "Disetujui" in section
    assert "Belajar mandiri menulis naskah dinas" in section
    assert "Rencana milik Pak Bambang" not in section
    assert "Belum ada rencana" not in section
    shot(page, "return-jp-page")
    page.click("[data-testid=jp-plan-link]")
    assert page.url.endswith(f"/belajar/rencana/{plan.pk}/")
    assert "Dewi Lestari" in page.inner_text("h1")
