"""HR reports and exports, the JP home panel, and constant query counts."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from config.exports import cell_safe
from learning.completion.panels import jp_panel
from learning.completion.selectors.reports import unit_jp_report_rows
from learning.completion.services import attendance_save, jp_ledger_credit, session_days
from learning.models.completion import JpLedgerSource, JpPolicy
from people.models import EmploymentType, Rank
from tests.factories import PASSWORD, EmployeeFactory, UnitFactory, make_hr_user
from tests.learning.completion_world import enroll, make_session, make_workshop

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def credit(employee, jp, ref):
    jp_ledger_credit(employee=employee, source=JpLedgerSource.MENTORING, source_ref=ref,
                     jp=Decimal(jp), occurred_on=dt.date(YEAR, 2, 1), description="Uji")


def pppk(**kwargs):
    rank = Rank.objects.filter(employment_type="PPPK").first()
    return EmployeeFactory(employment_type=EmploymentType.PPPK, rank=rank, **kwargs)


class TestAccess:
    @pytest.mark.parametrize("name", ["learning:report_sessions", "learning:report_units",
                                      "learning:external_verification"])
    def test_hr_pages_refuse_employees(self, client, name):
        login(client, EmployeeFactory().user)
        assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse(name) + "?format=csv").status_code == 403

    def test_hr_links_are_registered(self, client):
        login(client, make_hr_user())
        html = client.get(reverse("home:hr_dashboard")).content.decode()
        assert reverse("learning:report_sessions") in html
        assert reverse("learning:external_verification") in html


    def test_hr_edits_jp_targets_in_the_cms(self, client):
        login(client, make_hr_user())
        policy = JpPolicy.objects.get(employment_type="PPPK")
        response = client.get(f"/cms/snippets/learning/jppolicy/edit/{policy.pk}/")
        assert response.status_code == 200


class TestUnitReport:
    def test_share_at_or_above_minimum_and_pppk_against_cap(self):
        unit = UnitFactory(name="Dinas Kominfo Uji")
        a, b, c = (EmployeeFactory(unit=unit) for _ in range(3))
        credit(a, 20, 1)
        credit(b, "19.9", 2)
        p1, p2 = pppk(unit=unit), pppk(unit=unit)
        credit(p1, 24, 3)
        credit(p2, 10, 4)
        rows = {r["employment_type"]: r for r in unit_jp_report_rows(year=YEAR)
                if r["unit_id"] == unit.pk}
        assert rows["PNS"]["n"] == 3 and rows["PNS"]["n_reached"] == 1
        assert rows["PNS"]["share_percent"] == Decimal("33.3")
        assert rows["PPPK"]["n"] == 2 and rows["PPPK"]["n_reached"] == 1
        assert rows["PPPK"]["kind"] == "CAP" and rows["PPPK"]["target"] == Decimal(24)
        assert rows["PNS"]["avg_jp"] == Decimal("13.3")
        del c

    def test_policy_is_data(self):
        unit = UnitFactory(name="Dinas Kebijakan Uji")
        credit(EmployeeFactory(unit=unit), 15, 1)
        JpPolicy.objects.filter(employment_type="PNS").update(jp_per_year=15)
        row = next(r for r in unit_jp_report_rows(year=YEAR) if r["unit_id"] == unit.pk)
        assert row["n_reached"] == 1


class TestExports:
    def test_session_csv_and_xlsx_parse_back_with_formulas_neutralized(self, client):
        workshop = make_workshop(title="=HYPERLINK(\"http://x\")")
        session = make_session(workshop=workshop, capacity=4)
        enrollment = enroll(EmployeeFactory(), session)
        days = set(session_days(session=session))
        attendance_save(session=session, present={enrollment.pk: days},
                        marked_by=make_hr_user("hr.lain"))
        login(client, make_hr_user())
        url = reverse("learning:report_sessions") + f"?tahun={session.starts_at.year}"
        response = client.get(url + "&format=csv")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][0] == "Pelatihan"
        data = next(r for r in rows[1:] if "HYPERLINK" in r[0])
        assert data[0].startswith("'=")
        assert data[5] == "1" and data[6] == "25,0" and data[7] == "1"
        response = client.get(url + "&format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.iter_rows(values_only=True))
        data = next(r for r in values[1:] if "HYPERLINK" in r[0])
        assert data[0].startswith("'=")
        assert data[5] == 1 and data[6] == 25.0

    def test_unit_export_parses_back(self, client):
        unit = UnitFactory(name="@Unit Berbahaya")
        credit(EmployeeFactory(unit=unit), 21, 1)
        login(client, make_hr_user())
        response = client.get(reverse("learning:report_units") + f"?tahun={YEAR}&format=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.iter_rows(values_only=True))
        row = next(r for r in values if r[0] == "'@Unit Berbahaya")
        assert row[1] == str(EmploymentType.PNS.label)
        assert row[2] == 1 and row[4] == 1 and row[5] == 100.0

    def test_cell_safe(self):
        assert cell_safe("-1+2") == "'-1+2"
        assert cell_safe("+62") == "'+62"
        assert cell_safe("Dinas") == "Dinas"
        assert cell_safe(-5) == -5


class TestHomePanel:
    def test_pns_sees_progress_towards_minimum(self, client):
        employee = EmployeeFactory()
        credit(employee, 12, 1)
        login(client, employee.user)
        html = client.get("/").content.decode()
        assert 'data-testid="panel-jp"' in html
        assert "minimal 20 JP per tahun" in html
        assert "Kurang 8 JP lagi" in html

    def test_pppk_sees_the_cap(self, client):
        employee = pppk()
        credit(employee, 24, 1)
        login(client, employee.user)
        html = client.get("/").content.decode()
        assert "maksimal 24 JP per tahun kontrak" in html
        assert "batas JP untuk tahun kontrak ini" in html

    def test_jp_history_page(self, client):
        employee = EmployeeFactory()
        credit(employee, 7, 1)
        login(client, employee.user)
        response = client.get(reverse("learning:jp_history"))
        assert response.status_code == 200
        assert "Riwayat JP" in response.content.decode()


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def grow(n: int, hr):
    """n more completed sessions, each with 3 participants, evaluated and credited."""
    from learning.completion.services import evaluation_submit

    for _ in range(n):
        session = make_session(days=2)
        enrollments = [enroll(EmployeeFactory(), session) for _ in range(3)]
        days = set(session_days(session=session))
        attendance_save(session=session, present={e.pk: days for e in enrollments}, marked_by=hr)
        evaluation_submit(enrollment=enrollments[0], user=enrollments[0].employee.user,
                          material=4, facilitator=5, organization=3)
        pppk()
    return session


class TestConstantQueries:
    def test_pages_run_the_same_queries_at_two_sizes(self, client):
        hr = make_hr_user()
        session = grow(1, hr)
        employee = session.enrollments.first().employee
        hr_client, emp_client = client, client.__class__()
        login(hr_client, hr)
        login(emp_client, employee.user)
        year = session.starts_at.year
        pages = {
            "sessions": lambda: hr_client.get(
                reverse("learning:report_sessions") + f"?tahun={year}"),
            "sessions_xlsx": lambda: hr_client.get(
                reverse("learning:report_sessions") + f"?tahun={year}&format=xlsx"),
            "units": lambda: hr_client.get(reverse("learning:report_units") + f"?tahun={year}"),
            "roster": lambda: hr_client.get(
                reverse("learning:attendance_roster", args=[session.pk])),
            "queue": lambda: hr_client.get(reverse("learning:external_verification")),
            "jp_history": lambda: emp_client.get(reverse("learning:jp_history") + f"?tahun={year}"),
        }
        request = RequestFactory().get("/")
        request.user = employee.user.__class__.objects.get(pk=employee.user.pk)
        for page in pages.values():  # warm per-process caches (site, content types)
            page()
        small = {name: count_queries(page) for name, page in pages.items()}
        small["panel"] = count_queries(lambda: jp_panel(request))
        # Bigger: more sessions, participants, credits and evaluations; and a bigger
        # roster and history for the same session and employee.
        grow(4, hr)
        for _ in range(6):
            extra = enroll(EmployeeFactory(), session)
            attendance_save(session=session, present={
                e.pk: set(session_days(session=session)) for e in session.enrollments.all()
            }, marked_by=hr)
            del extra
        for ref in range(10):
            credit(employee, 1, 1000 + ref)
        request.user = employee.user.__class__.objects.get(pk=employee.user.pk)
        big = {name: count_queries(page) for name, page in pages.items()}
        big["panel"] = count_queries(lambda: jp_panel(request))
        assert big == small
        assert small["panel"] <= 5  # the employee, policy, total, recent, evaluations


class TestUnitReportRollup:
    def test_rolls_up_to_the_opd_and_drills_down(self, client):
        """Issue 13: the JP-per-unit report rolls up the unit tree like the heatmap."""
        opd = UnitFactory(name="Dinas Kesehatan")
        bidang = UnitFactory(name="Bidang Pelayanan", parent=opd)
        seksi = UnitFactory(name="Seksi Rujukan", parent=bidang)
        credit(EmployeeFactory(unit=opd), 20, 101)
        credit(EmployeeFactory(unit=bidang), 10, 102)
        credit(EmployeeFactory(unit=seksi), 30, 103)
        login(client, make_hr_user())
        url = reverse("learning:report_units")
        html = client.get(url, {"tahun": YEAR}).content.decode()
        rows = html.split('data-testid="unit-report-row"')[1:]
        top = next(r for r in rows if "Dinas Kesehatan" in r)
        assert "Bidang Pelayanan" not in html  # folded into its OPD
        assert "<td>3</td>" in top and "<td>2</td>" in top  # 3 people, 2 reached 20 JP
        assert "20" in top  # average (20 + 10 + 30) / 3
        assert f'href="?unit={opd.pk}&amp;tahun={YEAR}"' in top
        html = client.get(url, {"tahun": YEAR, "unit": opd.pk}).content.decode()
        assert 'data-testid="unit-trail"' in html
        assert "Dinas Kesehatan (staf langsung)" in html and "Bidang Pelayanan" in html
        assert client.get(url, {"tahun": YEAR, "unit": "999999"}).status_code == 404
        csv_rows = list(csv.reader(io.StringIO(client.get(
            url, {"tahun": YEAR, "unit": opd.pk, "format": "csv"}).content.decode("utf-8-sig")),
            delimiter=";"))
        assert any(r[0] == "Bidang Pelayanan" and r[2] == "2" for r in csv_rows)
