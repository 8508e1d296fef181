"""Issue 17 for development plans: a page about someone shows that person's plan,
what waits for the employee comes first (home, /belajar/rencana/, the emails), a
PPPK's plan counts in her contract year as her JP page does, and the plan editor
(edit, no duplicate workshop, only a competency the workshop develops, JP from the
catalog, the one-click add that really adds)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning.completion.selectors.jp import jp_ledger_for
from learning.completion.services import jp_ledger_credit
from learning.models import JpLedgerEntry, JpLedgerSource
from learning.plans import selectors, services
from learning.plans.models import Plan, PlanItem, PlanItemKind, PlanStatus
from learning.plans.notifications import plan_deadline, plan_reminders_send
from people.models import EmploymentType, Rank
from tests.factories import EmployeeFactory
from tests.learning import test_plans
from tests.learning.completion_world import make_session, make_workshop
from tests.learning.enrollment_factories import run_on_commit_now
from tests.learning.test_plans import a_plan, competency, developing, login

pytestmark = pytest.mark.django_db

people = test_plans.people  # the fixture: a supervisor, two staff, a stranger, HR

TODAY = timezone.localdate()
YEAR = TODAY.year


def approved(plan: Plan, approver) -> Plan:
    services.plan_submit(plan=plan, by=plan.employee.user)
    return services.plan_decide(plan=plan, by=approver, approve=True)


def plan_for_next_year(employee, *, title: str = "Belajar mandiri tahun depan") -> Plan:
    plan = services.plan_get_or_create(employee=employee, year=YEAR + 1)
    services.plan_item_add(plan=plan, by=employee.user, kind=PlanItemKind.SELF_STUDY,
                           competency=competency(), quarter=1, planned_jp=Decimal(4),
                           title=title)
    return plan


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestAnotherPersonsJpPage:
    """/belajar/jp/pegawai/<id>/ shows the viewed employee's plan, never the viewer's."""

    @pytest.mark.parametrize("viewer", ["boss", "hr"])
    def test_shows_her_plan_and_links_to_it(self, client, people, viewer):
        staff, boss = people["staff"], people["boss"]
        plan = approved(a_plan(staff, jp=Decimal(6)), boss.user)
        # The viewer's own plan must not appear.
        services.plan_item_add(plan=services.plan_get_or_create(employee=boss, year=YEAR),
                               by=boss.user, kind=PlanItemKind.SELF_STUDY,
                               competency=competency(), quarter=2, planned_jp=Decimal(3),
                               title="Rencana milik atasan")
        login(client, people[viewer])
        body = client.get(reverse("learning:employee_jp", args=[staff.pk])).content.decode()
        section = body[body.index('data-testid="jp-plan"'):]
        section = section[:section.index("</section>")]
        assert "Dewi Staf" in section and "Disetujui" in section
        assert "Belajar mandiri 0" in section and "0 dari 6 JP rencana tercapai" in section
        assert "Rencana milik atasan" not in section
        assert "Belum ada rencana" not in section
        assert "rencana pengembangan saya" not in section.lower()
        assert reverse("learning:plan_detail", args=[plan.pk]) in section

    def test_without_a_plan_it_says_so_in_the_third_person(self, client, people):
        staff = people["staff"]
        jp_ledger_credit(employee=staff, source=JpLedgerSource.MENTORING, source_ref=1,
                         jp=Decimal(20), occurred_on=TODAY, description="Mentoring")
        login(client, people["boss"])
        body = client.get(reverse("learning:employee_jp", args=[staff.pk])).content.decode()
        assert "Dewi Staf belum memiliki rencana pengembangan untuk tahun ini." in body
        assert "Dewi Staf telah mencapai target tahunan." in body
        assert "Bagus sekali" not in body  # spoken to the employee, not her supervisor
        assert reverse("learning:plan_mine") not in body.split('data-testid="jp-plan"')[1]

    def test_next_years_plan_on_her_jp_page_with_the_year_picked(self, client, people):
        staff = people["staff"]
        plan_for_next_year(staff, title="Rencana tahun depan")
        login(client, people["boss"])
        body = client.get(reverse("learning:employee_jp", args=[staff.pk]),
                          {"tahun": YEAR + 1}).content.decode()
        assert f'<option value="{YEAR + 1}" selected>' in body
        assert "Rencana tahun depan" in body


    def test_queries_do_not_grow_with_her_plan(self, client, people):
        staff = people["staff"]
        a_plan(staff, items=1)
        login(client, people["boss"])
        url = reverse("learning:employee_jp", args=[staff.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        a_plan(staff, items=6)
        with CaptureQueriesContext(connection) as seven:
            body = client.get(url).content.decode()
        assert len(seven) == len(one) and body.count('data-testid="plan-item"') == 7


class TestWhatWaitsComesFirst:
    def test_the_selector_order(self, people):
        staff, boss = people["staff"], people["boss"]
        june = dt.date(YEAR, 6, 1)
        # No plan and this year's deadline passed: next year's is the one to make.
        assert selectors.plan_needing_attention(employee=staff, today=june) == (
            YEAR + 1, None)
        assert selectors.plan_needing_attention(
            employee=staff, today=dt.date(YEAR, 1, 5)) == (YEAR, None)
        this_year = approved(a_plan(staff), boss.user)
        assert selectors.plan_needing_attention(employee=staff, today=june) == (
            YEAR, this_year)
        draft = plan_for_next_year(staff)
        assert selectors.plan_needing_attention(employee=staff, today=june) == (
            YEAR + 1, draft)  # a draft waits for her; the approved plan does not
        services.plan_submit(plan=draft, by=staff.user)
        assert selectors.plan_needing_attention(employee=staff, today=june)[0] == YEAR
        services.plan_decide(plan=draft, by=boss.user, approve=False, comment="Kurang")
        assert selectors.plan_needing_attention(employee=staff, today=june)[0] == YEAR + 1

    def test_a_returned_plan_is_on_home_the_plan_page_and_in_the_email(
            self, client, people, monkeypatch):
        run_on_commit_now(monkeypatch)
        staff, boss = people["staff"], people["boss"]
        approved(a_plan(staff), boss.user)  # last year's story: approved, nothing to do
        plan = plan_for_next_year(staff)
        services.plan_submit(plan=plan, by=staff.user)
        services.plan_decide(plan=plan, by=boss.user, approve=False,
                             comment="Tambahkan pelatihan teknis.")
        email = mail.outbox[-1]
        assert email.to == [staff.email]
        assert f"/belajar/rencana/?tahun={YEAR + 1}" in email.body

        login(client, staff)
        home = client.get("/").content.decode()
        # The panel comes first on the page, before the JP panel registered before it.
        assert 0 < home.index('data-testid="panel-plan"') < home.index('data-testid="panel-jp"')
        panel = home[home.index('data-testid="panel-plan"'):]
        panel = panel[:panel.index("</section>")]
        assert f"Rencana pengembangan saya {YEAR + 1}" in panel
        assert "Dikembalikan untuk diperbaiki" in panel
        assert "Tambahkan pelatihan teknis." in panel
        assert f"?tahun={YEAR + 1}" in panel

        page = client.get(reverse("learning:plan_mine"))
        assert page.context["year"] == YEAR + 1 and page.context["plan"] == plan
        body = page.content.decode()
        assert 'data-testid="plan-returned-note"' in body
        assert 'data-testid="plan-item-form"' in body  # she can change it

    def test_the_deadline_reminder_links_to_the_deadlines_year(self, people, settings):
        settings.BANGKOM_PLAN_REMINDER_DAYS = [7]
        deadline = plan_deadline(year=YEAR + 1)
        plan_reminders_send(today=deadline - dt.timedelta(days=7))
        to_staff = [m for m in mail.outbox if m.to == [people["staff"].email]]
        assert to_staff and f"/belajar/rencana/?tahun={YEAR + 1}" in to_staff[0].body

    def test_plan_it_on_a_locked_plan_explains_and_links_to_an_open_one(self, client, people):
        staff = people["staff"]
        plan = a_plan(staff)
        services.plan_submit(plan=plan, by=staff.user)
        comp = competency()
        login(client, staff)
        body = client.get(reverse("learning:plan_mine"),
                          {"kompetensi": comp.pk}).content.decode()
        assert 'data-testid="plan-locked"' in body
        assert "menunggu keputusan atasan" in body
        assert f"?tahun={YEAR + 1}&amp;kompetensi={comp.pk}#tambah" in body
        # Following the link: next year's plan, with the add form and the competency.
        page = client.get(reverse("learning:plan_mine"),
                          {"tahun": YEAR + 1, "kompetensi": comp.pk})
        assert 'data-testid="plan-item-form"' in page.content.decode()
        assert page.context["form"].initial["competency"] == comp.pk


def pppk(**fields):
    rank = Rank.objects.filter(employment_type="PPPK").first()
    return EmployeeFactory(employment_type=EmploymentType.PPPK, rank=rank, **fields)


@pytest.mark.skipif((TODAY.month, TODAY.day) == (1, 1) or TODAY.day > 28,
                    reason="needs a contract year starting today, after 1 January")
class TestPppkPlanCountsTheContractYear:
    def test_plan_page_report_and_jp_page_agree(self, people):
        # Her contract year starts today: 1 January is in this calendar year but in
        # her previous contract year, so neither her JP page nor her plan counts it.
        worker = pppk(contract_start=dt.date(YEAR - 3, TODAY.month, min(TODAY.day, 28)),
                      supervisor=people["boss"], unit=people["boss"].unit)
        plan = services.plan_get_or_create(employee=worker, year=YEAR)
        services.plan_item_add(plan=plan, by=worker.user, kind=PlanItemKind.MENTORING,
                               competency=competency(), quarter=1, planned_jp=Decimal(10))
        approved(plan, people["boss"].user)
        jp_ledger_credit(employee=worker, source=JpLedgerSource.MENTORING, source_ref=1,
                         jp=Decimal(5), occurred_on=dt.date(YEAR, 1, 1), description="Lama")
        jp_ledger_credit(employee=worker, source=JpLedgerSource.MENTORING, source_ref=2,
                         jp=Decimal(3), occurred_on=TODAY, description="Baru")
        on_jp_page = sum(e.jp for e in jp_ledger_for(employee=worker, year=YEAR))
        assert on_jp_page == 3
        assert selectors.plan_progress_for(plan=plan).achieved_jp == on_jp_page
        _rollup, rows = selectors.plan_unit_report(year=YEAR, within_id=worker.unit_id)
        assert sum(r.achieved_jp for r in rows) == on_jp_page

    def test_a_pns_plan_still_counts_the_calendar_year(self, people):
        staff = people["staff"]
        plan = services.plan_get_or_create(employee=staff, year=YEAR)
        services.plan_item_add(plan=plan, by=staff.user, kind=PlanItemKind.MENTORING,
                               competency=competency(), quarter=1, planned_jp=Decimal(10))
        jp_ledger_credit(employee=staff, source=JpLedgerSource.MENTORING, source_ref=1,
                         jp=Decimal(5), occurred_on=dt.date(YEAR, 1, 1), description="Lama")
        assert selectors.plan_progress_for(plan=plan).achieved_jp == 5


class TestPlanEditor:
    def form_data(self, **fields):
        data = {"tahun": YEAR, "kind": PlanItemKind.WORKSHOP, "quarter": 2,
                "planned_jp": "", "title": "", "learning_form": "", "workshop": ""}
        data.update(fields)
        return data

    def test_edit_an_item_through_the_view(self, client, people):
        staff, boss = people["staff"], people["boss"]
        plan = approved(a_plan(staff, jp=Decimal(8)), boss.user)
        item = plan.items.get()
        login(client, staff)
        page = client.get(reverse("learning:plan_item_edit", args=[item.pk]))
        assert page.status_code == 200 and "Belajar mandiri 0" in page.content.decode()
        response = client.post(reverse("learning:plan_item_edit", args=[item.pk]), {
            "kind": PlanItemKind.SELF_STUDY, "competency": item.competency_id,
            "title": "Belajar mandiri menulis laporan", "quarter": 3, "planned_jp": "6"})
        assert response.status_code == 302
        item.refresh_from_db()
        plan.refresh_from_db()
        assert (item.quarter, item.planned_jp, item.title) == (
            3, Decimal(6), "Belajar mandiri menulis laporan")
        # A change after approval is a new revision needing approval again.
        assert (plan.status, plan.revision) == (PlanStatus.DRAFT, 2)
        assert reverse("learning:plan_item_edit", args=[item.pk]) in client.get(
            reverse("learning:plan_mine"), {"tahun": YEAR}).content.decode()

    def test_edit_is_refused_while_the_plan_waits(self, client, people):
        staff = people["staff"]
        plan = a_plan(staff)
        services.plan_submit(plan=plan, by=staff.user)
        item = plan.items.get()
        login(client, staff)
        client.post(reverse("learning:plan_item_edit", args=[item.pk]), {
            "kind": PlanItemKind.SELF_STUDY, "competency": item.competency_id,
            "title": "Diubah", "quarter": 4, "planned_jp": "2"})
        item.refresh_from_db()
        assert item.title == "Belajar mandiri 0" and item.quarter == 1

    def test_the_same_workshop_twice_is_refused(self, client, people):
        staff = people["staff"]
        first, second = competency("M.03"), competency("M.04")
        workshop = developing(make_workshop(jp=12), first, second)
        login(client, staff)
        url = reverse("learning:plan_mine")
        client.post(url, self.form_data(workshop=workshop.pk, competency=first.pk))
        response = client.post(url, self.form_data(workshop=workshop.pk, competency=second.pk))
        assert "sudah ada di rencana ini" in response.content.decode()
        plan = Plan.objects.get(employee=staff, year=YEAR)
        assert plan.items.count() == 1
        assert selectors.plan_progress_for(plan=plan).planned_jp == 12
        with pytest.raises(IntegrityError), transaction.atomic():
            PlanItem.objects.create(plan=plan, kind=PlanItemKind.WORKSHOP, workshop=workshop,
                                    competency=second, quarter=3, planned_jp=Decimal(12))

    def test_a_competency_the_workshop_does_not_develop_is_refused(self, client, people):
        staff = people["staff"]
        workshop = developing(make_workshop(jp=12, title="Lokakarya Naskah Dinas"),
                              competency("M.03"))
        login(client, staff)
        response = client.post(reverse("learning:plan_mine"), self.form_data(
            workshop=workshop.pk, competency=competency("M.04").pk))
        body = response.content.decode()
        assert "Lokakarya Naskah Dinas tidak mengembangkan M.04" in body
        assert "Kompetensi yang dikembangkannya: M.03" in body
        assert not PlanItem.objects.filter(plan__employee=staff).exists()

    def test_a_workshops_jp_come_from_the_catalog(self, client, people):
        staff = people["staff"]
        comp = competency()
        workshop = developing(make_workshop(jp=12), comp)
        other = developing(make_workshop(jp=5), comp)
        login(client, staff)
        client.post(reverse("learning:plan_mine"),
                    self.form_data(workshop=workshop.pk, competency=comp.pk))
        client.post(reverse("learning:plan_mine"),
                    self.form_data(workshop=other.pk, competency=comp.pk, planned_jp="30"))
        items = PlanItem.objects.filter(plan__employee=staff).order_by("pk")
        assert [i.planned_jp for i in items] == [Decimal(12), Decimal(5)]
        # The list of workshops says the JP each one will bring.
        page = client.get(reverse("learning:plan_mine"), {"tahun": YEAR}).content.decode()
        assert f"{workshop.title} (12 JP)" in page

    def test_one_click_from_a_recommendation_adds_and_the_home_page_shows_it(
            self, client, people):
        staff, boss = people["staff"], people["boss"]
        approved(a_plan(staff), boss.user)  # this year's plan, approved
        comp = competency()
        workshop = developing(make_workshop(jp=9, title="Lokakarya Januari"), comp)
        make_session(workshop=workshop, first_day=dt.date(YEAR + 1, 1, 20))
        login(client, staff)
        url = reverse("learning:plan_item_add_workshop")
        response = client.post(url, {"workshop": workshop.pk, "competency": comp.pk,
                                     "next": "/"}, follow=True)
        item = PlanItem.objects.get(plan__employee=staff, workshop=workshop)
        assert item.plan.year == YEAR + 1 and item.planned_jp == 9
        body = response.content.decode()
        assert (f"Lokakarya Januari ditambahkan ke rencana Anda untuk {YEAR + 1}, "
                f"pada Triwulan 1 {YEAR + 1}.") in body
        panel = body[body.index('data-testid="panel-plan"'):]
        assert f"Rencana pengembangan saya {YEAR + 1}" in panel[:panel.index("</section>")]
        assert "0 dari 9 JP rencana tercapai" in panel
        again = client.post(url, {"workshop": workshop.pk, "competency": comp.pk, "next": "/"})
        assert any("sudah ada di rencana Anda" in m for m in flash(again))
        assert PlanItem.objects.filter(plan__employee=staff, workshop=workshop).count() == 1
        assert not JpLedgerEntry.objects.exists()
