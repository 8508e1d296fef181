"""The gap pages: what they show, constant query counts, exports, recomputation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from competencies.gaps.services import gaps_recompute_for_employees
from competencies.models import Competency, CompetencyType, GapRecomputeJob, JobStandard
from config.exports import cell_safe
from people.models import Employee
from tests.competencies.test_gaps_world import TODAY, appraise, assess, employee_in, world_build
from tests.factories import EmployeeFactory, UnitFactory, make_hr_user

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def world():
    return world_build()


def count_queries(client, url: str) -> int:
    """Queries of a request, after a warm-up one (first requests fill caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class TestProfilePage:
    def test_shows_gap_unknown_and_radar(self, client, world):
        e = employee_in(world)
        assess(e, world.m1, "2.0", "SUPERVISOR", days_ago(3))
        assess(e, world.m2, "4.0", "ASSESSMENT_CENTER", days_ago(3))
        appraise(e, "2026", below_values=[world.value])
        gaps_recompute_for_employees(employee_ids=[e.pk])
        client.force_login(e.user)
        page = client.get(reverse("competencies:my_profile")).content.decode()
        assert 'data-code="X.M1" data-required="3" data-assessed="2.00"' in page
        assert 'data-code="X.T1" data-required="2" data-assessed=""' in page  # unknown
        assert "belum dinilai" in page  # Indonesian by default
        assert "Standar bawaan" in page or "Standar" in page
        assert "Akuntabel" in page  # the behaviour explanation names the value

    def test_position_without_standard(self, client, world):
        e = EmployeeFactory(position=world.bare_position)
        gaps_recompute_for_employees(employee_ids=[e.pk])
        client.force_login(e.user)
        page = client.get(reverse("competencies:my_profile")).content.decode()
        assert 'data-testid="no-standard"' in page and 'data-testid="radar"' not in page

    def test_constant_queries(self, client, world, django_assert_num_queries):
        e = employee_in(world)
        assess(e, world.m1, "2.0", "SUPERVISOR", days_ago(3))
        appraise(e, "2026")
        gaps_recompute_for_employees(employee_ids=[e.pk])
        client.force_login(e.user)
        url = reverse("competencies:my_profile")
        small = count_queries(client, url)
        for i in range(8):  # a much bigger standard, assessed from several sources
            c = Competency.objects.create(
                code=f"X.T{i + 5}", name=f"Teknis {i}", type=CompetencyType.TECHNICAL
            )
            JobStandard.objects.create(position=world.position, competency=c, required_level=3)
            assess(e, c, "2.5", "PEER", days_ago(4))
            assess(e, c, "3.5", "SUPERVISOR", days_ago(4))
        appraise(e, "2025")
        gaps_recompute_for_employees(employee_ids=[e.pk])
        with django_assert_num_queries(small):
            assert client.get(url).status_code == 200


class TestTeamPage:
    def test_constant_queries(self, client, world, django_assert_num_queries):
        boss = employee_in(world)
        members = [employee_in(world, supervisor=boss) for _ in range(2)]
        gaps_recompute_for_employees(employee_ids=[m.pk for m in members])
        client.force_login(boss.user)
        url = reverse("competencies:team")
        small = count_queries(client, url)
        more = [employee_in(world, supervisor=boss) for _ in range(6)]
        for m in more:
            assess(m, world.m1, "1.0", "SUPERVISOR", days_ago(1))
        gaps_recompute_for_employees(employee_ids=[m.pk for m in more])
        with django_assert_num_queries(small):
            page = client.get(url).content.decode()
        assert page.count('data-testid="team-row"') == 8
        assert "X.M1 2,00" in page  # a top gap chip (gap 2, decimal comma)


class TestHeatmap:
    def build(self, world, n: int, units) -> None:
        people = [employee_in(world, unit=units[i % len(units)]) for i in range(n)]
        for i, p in enumerate(people):
            assess(p, world.m1, "2.0" if i % 2 else "3.0", "SUPERVISOR", days_ago(1))
        gaps_recompute_for_employees(employee_ids=[p.pk for p in people])

    def test_cells_and_constant_queries(self, client, world, django_assert_num_queries):
        units = [UnitFactory(name="Dinas Alfa"), UnitFactory(name="Dinas Beta")]
        self.build(world, 2, units[:1])
        client.force_login(make_hr_user())
        url = reverse("competencies:analysis")
        small = count_queries(client, url)
        self.build(world, 9, units)
        with django_assert_num_queries(small):
            page = client.get(url).content.decode()
        assert "Dinas Beta" in page
        assert "Optimal ≥ 90% · Cukup optimal 78–90% · Kurang optimal &lt; 78%" in page
        # Alfa: 2 + 5 people (levels 3.0, 2.0, then 3.0 ×5) → 1 gap of 7;
        # Beta: 4 people at 2.0 → 4 gaps of 4.
        assert 'data-with-gap="1" data-employees="7" data-unknown="0"' in page
        assert 'data-with-gap="4" data-employees="4" data-unknown="0"' in page
        # Issue 13: codes are explained on hover and in a legend below the table.
        legend = page.split('data-testid="heatmap-legend"')[1].split("</details>")[0]
        assert f"<dt>{world.m1.code}</dt><dd>{world.m1.name}</dd>" in legend
        assert f'<abbr title="{world.m1.name}">{world.m1.code}</abbr>' in page

    def tree(self, world):
        """Dinas Pendidikan (2 own staff) > Bidang SD (1) and Sekretariat > Subbag Umum
        (3); Dinas Kesehatan (1). Levels: a gap for every odd person (see build)."""
        dinas = UnitFactory(name="Dinas Pendidikan")
        bidang = UnitFactory(name="Bidang SD", parent=dinas)
        sekretariat = UnitFactory(name="Sekretariat", parent=dinas)
        subbag = UnitFactory(name="Subbag Umum", parent=sekretariat)
        kesehatan = UnitFactory(name="Dinas Kesehatan")
        for unit, levels in ((dinas, ["3.0", "2.0"]), (bidang, ["2.0"]),
                             (subbag, ["3.0", "2.0", "2.5"]), (kesehatan, ["3.0"])):
            for level in levels:
                person = employee_in(world, unit=unit)
                assess(person, world.m1, level, "SUPERVISOR", days_ago(1))
        gaps_recompute_for_employees(employee_ids=list(
            Employee.objects.filter(position=world.position).values_list("pk", flat=True)))
        return dinas, sekretariat

    def m1_cells(self, page: str) -> list[tuple[str, str]]:
        """(row label, data-with-gap/employees) of each heat row's X.M1 cell."""
        import re

        return re.findall(
            r'data-testid="heat-row"><th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>'
            r'\s*<td class="heat"[^>]*data-with-gap="(\d+)" data-employees="(\d+)"',
            page,
        )

    def test_rows_roll_the_unit_tree_up_and_drill_down(
        self, client, world, django_assert_max_num_queries
    ):
        dinas, sekretariat = self.tree(world)
        client.force_login(make_hr_user())
        url = reverse("competencies:analysis")
        top = client.get(url).content.decode()
        # Top level: each dinas counts its whole subtree (6 people, 4 gaps below 3).
        assert self.m1_cells(top) == [("Dinas Kesehatan", "0", "1"),
                                      ("Dinas Pendidikan", "4", "6")]
        assert f'href="?unit={dinas.pk}"' in top
        jpm_rows = top.count('data-testid="jpm-row"')
        assert jpm_rows == 2

        inside = client.get(url, {"unit": dinas.pk}).content.decode()
        assert self.m1_cells(inside) == [("Dinas Pendidikan (staf langsung)", "1", "2"),
                                         ("Bidang SD", "1", "1"),
                                         ("Sekretariat", "2", "3")]
        assert "Dinas Kesehatan" not in inside.split('data-testid="heatmap"')[1]
        assert f"?unit={dinas.pk}" in client.get(url, {"unit": sekretariat.pk}).content.decode()

        # A deeper tree does not cost more queries.
        small = count_queries(client, f"{url}?unit={dinas.pk}")
        deeper = UnitFactory(name="Seksi Arsip", parent=UnitFactory(
            name="Subbag Arsip", parent=sekretariat))
        person = employee_in(world, unit=deeper)
        assess(person, world.m1, "1.0", "SUPERVISOR", days_ago(1))
        gaps_recompute_for_employees(employee_ids=[person.pk])
        with django_assert_max_num_queries(small):
            again = client.get(url, {"unit": dinas.pk}).content.decode()
        assert ("Sekretariat", "3", "4") in self.m1_cells(again)

    def test_a_forged_unit_is_not_found(self, client, world):
        client.force_login(make_hr_user())
        url = reverse("competencies:analysis")
        assert client.get(url, {"unit": "999999"}).status_code == 404
        assert client.get(url, {"unit": "x"}).status_code == 404
        assert client.get("/kompetensi/analisis/ekspor.csv", {"unit": "999999"}).status_code == 404

    def test_export_follows_the_unit_hr_opened(self, client, world):
        dinas, _sekretariat = self.tree(world)
        client.force_login(make_hr_user())
        top = client.get("/kompetensi/analisis/ekspor.csv").content.decode()
        inside = client.get("/kompetensi/analisis/ekspor.csv", {"unit": dinas.pk}).content.decode()
        assert "Dinas Kesehatan" in top and "Bidang SD" not in top
        assert "Bidang SD" in inside and "Dinas Pendidikan (staf langsung)" in inside
        assert "Dinas Kesehatan" not in inside

    def test_csv_and_xlsx_neutralize_formulas(self, client, world):
        evil = UnitFactory(name='=HYPERLINK("http://x")')
        self.build(world, 2, [evil])
        client.force_login(make_hr_user())
        csv_text = client.get("/kompetensi/analisis/ekspor.csv").content.decode()
        assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text
        book = load_workbook(io.BytesIO(client.get("/kompetensi/analisis/ekspor.xlsx").content))
        values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
        assert '\'=HYPERLINK("http://x")' in values
        assert not any(isinstance(v, str) and v.startswith("=") for v in values)
        listing = b"".join(client.get("/kompetensi/analisis/daftar-pegawai.csv").streaming_content)
        assert b"'=HYPERLINK" in listing

    @pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"])
    def test_cell_safe(self, value):
        assert cell_safe(value) == "'" + value
        assert cell_safe("Dinas") == "Dinas" and cell_safe(-2) == -2


class TestRecomputeButton:
    def test_hr_starts_job_and_polls_status(
        self, client, world, django_capture_on_commit_callbacks
    ):
        e = employee_in(world)
        assess(e, world.m1, "2.0", "SUPERVISOR", days_ago(1))
        client.force_login(make_hr_user())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("competencies:recompute_start"))
        job = GapRecomputeJob.objects.get()
        assert response.status_code == 302 and f"job={job.pk}" in response["Location"]
        status = client.get(reverse("competencies:recompute_status", args=[job.pk])).json()
        assert status["status"] == "DONE" and status["done"] == status["total"] >= 1
        assert status["percent"] == 100
        page = client.get(reverse("competencies:analysis")).content.decode()
        assert 'data-job-status="DONE"' in page

    def test_double_click_starts_one_job(self, client, world):
        employee_in(world)
        client.force_login(make_hr_user())
        client.post(reverse("competencies:recompute_start"))  # callbacks never run
        client.post(reverse("competencies:recompute_start"))
        assert GapRecomputeJob.objects.count() == 1


class TestHomePanel:
    def test_panel_shows_jpm_and_top_gaps(self, client, world):
        e = employee_in(world)
        assess(e, world.m1, "1.0", "SUPERVISOR", days_ago(1))
        assess(e, world.m2, "3.0", "SUPERVISOR", days_ago(1))
        gaps_recompute_for_employees(employee_ids=[e.pk])
        client.force_login(e.user)
        page = client.get("/").content.decode()
        assert 'data-testid="panel-gaps"' in page
        assert "X.M1" in page and "X.M2" in page
