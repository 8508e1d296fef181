"""Where people see recommendations: the home panel, the competency profile, the
catalog filter, the supervisor's team, HR's catalog-gap report, the command and the
demo; who may use each (other people's suggestions are 404, roles 403)."""
from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import Enrollment, JpLedgerEntry, JpPolicy
from learning.recommendations.models import (
    Recommendation,
    RecommendationAssignment,
    RecommendationDismissal,
)
from learning.recommendations.providers import GapOffer, _providers, register_gap_offer_provider
from learning.recommendations.services import recommendations_recompute_for_employees
from people.models import EmploymentType, Rank
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.reco_world import competency, gap, workshop

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (site root, translations)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def employee_with_suggestions(n: int, **fields):
    emp = EmployeeFactory(**fields)
    pages = []
    for i in range(n):
        c = competency()
        gap(emp, c, required=4, assessed="1.0" if i == 0 else "3.0")
        pages.append(workshop((c, 4), starts_in_days=5 + i)[0])
    recommendations_recompute_for_employees(employee_ids=[emp.pk])
    return emp, pages


class HomePanelTests:
    def test_top_three_with_reasons(self, client):
        JpPolicy.objects.all().delete()
        emp, pages = employee_with_suggestions(4)
        client.force_login(emp.user)
        html = client.get("/").content.decode()
        assert 'data-testid="panel-recommendations"' in html
        assert "Rekomendasi untuk Anda" in html
        assert html.count('data-testid="recommendation"') == 3
        first = html.index('data-testid="recommendation"')
        assert html.index(pages[0].title, first) < html.index(pages[1].title, first)
        assert "tingkat yang dipersyaratkan 4" in html  # the reason, in Indonesian
        assert 'data-testid="recommendation-enroll"' in html

    def test_constant_queries(self, client):
        emp, _pages = employee_with_suggestions(1)
        client.force_login(emp.user)
        small = count_queries(client, "/")
        more = []
        for _ in range(5):
            c = competency()
            gap(emp, c, required=4, assessed="2.0", behaviour=True)
            more.append(workshop((c, 4))[0])
        recommendations_recompute_for_employees(employee_ids=[emp.pk])
        assert Recommendation.objects.filter(employee=emp).count() == 6
        assert count_queries(client, "/") == small

    def test_upcoming_panel_leaves_out_sessions_i_am_in(self, client):
        emp = EmployeeFactory()
        page, session = workshop((competency(), 3))
        other, _ = workshop((competency(), 3), starts_in_days=12)
        Enrollment.objects.create(session=session, employee=emp, status="ENROLLED")
        client.force_login(emp.user)
        html = client.get("/").content.decode()
        upcoming = html[html.index('data-testid="panel-upcoming-sessions"'):]
        upcoming = upcoming[:upcoming.index("</section>")]
        assert other.title in upcoming and page.title not in upcoming


