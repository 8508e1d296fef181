"""Issue 13: whoever submitted a page for approval cannot approve it (a setting, on by
default), and HR sees people by name in the admin."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Workflow

from socialization.models import HrApprovalTask
from socialization.workflow import WORKFLOW_NAME
from tests.cms.socialization_factories import make_policy
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def approver(username: str):
    user = UserFactory(username=username)
    user.groups.add(*Group.objects.filter(name__in=["HR", "HR Approver"]))
    return user


@pytest.fixture
def submitted():
    page = make_policy()
    author, other = approver("penulis"), approver("pemeriksa")
    page.title = page.title + " (revisi)"
    page.save_revision(user=author)
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    state = workflow.start(page, author)
    return page, author, other, state


class TestSeparationOfDuties:
    def test_the_workflow_step_is_the_separated_task(self):
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        tasks = [t.specific for t in workflow.tasks.filter(active=True)]
        assert len(tasks) == 1 and isinstance(tasks[0], HrApprovalTask)

    def test_submitter_gets_no_approval_action_another_approver_does(self, submitted):
        page, author, other, state = submitted
        task = state.current_task_state.task.specific
        page.refresh_from_db()
        assert task.get_actions(page, author) == []
        assert [a[0] for a in task.get_actions(page, other)] == ["reject", "approve", "approve"]
        assert not task.get_task_states_user_can_moderate(author).exists()
        assert task.get_task_states_user_can_moderate(other).exists()

    def test_submitter_cannot_approve_through_the_admin(self, client, submitted):
        page, author, _other, state = submitted
        client.force_login(author)
        url = reverse("wagtailadmin_pages:workflow_action",
                      args=[page.pk, "approve", state.current_task_state.pk])
        client.post(url, {"comment": ""})
        state.refresh_from_db()
        assert state.status == state.STATUS_IN_PROGRESS

    def test_the_setting_turns_it_off(self, settings, submitted):
        settings.BANGKOM_SEPARATION_OF_DUTIES = False
        page, author, _other, state = submitted
        task = state.current_task_state.task.specific
        page.refresh_from_db()
        assert task.get_actions(page, author) != []


class TestNamesNotNip:
    def test_a_users_name_is_the_employees_name(self):
        employee = EmployeeFactory(name="Rina Marlina, S.Psi.")
        user = employee.user
        user.first_name = ""
        user.save()
        assert user.get_full_name() == "Rina Marlina, S.Psi."
        assert str(user) == "Rina Marlina, S.Psi."
        from wagtail.admin.utils import get_user_display_name

        assert get_user_display_name(user) == "Rina Marlina, S.Psi."

    def test_workflow_emails_skip_superusers(self, settings):
        assert settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is False
