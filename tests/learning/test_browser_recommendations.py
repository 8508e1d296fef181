"""Recommendations in a real browser: an employee with a known gap sees the right
workshop first on the home page, with its reason, and enrolls from there."""
from __future__ import annotations

import pytest

from learning.models import Enrollment
from learning.recommendations.services import recommendations_recompute_for_employees
from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory
from tests.learning.reco_world import competency, gap, workshop

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_known_gap_best_workshop_first_then_enroll_from_home(page):
    emp = EmployeeFactory(name="Rina Marlina")
    arsip, rapat = competency("R.ARSIP"), competency("R.RAPAT")
    gap(emp, arsip, required=4, assessed="1.5")  # gap 2.5: priority 25
    gap(emp, rapat, required=3, assessed="2.5")  # gap 0.5: priority 5
    best, session = workshop((arsip, 4), starts_in_days=20, title="Tata Kelola Arsip Digital")
    workshop((rapat, 3), starts_in_days=4, title="Notulensi Rapat Efektif")
    recommendations_recompute_for_employees(employee_ids=[emp.pk])

    browser_login(page, emp.user.username, PASSWORD)
    page.goto(page.base_url + "/")
    panel = page.locator("[data-testid=panel-recommendations]")
    assert "Rekomendasi untuk Anda" in panel.inner_text()
    first = panel.locator("[data-testid=recommendation]").first
    assert "Tata Kelola Arsip Digital" in first.inner_text()
    reason = first.locator("[data-testid=recommendation-reason]").inner_text()
    assert "tingkat yang dipersyaratkan 4" in reason and "hasil penilaian 1,5" in reason
    assert "menargetkan level 4" in reason and "JP" in reason
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recommendations-home.png"), full_page=True)

    first.locator("[data-testid=recommendation-enroll]").click()
    page.wait_for_selector("text=Anda terdaftar di Tata Kelola Arsip Digital.")
    assert Enrollment.objects.filter(employee=emp, session=session, status="ENROLLED").exists()
    # Enrolled: no longer suggested; "Notulensi Rapat Efektif" is now first.
    page.goto(page.base_url + "/")
    first = page.locator("[data-testid=panel-recommendations] [data-testid=recommendation]").first
    assert "Notulensi Rapat Efektif" in first.inner_text()


def test_recommended_workshop_into_the_plan_approved_then_achieved(page):
    """Issue 10's whole journey: the right workshop first with its reason; the employee
    adds it to her plan and enrolls from the home page; her supervisor approves the
    plan; once she has completed the workshop, the plan shows its JP as achieved."""
    import datetime as dt

    from learning.completion.services import attendance_save, session_days
    from learning.models import WorkshopSession
    from learning.plans.models import Plan, PlanStatus

    boss = EmployeeFactory(name="Bambang Setiawan")
    emp = EmployeeFactory(name="Rina Marlina", supervisor=boss, unit=boss.unit)
    arsip, rapat = competency("R.ARSIP"), competency("R.RAPAT")
    gap(emp, arsip, required=4, assessed="1.5")
    gap(emp, rapat, required=3, assessed="2.5")
    best, session = workshop((arsip, 4), starts_in_days=20, title="Tata Kelola Arsip Digital")
    workshop((rapat, 3), starts_in_days=4, title="Notulensi Rapat Efektif")
    recommendations_recompute_for_employees(employee_ids=[emp.pk])

    browser_login(page, emp.user.username, PASSWORD)
    page.goto(page.base_url + "/")
    first = page.locator("[data-testid=panel-recommendations] [data-testid=recommendation]").first
    assert "Tata Kelola Arsip Digital" in first.inner_text()
    assert "tingkat yang dipersyaratkan 4" in first.inner_text()
    first.locator(f"[data-testid=plan-add-{best.pk}-{arsip.pk}]").click()
    page.wait_for_load_state("networkidle")
    first = page.locator("[data-testid=panel-recommendations] [data-testid=recommendation]").first
    first.locator("[data-testid=recommendation-enroll]").click()
    page.wait_for_selector("text=Anda terdaftar di Tata Kelola Arsip Digital.")
    page.goto(page.base_url + "/belajar/rencana/")
    assert "Tata Kelola Arsip Digital" in page.inner_text("[data-testid=plan-items]")
    page.click("[data-testid=plan-submit]")
    page.wait_for_selector("text=Diajukan kepada atasan Anda untuk disetujui.")

    page.context.clear_cookies()
    browser_login(page, boss.user.username, PASSWORD)
    page.goto(page.base_url + "/belajar/rencana/tim/")
    page.click("[data-testid=plans-waiting] >> text=Rina Marlina")
    page.click("[data-testid=plan-approve]")
    page.wait_for_selector("text=Rencana disetujui.")
    assert Plan.objects.get(employee=emp).status == PlanStatus.APPROVED

    # Time passes: the session is over and she attended all of it.
    shift = dt.timedelta(days=25)
    s = WorkshopSession.objects.get(pk=session.pk)
    WorkshopSession.objects.filter(pk=s.pk).update(
        registration_opens_at=s.registration_opens_at - shift,
        registration_closes_at=s.registration_closes_at - shift,
        starts_at=s.starts_at - shift, ends_at=s.ends_at - shift)
    s.refresh_from_db()
    enrollment = Enrollment.objects.get(employee=emp, session=s)
    attendance_save(session=s, present={enrollment.pk: session_days(session=s)},
                    marked_by=boss.user)
    page.context.clear_cookies()
    browser_login(page, emp.user.username, PASSWORD)
    page.goto(page.base_url + "/belajar/rencana/")
    achieved = page.inner_text("[data-testid=plan-achieved]")
    assert achieved not in ("", "0"), achieved
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recommendations-plan-achieved.png"), full_page=True)


def test_supervisor_filters_the_team_page(page):
    """The team page, ten people a page, reads about each member by name; the
    supervisor narrows it to one competency with the GET form."""
    boss = EmployeeFactory(name="Ir. Bambang Setiawan")
    arsip, rapat = competency("R.ARSIP"), competency("R.RAPAT")
    workshop((arsip, 4), starts_in_days=20, title="Tata Kelola Arsip Digital")
    workshop((rapat, 3), starts_in_days=4, title="Notulensi Rapat Efektif")
    members = []
    for i in range(12):
        emp = EmployeeFactory(name=f"Anggota Tim {i:02d}", supervisor=boss)
        gap(emp, arsip if i % 2 else rapat, required=4, assessed="1.5")
        members.append(emp)
    recommendations_recompute_for_employees(employee_ids=[m.pk for m in members])
    browser_login(page, boss.user.username, PASSWORD)
    page.goto(page.base_url + "/belajar/rekomendasi/tim/")
    assert page.locator("[data-testid=team-member]").count() == 10
    first = page.locator("[data-testid=team-member]").first
    assert "Anggota Tim 00" in first.inner_text() and "Anda" not in first.inner_text()
    page.select_option("#id_kompetensi", label="R.ARSIP Kompetensi Uji R.ARSIP")
    page.click("[data-testid=team-filter] button[type=submit]")
    page.wait_for_url("**kompetensi=*")
    assert page.locator("[data-testid=team-member]").count() == 6
    assert "Notulensi Rapat Efektif" not in page.inner_text("main")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recommendations-team.png"), full_page=True)
