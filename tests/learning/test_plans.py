"""Development plans: the state machine and its history, progress read from the JP
ledger, HR's report numbers, the deadline reminders, quarters, and access per role
(forged ids included)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from competencies.models import Competency, CompetencyGap
from learning.completion.services import (
    attendance_save,
    external_learning_submit,
    external_learning_verify,
    session_days,
)
from learning.models import JpLedgerEntry, JpLedgerSource, WorkshopCompetency
from learning.plans import selectors, services
from learning.plans.models import (
    Plan,
    PlanAction,
    PlanItem,
    PlanItemKind,
    PlanStatus,
    quarter_label,
)
from learning.plans.notifications import plan_deadline, plan_reminders_send
from people.models import Unit
from tests.factories import PASSWORD, EmployeeFactory, UnitFactory, make_hr_user
from tests.learning.completion_world import enroll, learning_form, make_session, make_workshop
from tests.learning.enrollment_factories import run_on_commit_now

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR = timezone.localdate().year


def competency(code: str = "M.03") -> Competency:
    found = Competency.objects.filter(code=code).first()
    return found or Competency.objects.create(code=code, name=f"Kompetensi {code}",
                                              type="MANAGERIAL")


@pytest.fixture
def people():
    boss = EmployeeFactory(name="Bambang Atasan")
    staff = EmployeeFactory(name="Dewi Staf", supervisor=boss, unit=boss.unit)
    colleague = EmployeeFactory(name="Citra Rekan", supervisor=boss, unit=boss.unit)
    stranger = EmployeeFactory(name="Eko Lain")
    hr = make_hr_user()
    return {"boss": boss, "staff": staff, "colleague": colleague, "stranger": stranger,
            "hr": hr}


def developing(workshop, *competencies):
    """Say that `workshop` develops `competencies` (a plan item needs it)."""
    for c in competencies:
        WorkshopCompetency.objects.get_or_create(page=workshop, competency=c)
    return workshop


def a_plan(employee, *, items: int = 1, jp=Decimal(8)) -> Plan:
    plan = services.plan_get_or_create(employee=employee, year=YEAR)
    for n in range(items):
        services.plan_item_add(plan=plan, by=employee.user, kind=PlanItemKind.SELF_STUDY,
                               competency=competency(), quarter=1 + n % 4, planned_jp=jp,
                               title=f"Belajar mandiri {n}")
    return plan


def login(client, employee_or_user):
    user = getattr(employee_or_user, "user", employee_or_user)
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = "id"
    return client


class PlanStateMachineTests:
    def test_submit_approve_return_and_history(self, people):
        staff, boss = people["staff"], people["boss"]
        plan = services.plan_get_or_create(employee=staff, year=YEAR)
        with pytest.raises(services.PlanError):
            services.plan_submit(plan=plan, by=staff.user)  # no items
        a_plan(staff)
        plan = services.plan_submit(plan=plan, by=staff.user)
        assert plan.status == PlanStatus.SUBMITTED
        assert services.plan_submit(plan=plan, by=staff.user).status == PlanStatus.SUBMITTED
        with pytest.raises(services.PlanError):  # frozen while waiting
            a_plan(staff)
        with pytest.raises(services.PlanError):  # returning needs a comment
            services.plan_decide(plan=plan, by=boss.user, approve=False)
        plan = services.plan_decide(plan=plan, by=boss.user, approve=False,
                                    comment="Tambahkan pelatihan teknis.")
        assert plan.status == PlanStatus.RETURNED and plan.approved_revision is None
        a_plan(staff)  # editable again, same revision
        plan = services.plan_submit(plan=plan, by=staff.user)
        plan = services.plan_decide(plan=plan, by=boss.user, approve=True)
        assert (plan.status, plan.revision, plan.approved_revision) == (
            PlanStatus.APPROVED, 1, 1)
        with pytest.raises(services.PlanError):
            services.plan_decide(plan=plan, by=boss.user, approve=True)
        actions = list(plan.events.values_list("revision", "action", "comment"))
        assert actions == [(1, "SUBMITTED", ""), (1, "RETURNED", "Tambahkan pelatihan teknis."),
                           (1, "SUBMITTED", ""), (1, "APPROVED", "")]
        assert len(plan.events.get(action="APPROVED").items) == 2

    def test_change_after_approval_is_a_new_revision_needing_approval(self, people):
        staff, boss = people["staff"], people["boss"]
        plan = a_plan(staff)
        services.plan_submit(plan=plan, by=staff.user)
        services.plan_decide(plan=plan, by=boss.user, approve=True)
        a_plan(staff)  # a change after approval
        plan.refresh_from_db()
        assert (plan.status, plan.revision, plan.approved_revision) == (PlanStatus.DRAFT, 2, 1)
        assert plan.events.filter(action=PlanAction.REVISED, revision=2).exists()
        # The approved revision's items are kept in its history.
        assert len(plan.events.get(action="APPROVED", revision=1).items) == 1
        services.plan_submit(plan=plan, by=staff.user)
        plan = services.plan_decide(plan=plan, by=boss.user, approve=True)
        assert (plan.status, plan.approved_revision) == (PlanStatus.APPROVED, 2)
        item = plan.items.first()
        services.plan_item_delete(item=item, by=staff.user)  # a removal is a change too
        plan.refresh_from_db()
        assert (plan.status, plan.revision) == (PlanStatus.DRAFT, 3)

    def test_emails_in_indonesian_to_the_approver_and_back(self, people, monkeypatch):
        run_on_commit_now(monkeypatch)
        staff, boss = people["staff"], people["boss"]
        plan = a_plan(staff)
        services.plan_submit(plan=plan, by=staff.user)
        assert mail.outbox[-1].to == [boss.email]
        assert "Rencana pengembangan" in mail.outbox[-1].subject
        services.plan_decide(plan=plan, by=boss.user, approve=False, comment="Kurang JP")
        assert mail.outbox[-1].to == [staff.email] and "Kurang JP" in mail.outbox[-1].body

    def test_one_click_workshop_is_added_once_in_its_sessions_quarter(self, people):
        staff = people["staff"]
        workshop = developing(make_workshop(jp=16), competency())
        start = timezone.localdate() + dt.timedelta(days=40)
        make_session(workshop=workshop, first_day=start)
        first, created = services.plan_item_add_workshop(
            employee=staff, by=staff.user, workshop=workshop, competency=competency())
        again, created_again = services.plan_item_add_workshop(
            employee=staff, by=staff.user, workshop=workshop, competency=competency())
        assert first.pk == again.pk and PlanItem.objects.count() == 1
        assert created and not created_again
        assert first.plan.year == start.year
        assert first.quarter == (start.month - 1) // 3 + 1 and first.planned_jp == 16


class QuarterTests:
    def test_quarter_label_in_both_languages(self):
        with translation.override("id"):
            assert str(quarter_label(year=2026, quarter=2)) == "Triwulan 2 2026"
        with translation.override("en"):
            assert str(quarter_label(year=2026, quarter=2)) == "Q2 2026"


class ProgressTests:
    def test_completion_and_verified_external_learning_fill_progress(self, people):
        staff, hr = people["staff"], people["hr"]
        workshop = developing(make_workshop(kind="workshop", jp=5), competency())
        other_workshop = make_workshop(kind="workshop", jp=5)
        seminar = learning_form("seminar")
        plan = services.plan_get_or_create(employee=staff, year=YEAR)
        planned = services.plan_item_add(
            plan=plan, by=staff.user, kind=PlanItemKind.WORKSHOP, competency=competency(),
            quarter=1, planned_jp=Decimal(5), workshop=workshop)
        form_item = services.plan_item_add(
            plan=plan, by=staff.user, kind=PlanItemKind.LEARNING_FORM,
            competency=competency(), quarter=2, planned_jp=Decimal(4), learning_form=seminar)
        assert selectors.plan_progress_for(plan=plan).achieved_jp == 0

        # A completed session of the planned workshop, and one of another workshop.
        for page in (workshop, other_workshop):
            session = make_session(workshop=page)
            enrollment = enroll(staff, session)
            attendance_save(session=session, present={enrollment.pk: session_days(
                session=session)}, marked_by=hr)
        assert JpLedgerEntry.objects.filter(employee=staff,
                                            source=JpLedgerSource.COMPLETION).count() == 2
        progress = selectors.plan_progress_for(plan=plan)
        by_item = {p.item.pk: p.achieved for p in progress.items}
        assert by_item == {planned.pk: Decimal(5), form_item.pk: 0}

        # Learning done elsewhere counts once HR has verified it.
        today = timezone.localdate()
        external = external_learning_submit(
            employee=staff, learning_form=seminar, title="Seminar SPBE", provider="KemenPANRB",
            start_date=today, end_date=today, jp_claimed=Decimal(4),
            proof=SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"))
        assert selectors.plan_progress_for(plan=plan).achieved_jp == 5
        external_learning_verify(external_id=external.pk, verified_by=hr)
        progress = selectors.plan_progress_for(plan=plan)
        assert (progress.planned_jp, progress.achieved_jp, progress.percent) == (9, 9, 100)

    def test_confirmed_mentoring_in_the_ledger_counts_for_a_mentoring_item(self, people):
        staff = people["staff"]
        plan = services.plan_get_or_create(employee=staff, year=YEAR)
        services.plan_item_add(plan=plan, by=staff.user, kind=PlanItemKind.MENTORING,
                               competency=competency(), quarter=3, planned_jp=Decimal(4))
        JpLedgerEntry.objects.create(employee=staff, year=YEAR, source=JpLedgerSource.MENTORING,
                                     source_ref=77, jp=Decimal(2), occurred_on=timezone.localdate(),
                                     description="Mentoring")
        JpLedgerEntry.objects.create(employee=staff, year=YEAR - 1,
                                     source=JpLedgerSource.MENTORING, source_ref=78, jp=Decimal(2),
                                     occurred_on=dt.date(YEAR - 1, 6, 1), description="Lama")
        assert selectors.plan_progress_for(plan=plan).achieved_jp == 2


class ReportTests:
    def test_unit_report_rolls_up_and_counts(self, people):
        top = UnitFactory(name="Dinas Uji")
        child = Unit.objects.create(name="Bidang Uji", parent=top)
        boss = EmployeeFactory(unit=top)
        a = EmployeeFactory(unit=child, supervisor=boss)
        b = EmployeeFactory(unit=child, supervisor=boss)
        EmployeeFactory(unit=child, supervisor=boss)  # no plan
        m03, t01 = competency("M.03"), competency("M.04")
        for employee in (a, b):
            for comp in (m03, t01):
                CompetencyGap.objects.create(employee=employee, competency=comp,
                                             required_level=2, assessed_level=1, difference=-1,
                                             gap=1, priority=1, computed_at=timezone.now())
        plan_a = services.plan_get_or_create(employee=a, year=YEAR)
        services.plan_item_add(plan=plan_a, by=a.user, kind=PlanItemKind.MENTORING,
                               competency=m03, quarter=1, planned_jp=Decimal(6))
        services.plan_submit(plan=plan_a, by=a.user)
        services.plan_decide(plan=plan_a, by=boss.user, approve=True)
        plan_b = a_plan(b, jp=Decimal(10))  # a draft: not counted
        assert plan_b.status == PlanStatus.DRAFT
        JpLedgerEntry.objects.create(employee=a, year=YEAR, source=JpLedgerSource.MENTORING,
                                     source_ref=1, jp=Decimal(8), occurred_on=timezone.localdate(),
                                     description="Mentoring")

        rollup, rows = selectors.plan_unit_report(year=YEAR)
        row = next(r for r in rows if r.unit_id == top.pk)
        assert (row.employees, row.approved, row.planned_jp, row.achieved_jp) == (4, 1, 6, 6)
        assert (row.gap_demand, row.gaps_covered, row.coverage_percent) == (4, 1, Decimal("25.0"))
        assert row.approved_percent == Decimal("25.0") and row.has_children
        # Drill down: the unit's own staff and the child unit.
        _rollup, rows = selectors.plan_unit_report(year=YEAR, within_id=top.pk)
        assert [(r.unit_id, r.direct_only, r.employees, r.approved) for r in rows] == [
            (top.pk, True, 1, 0), (child.pk, False, 3, 1)]

    def test_report_achieved_jp_is_each_plans_progress_summed(self):
        """The report allocates the year's ledger per employee from two ordered streams;
        per unit it must equal the sum of every approved plan's own progress, whatever
        order the credits were written in."""
        top = UnitFactory(name="Dinas Aliran")
        units = [Unit.objects.create(name=f"Bidang Aliran {n}", parent=top) for n in range(2)]
        boss = EmployeeFactory(unit=top)
        staff = [EmployeeFactory(unit=units[n % 2], supervisor=boss) for n in range(6)]
        plans = []
        for employee in staff[:5]:
            plan = services.plan_get_or_create(employee=employee, year=YEAR)
            for quarter, jp in ((1, Decimal(4)), (2, Decimal(6))):
                services.plan_item_add(plan=plan, by=employee.user, kind=PlanItemKind.MENTORING,
                                       competency=competency(), quarter=quarter, planned_jp=jp)
            if employee is not staff[4]:  # staff[4]'s plan stays a draft
                services.plan_submit(plan=plan, by=employee.user)
                services.plan_decide(plan=plan, by=boss.user, approve=True)
                plans.append(plan)
        # Credits written interleaved across employees (staff[3]: none; staff[5]: no plan).
        for ref, (who, jp) in enumerate([(0, 3), (1, 5), (2, 2), (0, 4), (4, 8), (5, 6),
                                         (1, 7), (2, 1), (0, 9), (2, 2)]):
            JpLedgerEntry.objects.create(
                employee=staff[who], year=YEAR, source=JpLedgerSource.MENTORING,
                source_ref=500 + ref, jp=Decimal(jp), occurred_on=timezone.localdate(),
                description="Mentoring")
        _rollup, rows = selectors.plan_unit_report(year=YEAR, within_id=top.pk)
        for unit in units:
            row = next(r for r in rows if r.unit_id == unit.pk)
            own = [selectors.plan_progress_for(plan=p) for p in plans
                   if p.employee.unit_id == unit.pk]
            assert row.achieved_jp == sum(p.achieved_jp for p in own)
            assert row.planned_jp == sum(p.planned_jp for p in own)
        # By hand (items of 4 and 6 JP, each capped): staff[0] 3+4 -> 4, 9 -> 6; staff[1]
        # 5 -> 4, 7 -> 6; staff[2] 2+1+2 -> 4; staff[3] nothing.
        assert sum(r.achieved_jp for r in rows) == Decimal(10 + 10 + 4)

    def test_report_page_export_neutralises_formulas_and_is_hr_only(self, client, people):
        UnitFactory(name="=HYPERLINK(\"http://x\")")
        login(client, people["staff"])
        assert client.get(reverse("learning:plan_report")).status_code == 403
        login(client, people["hr"])
        response = client.get(reverse("learning:plan_report"), {"format": "csv"})
        assert response.status_code == 200
        assert "'=HYPERLINK" in response.content.decode()
        assert client.get(reverse("learning:plan_report"), {"unit": 999999}).status_code == 404

    def test_report_page_queries_do_not_grow_with_units(self, client, people):
        def approved_plan_in_a_new_unit(n):
            unit = UnitFactory(name=f"Unit Tambahan {n}")
            employee = EmployeeFactory(unit=unit)
            plan = a_plan(employee)
            services.plan_submit(plan=plan, by=employee.user)
            services.plan_decide(plan=plan, by=people["hr"], approve=True)

        approved_plan_in_a_new_unit(0)
        login(client, people["hr"])
        client.get(reverse("learning:plan_report"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("learning:plan_report"))
        for n in range(1, 6):
            approved_plan_in_a_new_unit(n)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("learning:plan_report"))
        assert len(many) == len(few)


class ReminderTests:
    def test_reminders_once_a_day_on_reminder_days(self, people, settings):
        settings.BANGKOM_PLAN_REMINDER_DAYS = [7]
        deadline = plan_deadline(year=YEAR + 1)
        staff, boss = people["staff"], people["boss"]
        plan = a_plan(people["colleague"])
        services.plan_submit(plan=plan, by=people["colleague"].user)
        mail.outbox.clear()
        assert plan_reminders_send(today=deadline - dt.timedelta(days=8)) == 0
        # The plan counts for the deadline's year.
        Plan.objects.filter(pk=plan.pk).update(year=YEAR + 1)
        sent = plan_reminders_send(today=deadline - dt.timedelta(days=7))
        to = sorted(a for m in mail.outbox for a in m.to)
        assert staff.email in to and boss.email in to
        assert people["colleague"].email not in to  # submitted
        assert sent == len(mail.outbox)
        assert any("Rencana pengembangan" in m.subject for m in mail.outbox)
        assert any("menunggu persetujuan" in m.subject.lower() for m in mail.outbox)
        # A second run the same day sends nothing.
        assert plan_reminders_send(today=deadline - dt.timedelta(days=7)) == 0
        assert len(mail.outbox) == sent


class AccessTests:
    def test_employee_sees_and_changes_only_their_own_plan(self, client, people):
        staff, colleague = people["staff"], people["colleague"]
        other = a_plan(colleague)
        other_item = other.items.first()
        login(client, staff)
        assert client.get(reverse("learning:plan_mine")).status_code == 200
        # Forged ids: someone else's plan and item.
        assert client.get(reverse("learning:plan_detail", args=[other.pk])).status_code == 404
        assert client.post(reverse("learning:plan_submit", args=[other.pk])).status_code == 404
        assert client.post(reverse("learning:plan_item_delete",
                                   args=[other_item.pk])).status_code == 404
        assert client.post(reverse("learning:plan_decide", args=[other.pk]),
                           {"decision": "approve"}).status_code == 404
        other.refresh_from_db()
        assert other.status == PlanStatus.DRAFT and other.items.count() == 1

    def test_supervisor_sees_and_decides_the_direct_reports_plans_only(self, client, people):
        boss, staff, stranger = people["boss"], people["staff"], people["stranger"]
        plan = a_plan(staff)
        services.plan_submit(plan=plan, by=staff.user)
        foreign = a_plan(stranger)
        services.plan_submit(plan=foreign, by=stranger.user)
        login(client, boss)
        team = client.get(reverse("learning:plan_team"))
        assert team.status_code == 200 and staff.name in team.content.decode()
        assert stranger.name not in team.content.decode()
        assert client.get(reverse("learning:plan_detail", args=[plan.pk])).status_code == 200
        assert client.get(reverse("learning:plan_detail", args=[foreign.pk])).status_code == 404
        assert client.post(reverse("learning:plan_decide", args=[foreign.pk]),
                           {"decision": "approve"}).status_code == 404
        response = client.post(reverse("learning:plan_decide", args=[plan.pk]),
                               {"decision": "approve"})
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == PlanStatus.APPROVED

    def test_hr_sees_all_and_decides_only_for_those_without_a_supervisor(self, client, people):
        staff, stranger, hr = people["staff"], people["stranger"], people["hr"]
        plan = a_plan(staff)
        services.plan_submit(plan=plan, by=staff.user)
        orphan_plan = a_plan(stranger)  # stranger has no supervisor
        services.plan_submit(plan=orphan_plan, by=stranger.user)
        login(client, hr)
        assert client.get(reverse("learning:plan_detail", args=[plan.pk])).status_code == 200
        assert client.post(reverse("learning:plan_decide", args=[plan.pk]),
                           {"decision": "approve"}).status_code == 403
        team = client.get(reverse("learning:plan_team")).content.decode()
        assert stranger.name in team and staff.name not in team
        client.post(reverse("learning:plan_decide", args=[orphan_plan.pk]),
                    {"decision": "approve"})
        orphan_plan.refresh_from_db()
        assert orphan_plan.status == PlanStatus.APPROVED

    def test_plain_employee_has_no_team_page_and_anonymous_is_sent_to_login(self, client,
                                                                             people):
        assert client.get(reverse("learning:plan_mine")).status_code == 302
        login(client, people["stranger"])
        assert client.get(reverse("learning:plan_team")).status_code == 403

    def test_one_click_view_rejects_forged_ids_and_foreign_next(self, client, people):
        staff = people["staff"]
        workshop = developing(make_workshop(), competency())
        make_session(workshop=workshop, first_day=timezone.localdate() + dt.timedelta(days=9))
        login(client, staff)
        url = reverse("learning:plan_item_add_workshop")
        assert client.get(url).status_code == 405
        response = client.post(url, {"workshop": 999999, "competency": competency().pk})
        assert response.status_code == 302 and not PlanItem.objects.exists()
        response = client.post(url, {"workshop": workshop.pk, "competency": competency().pk,
                                     "next": "https://evil.example/"})
        assert response.status_code == 302 and "evil" not in response["Location"]
        response = client.post(url, {"workshop": workshop.pk, "competency": competency().pk,
                                     "next": "/pelatihan/"})
        assert response["Location"] == "/pelatihan/"
        assert PlanItem.objects.filter(plan__employee=staff).count() == 1


class PageTests:
    def test_plan_page_and_home_panel_queries_do_not_grow_with_items(self, client, people):
        staff = people["staff"]
        plan = a_plan(staff, items=1)
        JpLedgerEntry.objects.create(employee=staff, year=YEAR, source=JpLedgerSource.MENTORING,
                                     source_ref=4, jp=Decimal(2), occurred_on=timezone.localdate(),
                                     description="Mentoring")
        login(client, staff)
        client.get(reverse("learning:plan_mine"))
        client.get("/")
        with CaptureQueriesContext(connection) as one:
            page = client.get(reverse("learning:plan_mine"))
        with CaptureQueriesContext(connection) as home_one:
            client.get("/")
        a_plan(staff, items=6)
        JpLedgerEntry.objects.create(employee=staff, year=YEAR, source=JpLedgerSource.MENTORING,
                                     source_ref=5, jp=Decimal(2), occurred_on=timezone.localdate(),
                                     description="Mentoring")
        with CaptureQueriesContext(connection) as seven:
            client.get(reverse("learning:plan_mine"))
        with CaptureQueriesContext(connection) as home_seven:
            home = client.get("/")
        assert len(seven) == len(one) and len(home_seven) == len(home_one)
        assert plan.items.count() == 7
        assert "Triwulan 1 " + str(YEAR) in page.content.decode()
        assert 'data-testid="panel-plan"' in home.content.decode()

    def test_jp_page_shows_planned_vs_achieved(self, client, people):
        staff = people["staff"]
        a_plan(staff, jp=Decimal(6))
        login(client, staff)
        body = client.get(reverse("learning:jp_history")).content.decode()
        assert 'data-testid="jp-plan"' in body and "0 dari 6 JP rencana tercapai" in body
        assert "Buka rencana pengembangan saya" in body  # her own JP page, her own plan

    def test_team_and_detail_pages_queries_do_not_grow_with_the_team(self, client, people):
        boss = people["boss"]
        plan = a_plan(people["staff"], items=2)
        services.plan_submit(plan=plan, by=people["staff"].user)
        login(client, boss)
        client.get(reverse("learning:plan_team"))
        with CaptureQueriesContext(connection) as small_team:
            client.get(reverse("learning:plan_team"))
        with CaptureQueriesContext(connection) as detail_small:
            client.get(reverse("learning:plan_detail", args=[plan.pk]))
        for _ in range(4):
            member = EmployeeFactory(supervisor=boss, unit=boss.unit)
            services.plan_submit(plan=a_plan(member, items=3), by=member.user)
        services.plan_submit(plan=plan, by=people["staff"].user)
        with CaptureQueriesContext(connection) as big_team:
            body = client.get(reverse("learning:plan_team")).content.decode()
        assert len(big_team) == len(small_team)
        assert body.count("/belajar/rencana/") >= 6
        a_plan(people["colleague"], items=5)
        with CaptureQueriesContext(connection) as detail_big:
            client.get(reverse("learning:plan_detail", args=[plan.pk]))
        assert len(detail_big) == len(detail_small)


def test_every_plan_string_is_translated_and_compiled():
    from pathlib import Path

    po = Path(__file__).resolve().parents[2] / "learning/plans/locale/id/LC_MESSAGES/django.po"
    text = po.read_text()
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]
    assert not [e for e in entries if e.rstrip().endswith(('msgstr ""', 'msgstr[0] ""'))]
    assert po.with_suffix(".mo").stat().st_mtime >= po.stat().st_mtime - 5


def test_reminders_are_scheduled_daily_by_beat(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["plan-reminders"]
    assert entry["task"] == "learning.plans.tasks.plan_reminders_send_task"
    app.loader.import_default_modules()  # what a worker does: autodiscovery
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {7}


def test_add_button_include_posts_the_one_click_form(rf):
    from django.template.loader import render_to_string

    request = rf.get("/rekomendasi/?x=1")
    html = render_to_string("learning/plans/_add_button.html",
                            {"workshop_id": 12, "competency_id": 3}, request=request)
    assert reverse("learning:plan_item_add_workshop") in html
    assert 'name="workshop" value="12"' in html and 'name="competency" value="3"' in html
    assert 'name="next" value="/rekomendasi/?x=1"' in html