class EnrollAndDismissTests:
    def test_enroll_from_a_suggestion(self, client):
        emp, pages = employee_with_suggestions(1)
        rec = Recommendation.objects.get(employee=emp)
        client.force_login(emp.user)
        response = client.post(reverse("learning:recommendation_enroll", args=[rec.pk]),
                               {"next": "/"}, follow=True)
        assert Enrollment.objects.filter(employee=emp, session=rec.session,
                                         status="ENROLLED").exists()
        assert "Anda terdaftar" in response.content.decode()

    def test_add_a_suggestion_to_the_plan_in_one_click(self, client):
        """Issue 10: recommended items are added to the development plan in one click,
        for the competency the workshop does most for."""
        from learning.plans.models import PlanItem

        emp, pages = employee_with_suggestions(1)
        client.force_login(emp.user)
        html = client.get("/").content.decode()
        rec = Recommendation.objects.get(employee=emp)
        competency_id = rec.reason["lines"][0]["competency"]
        assert f'data-testid="plan-add-{pages[0].pk}-{competency_id}"' in html
        for _ in range(2):  # a double click adds it once
            client.post(reverse("learning:plan_item_add_workshop"),
                        {"workshop": pages[0].pk, "competency": competency_id, "next": "/"})
        items = PlanItem.objects.filter(plan__employee=emp)
        assert [(i.workshop_id, i.competency_id) for i in items] == [(pages[0].pk, competency_id)]

    def test_someone_elses_suggestion_is_404(self, client):
        emp, _ = employee_with_suggestions(1)
        rec = Recommendation.objects.get(employee=emp)
        client.force_login(EmployeeFactory().user)
        for name in ("recommendation_enroll", "recommendation_dismiss"):
            assert client.post(reverse(f"learning:{name}", args=[rec.pk]),
                               {"reason": "NOT_RELEVANT"}).status_code == 404
        assert not Enrollment.objects.exists() and not RecommendationDismissal.objects.exists()

    def test_pppk_is_warned_before_passing_the_cap(self, client):
        JpPolicy.objects.update_or_create(employment_type="PPPK",
                                          defaults={"kind": "CAP", "jp_per_year": 24})
        emp, _ = employee_with_suggestions(
            1, employment_type=EmploymentType.PPPK,
            rank=Rank.objects.filter(employment_type="PPPK").order_by("order").first())
        JpLedgerEntry.objects.create(employee=emp, year=__import__("datetime").date.today().year,
                                     source="EXTERNAL", source_ref=9, jp=20,
                                     occurred_on=__import__("datetime").date.today(),
                                     description="x")
        rec = Recommendation.objects.get(employee=emp)
        client.force_login(emp.user)
        url = reverse("learning:recommendation_enroll", args=[rec.pk])
        html = client.post(url, {"next": "/"}).content.decode()
        assert 'data-testid="enroll-warning"' in html and "24" in html
        assert not Enrollment.objects.exists()
        client.post(url, {"next": "/", "confirm_cap": "1"})
        assert Enrollment.objects.filter(employee=emp).exists()

    def test_dismiss_needs_a_reason_and_hides(self, client):
        emp, pages = employee_with_suggestions(2)
        rec = Recommendation.objects.get(employee=emp, rank=1)
        client.force_login(emp.user)
        url = reverse("learning:recommendation_dismiss", args=[rec.pk])
        client.post(url, {"reason": "forged"})
        assert not RecommendationDismissal.objects.exists()
        client.post(url, {"reason": "NOT_RELEVANT"})
        assert list(Recommendation.objects.filter(employee=emp).values_list(
            "workshop_id", flat=True)) == [pages[1].pk]


class ProfileTests:
    def test_workshops_and_offers_beside_each_gap(self, client):
        emp = EmployeeFactory()
        covered, orphan = competency(), competency()
        gap(emp, covered, required=4, assessed="2.0")
        gap(emp, orphan, required=4, assessed="2.0")
        page, _ = workshop((covered, 4))

        @register_gap_offer_provider(name="test-mentoring")
        def offers(*, employee_ids, competency_ids, names=None):
            return {(e, c): [GapOffer(kind="mentoring", title="Mentor: Bu Ani", reason="uji")]
                    for e in employee_ids for c in competency_ids}

        try:
            recommendations_recompute_for_employees(employee_ids=[emp.pk])
            client.force_login(emp.user)
            html = client.get(reverse("competencies:my_profile")).content.decode()
        finally:
            _providers.pop("test-mentoring", None)
        row = html[html.index(f'data-code="{covered.code}"'):]
        row = row[:row.index("</tr>")]
        assert page.title in row and 'data-kind="workshop"' in row
        row = html[html.index(f'data-code="{orphan.code}"'):]
        row = row[:row.index("</tr>")]
        assert 'data-kind="none"' in row and "Mentor: Bu Ani" in row

    def test_constant_queries(self, client):
        emp, _ = employee_with_suggestions(1)
        # One uncovered gap from the start: the gap-offer providers (mentoring) are only
        # asked when some gap has no workshop, so both sizes below ask them.
        gap(emp, competency(), required=3, assessed="1.0")
        recommendations_recompute_for_employees(employee_ids=[emp.pk])
        client.force_login(emp.user)
        url = reverse("competencies:my_profile")
        small = count_queries(client, url)
        for _ in range(4):
            c = competency()
            gap(emp, c, required=4, assessed="2.0")
            workshop((c, 4))
            gap(emp, competency(), required=3, assessed="1.0")  # uncovered
        recommendations_recompute_for_employees(employee_ids=[emp.pk])
        assert count_queries(client, url) == small


class CatalogFilterTests:
    def test_matching_my_gaps_by_score(self, client):
        emp, pages = employee_with_suggestions(3)
        unrelated, _ = workshop((competency(), 4))
        client.force_login(emp.user)
        html = client.get("/pelatihan/?gap=on").content.decode()
        assert unrelated.title not in html
        positions = [html.index(p.title) for p in pages]
        assert positions == sorted(positions)  # pages[0] has the largest gap


