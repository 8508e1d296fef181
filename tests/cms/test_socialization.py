"""Policy socialization: audiences, visibility, acknowledgements, revisions, report,
exports, reminders, questions, scheduled publishing and the HR workflow."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.models import PositionKind
from socialization.models import Acknowledgement, PolicyQuestion, ReminderSent
from socialization.selectors import (
    policy_list_for_user,
    policy_report,
    policy_todo_for_employee,
)
from socialization.services import policy_acknowledge
from tests.cms.socialization_factories import (
    make_hr_publisher,
    make_policy,
    policy_index,
    republish,
)
from tests.factories import (
    PASSWORD,
    EmployeeFactory,
    PositionFactory,
    UnitFactory,
    make_hr_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """Dinas A with a sub-unit A1 and a sub-sub-unit A1a; Dinas B apart."""
    a = UnitFactory(name="Dinas A")
    a1 = UnitFactory(name="Bidang A1", parent=a)
    a1a = UnitFactory(name="Seksi A1a", parent=a1)
    b = UnitFactory(name="Dinas B")
    pelaksana = PositionFactory(name="Pengadministrasi", kind=PositionKind.PELAKSANA)
    fungsional = PositionFactory(name="Analis SDM", kind=PositionKind.FUNGSIONAL,
                                 level="AHLI_PERTAMA")
    return {
        "a": a, "a1": a1, "a1a": a1a, "b": b,
        "in_a1a_pelaksana": EmployeeFactory(unit=a1a, position=pelaksana, name="Siti"),
        "in_a_fungsional": EmployeeFactory(unit=a, position=fungsional, name="Andi"),
        "in_b_pelaksana": EmployeeFactory(unit=b, position=pelaksana, name="Budi"),
    }


def _login(client, employee_or_user):
    user = getattr(employee_or_user, "user", employee_or_user)
    client.force_login(user)
    return client


class TestAudience:
    def test_all_employees(self, org):
        page = make_policy()
        for key in ("in_a1a_pelaksana", "in_a_fungsional", "in_b_pelaksana"):
            assert [p.pk for p in policy_todo_for_employee(employee=org[key])] == [page.pk]

    def test_unit_includes_sub_units(self, org):
        page = make_policy(audience_all=False, units=[org["a1"]])
        assert [p.pk for p in policy_todo_for_employee(employee=org["in_a1a_pelaksana"])] == [
            page.pk]
        # The parent unit is not inside A1, and B is elsewhere.
        assert policy_todo_for_employee(employee=org["in_a_fungsional"]) == []
        assert policy_todo_for_employee(employee=org["in_b_pelaksana"]) == []

    def test_position_kinds(self, org):
        make_policy(audience_all=False, kinds=[PositionKind.FUNGSIONAL])
        assert len(policy_todo_for_employee(employee=org["in_a_fungsional"])) == 1
        assert policy_todo_for_employee(employee=org["in_a1a_pelaksana"]) == []

    def test_units_and_kinds_must_both_match(self, org):
        make_policy(audience_all=False, units=[org["a"]], kinds=[PositionKind.PELAKSANA])
        assert len(policy_todo_for_employee(employee=org["in_a1a_pelaksana"])) == 1
        assert policy_todo_for_employee(employee=org["in_a_fungsional"]) == []  # wrong kind
        assert policy_todo_for_employee(employee=org["in_b_pelaksana"]) == []  # wrong unit

    def test_nothing_chosen_reaches_nobody(self, org):
        make_policy(audience_all=False)
        assert policy_todo_for_employee(employee=org["in_b_pelaksana"]) == []

    def test_non_mandatory_is_listed_but_not_todo(self, org):
        page = make_policy(mandatory=False)
        employee = org["in_b_pelaksana"]
        assert policy_todo_for_employee(employee=employee) == []
        assert [p.pk for p in policy_list_for_user(user=employee.user)] == [page.pk]


class TestVisibility:
    def test_anonymous_is_sent_to_login(self, client, org):
        page = make_policy()
        for url in (page.url, policy_index().url):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/akun/login/")

    def test_out_of_audience_is_404_everywhere(self, client, org):
        page = make_policy(title="Rahasia Dinas A", audience_all=False, units=[org["a"]])
        _login(client, org["in_b_pelaksana"])
        assert client.get(page.url).status_code == 404
        listing = client.get(policy_index().url)
        assert listing.status_code == 200
        assert "Rahasia Dinas A" not in listing.content.decode()
        search = client.get(policy_index().url, {"q": "Rahasia"})
        assert "Rahasia Dinas A" not in search.content.decode()
        # Forged action URLs for the hidden page are 404 too, and write nothing.
        assert client.post(reverse("socialization:acknowledge", args=[page.pk])).status_code == 404
        assert client.post(reverse("socialization:question_ask", args=[page.pk]),
                           {"question": "?"}).status_code == 404
        assert not Acknowledgement.objects.exists()
        assert not PolicyQuestion.objects.exists()

    def test_in_audience_sees_page_and_finds_it(self, client, org):
        page = make_policy(title="Rahasia Dinas A", audience_all=False, units=[org["a"]])
        _login(client, org["in_a1a_pelaksana"])
        assert client.get(page.url).status_code == 200
        search = client.get(policy_index().url, {"q": "Rahasia"})
        assert "Rahasia Dinas A" in search.content.decode()

    def test_unpublished_is_404(self, client, org):
        page = make_policy(title="Draf Kebijakan", publish=False)
        _login(client, org["in_b_pelaksana"])
        assert client.get(f"/sosialisasi/{page.slug}/").status_code == 404
        assert "Draf Kebijakan" not in client.get(policy_index().url).content.decode()
        assert "Draf Kebijakan" not in client.get(
            policy_index().url, {"q": "Draf"}).content.decode()
        assert client.post(reverse("socialization:acknowledge", args=[page.pk])).status_code == 404

    def test_expired_is_404_even_before_the_expiry_job_runs(self, client, org):
        page = make_policy(title="Kebijakan Lama")
        page.expire_at = timezone.now() - dt.timedelta(minutes=1)
        page.save(update_fields=["expire_at"])
        employee = org["in_b_pelaksana"]
        _login(client, employee)
        assert client.get(page.url).status_code == 404
        assert "Kebijakan Lama" not in client.get(policy_index().url).content.decode()
        assert policy_todo_for_employee(employee=employee) == []

    def test_hr_sees_any_live_page(self, client, org):
        page = make_policy(audience_all=False, units=[org["a"]])
        _login(client, make_hr_user())
        assert client.get(page.url).status_code == 200


class TestAcknowledgement:
    def test_double_post_creates_one_row(self, client, org):
        page = make_policy()
        employee = org["in_b_pelaksana"]
        _login(client, employee)
        url = reverse("socialization:acknowledge", args=[page.pk])
        first = client.post(url)
        second = client.post(url)
        assert first.status_code == second.status_code == 302
        assert Acknowledgement.objects.filter(employee=employee, page=page).count() == 1
        assert policy_todo_for_employee(employee=employee) == []
        body = client.get(page.url).content.decode()
        assert 'data-testid="acknowledged"' in body
        assert 'data-testid="acknowledge"' not in body

    def test_get_is_not_allowed(self, client, org):
        page = make_policy()
        _login(client, org["in_b_pelaksana"])
        assert client.get(reverse("socialization:acknowledge", args=[page.pk])).status_code == 405

    def test_substantive_revision_asks_again(self, org):
        page = make_policy()
        employee = org["in_b_pelaksana"]
        first_ack, _ = policy_acknowledge(page=page, employee=employee)
        assert policy_todo_for_employee(employee=employee) == []
        page = republish(page, substantive=True)
        assert [p.pk for p in policy_todo_for_employee(employee=employee)] == [page.pk]
        second_ack, created = policy_acknowledge(page=page, employee=employee)
        assert created and second_ack.revision_id != first_ack.revision_id
        assert second_ack.revision_id == page.live_revision_id
        assert policy_todo_for_employee(employee=employee) == []

    def test_non_substantive_revision_keeps_acknowledgements(self, org):
        page = make_policy()
        employee = org["in_b_pelaksana"]
        ack, _ = policy_acknowledge(page=page, employee=employee)
        page = republish(page, substantive=False, title="Judul diperbaiki")
        assert page.live_revision_id != ack.revision_id
        assert policy_todo_for_employee(employee=employee) == []
        _, created = policy_acknowledge(page=page, employee=employee)
        assert not created

    def test_substantive_then_typo_fix_keeps_the_substantive_revision(self, org):
        page = make_policy()
        employee = org["in_b_pelaksana"]
        page = republish(page, substantive=True)
        ack, _ = policy_acknowledge(page=page, employee=employee)
        republish(page, substantive=False, title="Typo")
        assert policy_todo_for_employee(employee=employee) == []
        assert Acknowledgement.objects.get().pk == ack.pk

    def test_edit_form_starts_with_substantive_unticked(self, client, org):
        page = republish(make_policy(), substantive=True)
        _login(client, make_hr_publisher())
        hr = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert hr.status_code == 200
        form = hr.context["form"]
        assert form.initial["requires_reacknowledgement"] is False


class TestHomePanel:
    def test_panel_lists_todo_then_disappears(self, client, org):
        page = make_policy(title="Wajib Baca Kinerja")
        employee = org["in_b_pelaksana"]
        _login(client, employee)
        assert "Wajib Baca Kinerja" in client.get("/").content.decode()
        client.post(reverse("socialization:acknowledge", args=[page.pk]))
        assert "Wajib Baca Kinerja" not in client.get("/").content.decode()

    @pytest.mark.parametrize("size", [10, 200])
    def test_panel_query_count_is_constant(self, rf, org, size, django_assert_num_queries):
        from socialization.panels import policies_to_read

        unit = org["a1a"]
        position = org["in_a1a_pelaksana"].position
        for i in range(size // 10):
            make_policy(audience_all=bool(i % 2), units=[unit] if i % 2 == 0 else [])
        employees = [EmployeeFactory(unit=unit, position=position) for _ in range(5)]
        for page in list(policy_index().get_children().specific())[: size // 20]:
            for e in employees:
                policy_acknowledge(page=page, employee=e)
        request = rf.get("/")
        request.user = employees[0].user
        request.user.employee  # noqa: B018  (the home page has loaded it already)
        with django_assert_num_queries(3):
            context = policies_to_read(request)
        assert len(context["policies"]) == size // 10 - size // 20


class TestReport:
    @pytest.fixture
    def reported(self, org):
        page = make_policy(audience_all=False, units=[org["a"]])
        extra = EmployeeFactory(unit=org["a1"], position=org["in_a_fungsional"].position,
                                name="=HYPERLINK(\"http://x\")")
        policy_acknowledge(page=page, employee=org["in_a_fungsional"])
        return page, extra

    def test_numbers(self, org, reported):
        page, extra = reported
        report = policy_report(page=page)
        by_unit = {u.unit_name: (u.total, u.acknowledged, u.rate) for u in report.units}
        # Hand-checked: A has Andi (acknowledged); A1 has the "=HYPERLINK" employee;
        # A1a has Siti. Dinas B is outside the audience. The top level rolls each
        # OPD's whole subtree into one row.
        assert by_unit == {"Dinas A": (3, 1, 33.3)}
        assert (report.total, report.acknowledged, report.rate) == (3, 1, 33.3)
        assert {e.pk for e in report.stragglers} == {org["in_a1a_pelaksana"].pk, extra.pk}

    def test_drill_down_along_the_unit_tree(self, org, reported):
        from people.units import unit_rollup

        page, extra = reported
        report = policy_report(page=page, rollup=unit_rollup(within_id=org["a"].pk))
        by_unit = {u.unit_name: (u.total, u.acknowledged) for u in report.units}
        assert by_unit == {"Dinas A (staf langsung)": (1, 1), "Bidang A1": (2, 0)}
        report = policy_report(page=page, rollup=unit_rollup(within_id=org["a1"].pk))
        by_unit = {u.unit_name: (u.total, u.acknowledged) for u in report.units}
        assert by_unit == {"Bidang A1 (staf langsung)": (1, 0), "Seksi A1a": (1, 0)}
        assert {e.pk for e in report.stragglers} == {org["in_a1a_pelaksana"].pk, extra.pk}

    def test_report_view_drills_down_and_refuses_forged_units(self, client, org, reported):
        page, _ = reported
        _login(client, make_hr_user())
        url = reverse("socialization:report", args=[page.pk])
        html = client.get(url).content.decode()
        assert f'href="?unit={org["a"].pk}"' in html
        html = client.get(url, {"unit": org["a"].pk}).content.decode()
        assert 'data-testid="unit-trail"' in html and "Bidang A1" in html
        assert client.get(url, {"unit": "999999"}).status_code == 404
        assert client.get(url, {"unit": "abc"}).status_code == 404

    def test_index_shows_each_policys_read_rate(self, client, org, reported):
        page, _ = reported
        everyone = make_policy(title="Untuk Semua")
        for key in ("in_a1a_pelaksana", "in_a_fungsional"):
            policy_acknowledge(page=everyone, employee=org[key])
        _login(client, make_hr_user())
        client.get(reverse("socialization:report_index"))  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("socialization:report_index")).content.decode()
        few = len(ctx.captured_queries)
        assert "33,3% <span class=\"muted\">(1/3)</span>" in html
        # Everyone: 4 active employees (Siti, Andi, Budi, the =HYPERLINK one); 2 read.
        assert "(2/4)" in html
        for i in range(5):
            make_policy(title=f"Tambahan {i}")
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("socialization:report_index"))
        assert len(ctx.captured_queries) == few

    def test_only_hr(self, client, org, reported):
        page, _ = reported
        url = reverse("socialization:report", args=[page.pk])
        _login(client, org["in_a_fungsional"])
        for name in ("report", "report_csv", "report_xlsx"):
            assert client.get(reverse(f"socialization:{name}", args=[page.pk])).status_code == 403
        assert client.post(reverse("socialization:reminders_send", args=[page.pk])).status_code \
            == 403
        _login(client, make_hr_user())
        response = client.get(url)
        assert response.status_code == 200
        assert "1 dari 3" in response.content.decode()
        assert client.get(reverse("socialization:report", args=[999999])).status_code == 404

    def test_csv_export(self, client, reported):
        page, _ = reported
        _login(client, make_hr_user())
        response = client.get(reverse("socialization:report_csv", args=[page.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        from django.utils import translation
        from django.utils.translation import gettext

        with translation.override("id"):
            header = [gettext(h) for h in ("Unit", "Audience", "Acknowledged", "Rate (%)")]
        assert rows[0] == header
        assert header[1:] == ["Sasaran", "Sudah membaca", "Persentase (%)"]
        assert ["Total", "3", "1", "33,3"] in rows
        names = [r[0] for r in rows if len(r) == 5][1:]
        assert sorted(names) == sorted(["'=HYPERLINK(\"http://x\")", "Siti"])

    def test_xlsx_export(self, client, reported):
        page, _ = reported
        _login(client, make_hr_user())
        response = client.get(reverse("socialization:report_xlsx", args=[page.pk]))
        summary, stragglers = load_workbook(io.BytesIO(response.content)).worksheets
        rows = [list(r) for r in summary.iter_rows(values_only=True)]
        assert ["Total", 3, 1, 33.3] in [r[:4] for r in rows]
        rows = [list(r) for r in stragglers.iter_rows(values_only=True)]
        names = [r[0] for r in rows][1:]
        assert "'=HYPERLINK(\"http://x\")" in names
        assert not any(isinstance(c, str) and c.startswith("=") for r in rows for c in r)

    def test_report_query_count_is_constant(self, client):
        """Same number of queries with 10 and with 200 employees/acknowledgements."""
        units = [UnitFactory(name=f"Unit {i}") for i in range(5)]
        position = PositionFactory(name="Staf")
        page = make_policy()
        hr = make_hr_user()
        _login(client, hr)
        url = reverse("socialization:report", args=[page.pk])
        counts = {}
        employees = []
        for size in (10, 200):
            new = [EmployeeFactory(unit=units[i % 5], position=position)
                   for i in range(size - len(employees))]
            for e in new[: len(new) // 2]:
                policy_acknowledge(page=page, employee=e)
            employees += new
            client.get(url)  # warm the session and caches
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200
            counts[size] = len(ctx.captured_queries)
            done = Acknowledgement.objects.filter(page=page).count()
            assert f"{done} dari {size}" in response.content.decode()
        assert counts[10] == counts[200] <= 14, counts


class TestReminder:
    def test_task_twice_sends_one_email_each(self, org, mailoutbox):
        from socialization.tasks import policy_reminders_send_task

        page = make_policy(audience_all=False, units=[org["a"]])
        policy_acknowledge(page=page, employee=org["in_a_fungsional"])
        assert policy_reminders_send_task.delay(page.pk).get() == 1
        assert policy_reminders_send_task.delay(page.pk).get() == 0
        assert [m.to for m in mailoutbox] == [[org["in_a1a_pelaksana"].email]]
        assert page.title in mailoutbox[0].subject
        assert ReminderSent.objects.count() == 1

    def test_failed_send_is_retried_later(self, org, mailoutbox, monkeypatch):
        from socialization import services

        page = make_policy(audience_all=False, units=[org["b"]])
        monkeypatch.setattr("config.notifications.EmailMultiAlternatives.send",
                            lambda *a, **k: (_ for _ in ()).throw(OSError("smtp down")))
        with pytest.raises(OSError):
            services.policy_reminders_send(page=page)
        assert not ReminderSent.objects.exists()  # rolled back: the retry will send it
        monkeypatch.undo()
        assert services.policy_reminders_send(page=page) == 1
        assert len(mailoutbox) == 1

    def test_hr_button_sends(self, client, org, mailoutbox,
                             django_capture_on_commit_callbacks):
        page = make_policy(audience_all=False, units=[org["b"]])
        _login(client, make_hr_user())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("socialization:reminders_send", args=[page.pk]))
        assert response.status_code == 302
        assert len(mailoutbox) == 1

    def test_deadline_job_picks_pages_due_within_three_days(self, org, mailoutbox):
        from socialization.tasks import policy_deadline_reminders_task

        today = timezone.localdate()
        soon = make_policy(deadline=today + dt.timedelta(days=2), audience_all=False,
                           units=[org["b"]])
        make_policy(deadline=today + dt.timedelta(days=10), audience_all=False,
                    units=[org["b"]])
        make_policy(deadline=today - dt.timedelta(days=1), audience_all=False,
                    units=[org["b"]])
        assert policy_deadline_reminders_task.delay().get() == 1
        assert len(mailoutbox) == 1 and soon.title in mailoutbox[0].subject

    def test_beat_schedule_has_the_jobs(self, settings):
        tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        assert "socialization.tasks.policy_deadline_reminders_task" in tasks
        assert "socialization.tasks.publish_scheduled_task" in tasks


class TestQuestion:
    def test_visible_to_author_and_hr_until_published_and_escaped(self, client, org):
        page = make_policy()
        author, other = org["in_b_pelaksana"], org["in_a_fungsional"]
        _login(client, author)
        client.post(reverse("socialization:question_ask", args=[page.pk]),
                    {"question": "<script>alert(1)</script> Bagaimana?"})
        question = PolicyQuestion.objects.get()
        mine = client.get(page.url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Bagaimana?" in mine
        assert "<script>alert(1)" not in mine
        _login(client, other)
        assert "Bagaimana?" not in client.get(page.url).content.decode()

        hr = make_hr_user()
        _login(client, hr)
        listing = client.get(reverse("socialization:question_list")).content.decode()
        assert "&lt;script&gt;" in listing and "<script>alert" not in listing
        url = reverse("socialization:question_answer", args=[question.pk])
        response = client.post(url, {"answer": "<b>Jawab</b>", "publish": "on"})
        assert response.status_code == 302
        revisions_before = page.revisions.count()
        _login(client, other)
        shown = client.get(page.url).content.decode()
        assert "Bagaimana?" in shown and "&lt;b&gt;Jawab&lt;/b&gt;" in shown
        assert page.revisions.count() == revisions_before

    def test_asker_is_emailed_once_when_answered(self, client, org, mailoutbox,
                                                 django_capture_on_commit_callbacks):
        page = make_policy()
        asker = org["in_b_pelaksana"]
        question = PolicyQuestion.objects.create(page=page, author=asker.user, question="Tanya")
        _login(client, make_hr_user())
        url = reverse("socialization:question_answer", args=[question.pk])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"answer": "Jawabannya begini."})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"answer": "Jawabannya begini, diperbaiki.", "publish": "on"})
        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == [asker.user.email]
        assert "sudah dijawab" in mail.subject
        assert "Jawabannya begini." in mail.body and asker.name in mail.body
        assert "http://testserver/" in mail.body and ":8000" not in mail.body

    def test_cannot_publish_without_answer(self, client, org):
        page = make_policy()
        question = PolicyQuestion.objects.create(page=page, author=org["in_b_pelaksana"].user,
                                                 question="Tanya")
        _login(client, make_hr_user())
        response = client.post(reverse("socialization:question_answer", args=[question.pk]),
                               {"answer": "", "publish": "on"})
        assert response.status_code == 200
        question.refresh_from_db()
        assert not question.is_published

    def test_only_hr_answers(self, client, org):
        page = make_policy()
        question = PolicyQuestion.objects.create(page=page, author=org["in_b_pelaksana"].user,
                                                 question="Tanya")
        _login(client, org["in_b_pelaksana"])
        assert client.get(reverse("socialization:question_list")).status_code == 403
        assert client.post(reverse("socialization:question_answer", args=[question.pk]),
                           {"answer": "x", "publish": "on"}).status_code == 403
        question.refresh_from_db()
        assert question.answer == ""

    def test_empty_question_writes_nothing(self, client, org):
        page = make_policy()
        _login(client, org["in_b_pelaksana"])
        client.post(reverse("socialization:question_ask", args=[page.pk]), {"question": "  "})
        assert not PolicyQuestion.objects.exists()


class TestScheduledPublishing:
    def test_go_live_in_the_past_becomes_live_when_the_task_runs(self, org):
        from socialization.tasks import publish_scheduled_task

        page = make_policy(title="Terjadwal", publish=False)
        page.go_live_at = timezone.now() + dt.timedelta(hours=1)
        revision = page.save_revision()
        revision.publish()  # with go_live_at in the future this only schedules it
        page.refresh_from_db()
        assert not page.live
        employee = org["in_b_pelaksana"]
        assert policy_todo_for_employee(employee=employee) == []
        # Time passes: move the schedule into the past, then the beat job runs.
        from wagtail.models import Revision

        past = timezone.now() - dt.timedelta(minutes=1)
        scheduled = Revision.objects.get(pk=page.scheduled_revision.pk)
        scheduled.content["go_live_at"] = past.isoformat()
        scheduled.approved_go_live_at = past
        scheduled.save(update_fields=["content", "approved_go_live_at"])
        publish_scheduled_task.delay().get()
        page.refresh_from_db()
        assert page.live
        assert [p.title for p in policy_todo_for_employee(employee=employee)] == ["Terjadwal"]

    def test_expired_page_disappears_from_the_list(self, org):
        from socialization.tasks import publish_scheduled_task

        page = make_policy(title="Kedaluwarsa")
        employee = org["in_b_pelaksana"]
        assert len(policy_list_for_user(user=employee.user)) == 1
        page.expire_at = timezone.now() - dt.timedelta(minutes=1)
        page.save(update_fields=["expire_at"])
        publish_scheduled_task.delay().get()
        page.refresh_from_db()
        assert not page.live and page.expired
        assert policy_list_for_user(user=employee.user) == []


class TestWorkflowSetup:
    def test_groups_workflow_and_permissions_exist(self):
        from wagtail.models import GroupPagePermission, Page, WorkflowPage

        home = Page.objects.get(depth=2)
        workflow = WorkflowPage.objects.get(page=home).workflow
        assert workflow.name == "Persetujuan HR" and workflow.active
        task = workflow.tasks.get().specific
        assert [g.name for g in task.groups.all()] == ["HR Approver"]
        for name in ("HR Editor", "HR Approver"):
            group = Group.objects.get(name=name)
            assert group.permissions.filter(codename="access_admin").exists()
        perms = set(GroupPagePermission.objects.filter(
            group__name__in=["HR Editor", "HR Approver"]).values_list(
            "group__name", "page__slug", "permission__codename"))
        for slug in ("sosialisasi", "pelatihan"):
            assert ("HR Editor", slug, "add_page") in perms
            assert ("HR Editor", slug, "change_page") in perms
            assert ("HR Editor", slug, "publish_page") not in perms
            assert ("HR Approver", slug, "publish_page") in perms

    def test_setup_is_idempotent(self):
        from django.apps import apps
        from wagtail.models import GroupPagePermission, Workflow

        from socialization.workflow import publishing_workflow_ensure

        before = (Workflow.objects.count(), GroupPagePermission.objects.count())
        publishing_workflow_ensure(apps)
        assert (Workflow.objects.count(), GroupPagePermission.objects.count()) == before

    def test_editor_cannot_publish_approver_can(self):
        from tests.factories import UserFactory

        page = make_policy()
        editor = UserFactory(username="editor")
        editor.groups.add(*Group.objects.filter(name__in=["HR", "HR Editor"]))
        approver = UserFactory(username="approver")
        approver.groups.add(*Group.objects.filter(name__in=["HR", "HR Approver"]))
        assert page.permissions_for_user(editor).can_edit()
        assert not page.permissions_for_user(editor).can_publish()
        assert page.permissions_for_user(approver).can_publish()
        assert page.get_workflow().name == "Persetujuan HR"

    def test_policy_page_renders_for_hr_in_admin_listing(self, client):
        page = make_policy()
        _login(client, make_hr_publisher())
        response = client.get(reverse("wagtailadmin_explore", args=[policy_index().pk]))
        assert response.status_code == 200
        assert reverse("socialization:report", args=[page.pk]) in response.content.decode()


class TestDemo:
    def test_seed_twice_changes_nothing(self, django_user_model):
        from io import StringIO

        from socialization import demo
        from socialization.models import PolicyPage

        hr = make_hr_user()
        hr.set_password(PASSWORD)
        EmployeeFactory.create_batch(6)
        demo.seed_demo(stdout=StringIO())
        counts = (PolicyPage.objects.count(), Acknowledgement.objects.count(),
                  PolicyQuestion.objects.count())
        assert counts[0] >= 3
        demo.seed_demo(stdout=StringIO())
        assert counts == (PolicyPage.objects.count(), Acknowledgement.objects.count(),
                          PolicyQuestion.objects.count())


class TestWorkflowApproval:
    def test_editor_submits_approver_approves_page_goes_live(self, org):
        from tests.factories import UserFactory

        editor = UserFactory(username="editor")
        editor.groups.add(*Group.objects.filter(name__in=["HR", "HR Editor"]))
        approver = UserFactory(username="approver")
        approver.groups.add(*Group.objects.filter(name__in=["HR", "HR Approver"]))
        page = make_policy(title="Lewat Alur", publish=False)
        page.save_revision(user=editor)
        workflow_state = page.get_workflow().start(page, editor)
        task_state = workflow_state.current_task_state
        assert task_state.task.specific.user_can_access_editor(page, approver)
        assert not task_state.task.specific.get_actions(page, editor)
        task_state.task.specific.on_action(task_state, approver, "approve")
        page.refresh_from_db()
        assert page.live
        employee = org["in_b_pelaksana"]
        assert [p.title for p in policy_todo_for_employee(employee=employee)] == ["Lewat Alur"]
        assert page.ack_state.revision_id == page.live_revision_id


def test_report_lists_a_bounded_number_of_stragglers(client, org, monkeypatch):
    """The HTML report shows at most REPORT_STRAGGLERS_SHOWN names; the rest are counted."""
    from socialization import views

    monkeypatch.setattr(views, "REPORT_STRAGGLERS_SHOWN", 1)
    page = make_policy()
    _login(client, make_hr_user())
    body = client.get(reverse("socialization:report", args=[page.pk])).content.decode()
    assert "dan 2 pegawai lainnya" in body
    assert body.count("<td>Pengadministrasi</td>") + body.count("<td>Analis SDM</td>") == 1


def test_policy_page_query_count_is_constant(client, org):
    """The policy page runs as many queries with 2 as with 40 questions/acknowledgements."""
    page = make_policy()
    reader = org["in_b_pelaksana"]
    _login(client, reader)
    counts = []
    for size in (2, 40):
        have = PolicyQuestion.objects.count()
        for i in range(have, size):
            asker = EmployeeFactory(unit=org["b"])
            policy_acknowledge(page=page, employee=asker)
            PolicyQuestion.objects.create(page=page, author=asker.user, question=f"T{i}",
                                          answer="J", is_published=True)
        client.get(page.url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.url)
        assert response.content.decode().count("<details class=\"policy-faq\" open>") == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_admin_form_saves_units_and_position_kinds(client, org):
    """HR creates a policy in the Wagtail admin with units and position kinds ticked."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from socialization.models import PolicyPage

    _login(client, make_hr_publisher())
    url = reverse("wagtailadmin_pages:add",
                  args=["socialization", "policypage", policy_index().pk])
    data = nested_form_data({
        "title": "Kebijakan Seksi",
        "slug": "kebijakan-seksi",
        "summary": "Ringkas.",
        "regulation": "Perbup No. 1 Tahun 2026",
        "body": streamfield([("heading", {"text": "Judul", "size": "h2"})]),
        "is_mandatory": "on",
        "deadline": "2030-01-31",
        "action-publish": "action-publish",
    })
    # Multi-value fields are sent as repeated keys (nested_form_data would number them);
    # "all employees" is left unticked, so it is not sent.
    data["audience_position_kinds"] = ["PELAKSANA"]
    data["audience_units"] = [org["a1"].pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = PolicyPage.objects.get(slug="kebijakan-seksi")
    assert page.live and page.audience_position_kinds == ["PELAKSANA"]
    assert [u.pk for u in page.audience_units.all()] == [org["a1"].pk]
    assert [p.pk for p in policy_todo_for_employee(employee=org["in_a1a_pelaksana"])] == [page.pk]
    assert policy_todo_for_employee(employee=org["in_a_fungsional"]) == []
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    import re

    checked = re.findall(r'<input[^>]*name="audience_position_kinds"[^>]*>', edit)
    assert [c for c in checked if "checked" in c and 'value="PELAKSANA"' in c]
    assert len([c for c in checked if "checked" in c]) == 1