class TeamTests:
    def test_supervisor_sees_and_assigns(self, client, django_capture_on_commit_callbacks):
        boss = EmployeeFactory(name="Pak Budi")
        emp, pages = employee_with_suggestions(1, supervisor=boss)
        client.force_login(boss.user)
        html = client.get(reverse("learning:recommendation_team")).content.decode()
        assert pages[0].title in html and 'data-testid="assign"' in html
        rec = Recommendation.objects.get(employee=emp)
        url = reverse("learning:recommendation_assign", args=[rec.pk])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"note": "Penting"})
            client.post(url)  # a double click
        assert RecommendationAssignment.objects.filter(employee=emp, assigned_by=boss).count() == 1
        assert len(mail.outbox) == 1 and emp.email in mail.outbox[0].to
        assert "Pak Budi" in mail.outbox[0].body
        assert 'data-testid="team-recommendations-link"' in client.get("/").content.decode()
        # Assigned further down the list: still shown on the employee's home page.
        Recommendation.objects.filter(pk=rec.pk).update(rank=7)
        client.force_login(emp.user)
        assert "Ditugaskan oleh Pak Budi" in client.get("/").content.decode()

    def test_not_a_supervisor_or_not_my_team(self, client):
        emp, _ = employee_with_suggestions(1)
        rec = Recommendation.objects.get(employee=emp)
        outsider = EmployeeFactory()
        client.force_login(outsider.user)
        assert client.get(reverse("learning:recommendation_team")).status_code == 403
        other_boss = EmployeeFactory()
        EmployeeFactory(supervisor=other_boss)
        client.force_login(other_boss.user)
        assert client.post(reverse("learning:recommendation_assign",
                                   args=[rec.pk])).status_code == 404


class CatalogGapReportTests:
    def test_hr_only_exports_and_draft(self, client):
        emp = EmployeeFactory(unit__name="=HYPERLINK(\"x\")")
        c = competency()
        gap(emp, c, required=4, assessed="2.0")
        recommendations_recompute_for_employees(employee_ids=[emp.pk])
        url = reverse("learning:recommendation_catalog_gaps")
        client.force_login(emp.user)
        assert client.get(url).status_code == 403
        client.force_login(make_hr_user())
        html = client.get(url).content.decode()
        assert 'data-testid="catalog-gap-row"' in html and c.code in html
        csv_text = client.get(reverse("learning:recommendation_catalog_gaps_export",
                                      args=["csv"])).content.decode()
        assert "'=HYPERLINK" in csv_text and c.code in csv_text
        xlsx = client.get(reverse("learning:recommendation_catalog_gaps_export", args=["xlsx"]))
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet.cell(row=2, column=1).value.startswith("'=")
        response = client.post(reverse("learning:recommendation_draft_workshop"),
                               {"competency": c.pk, "level": 4})
        from learning.models import WorkshopPage

        draft = WorkshopPage.objects.get(competencies__competency=c)
        assert not draft.live and draft.competencies.get().target_level == 4
        assert response.status_code == 302 and f"/cms/pages/{draft.pk}/edit/" in response.url

    def test_recompute_job_hr_only(self, client):
        EmployeeFactory()
        client.force_login(EmployeeFactory().user)
        assert client.post(reverse("learning:recommendation_recompute_start")).status_code == 403
        client.force_login(make_hr_user())
        client.post(reverse("learning:recommendation_recompute_start"))
        from learning.recommendations.models import RecommendationJob

        job = RecommendationJob.objects.get()
        status = client.get(reverse("learning:recommendation_recompute_status", args=[job.pk]))
        assert status.json()["total"] == job.total


class CommandAndDemoTests:
    def test_recommend_prints_the_ranked_list(self):
        emp, pages = employee_with_suggestions(2)
        out = io.StringIO()
        call_command("recommend", emp.nip, stdout=out)
        text = out.getvalue()
        assert text.index(pages[0].title) < text.index(pages[1].title)
        assert "1. " in text and "Skor" in text

    def test_demo_is_idempotent(self):
        from learning.recommendations.demo import seed_demo

        emp, _ = employee_with_suggestions(2)
        seed_demo(stdout=io.StringIO())
        first = list(Recommendation.objects.values_list("employee_id", "workshop_id", "rank"))
        seed_demo(stdout=io.StringIO())
        assert list(Recommendation.objects.values_list(
            "employee_id", "workshop_id", "rank")) == first and first
