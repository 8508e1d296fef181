"""Plan emails, in Indonesian (the site's language): a plan submitted (to the
approver), approved or returned (to the employee), and the deadline reminders.

Each email is sent once through config.notifications.notification_send: a PlanNotice
row keyed by what it is about is the claim, written in the same transaction as the
send, so a retried task or a second beat run on the same day sends nothing."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from config.notifications import Notice, notification_send
from learning.plans.models import Plan, PlanNotice, PlanStatus
from people.models import Employee
from people.roles import HR_GROUP


def _link(name: str, *args, year: int | None = None) -> str:
    """A link; `year` opens that year's plan (the one the email is about), not
    whichever plan the page would pick by itself. The sender makes it absolute."""
    return reverse(name, args=args) + (f"?tahun={year}" if year else "")


def _send_once(*, key: str, to: list[str], greet: str, subject: str, paragraphs: list[str],
               link: str) -> bool:
    """One plan email, once per `key` (the PlanNotice row is the claim)."""
    return notification_send(
        to=to, once=lambda: PlanNotice.objects.create(key=key[:120]),
        compose=lambda: Notice(subject=subject, paragraphs=paragraphs, greet=greet, link=link))


def _address(employee: Employee | None) -> str:
    if employee is None:
        return ""
    return employee.email or (employee.user.email if employee.user_id else "")


def _hr_addresses() -> list[str]:
    group = Group.objects.filter(name=HR_GROUP).first()
    return [u.email for u in group.user_set.filter(is_active=True) if u.email] if group else []


def _deadline_text(year: int) -> str:
    return formats.date_format(plan_deadline(year=year), "DATE_FORMAT")


def plan_deadline(*, year: int) -> dt.date:
    """The day plans for `year` are due: BANGKOM_PLAN_DEADLINE ("MM-DD") of that year."""
    month, day = (int(x) for x in settings.BANGKOM_PLAN_DEADLINE.split("-"))
    return dt.date(year, month, day)


def plan_notify(*, plan_id: int, kind: str, revision: int) -> bool:
    """Email about one plan event (SUBMITTED, APPROVED, RETURNED) of one revision,
    once. Idempotent."""
    from learning.plans.selectors import _approver_is_hr

    plan = (Plan.objects.select_related("employee", "employee__user", "employee__supervisor",
                                        "employee__supervisor__user")
            .filter(pk=plan_id).first())
    if plan is None:
        return False
    employee = plan.employee
    comment = plan.events.filter(revision=revision, action=kind).values_list(
        "comment", flat=True).last() or ""
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {"name": employee.name, "year": plan.year, "comment": comment}
        if kind == "SUBMITTED":
            hr = _approver_is_hr(employee)
            return _send_once(
                key=f"plan:{plan.pk}:{revision}:{kind}",
                to=_hr_addresses() if hr else [_address(employee.supervisor)],
                greet=_("HR team") if hr else employee.supervisor.name,
                subject=_("Development plan to approve: %(name)s") % ctx,
                paragraphs=[_("%(name)s has submitted their development plan for %(year)s.")
                            % ctx, _("Please approve it or return it with a comment.")],
                link=_link("learning:plan_detail", plan.pk),
            )
        if kind == "APPROVED":
            paragraphs = [_("Your development plan for %(year)s has been approved.") % ctx]
            subject = _("Development plan approved")
        else:
            paragraphs = [_("Your development plan for %(year)s was returned for changes.")
                          % ctx, _("Comment: %(comment)s") % ctx]
            subject = _("Development plan returned")
        return _send_once(key=f"plan:{plan.pk}:{revision}:{kind}", to=[_address(employee)],
                          greet=employee.name, subject=subject, paragraphs=paragraphs,
                          link=_link("learning:plan_mine", year=plan.year))


def plan_reminder_days() -> list[int]:
    return [int(d) for d in settings.BANGKOM_PLAN_REMINDER_DAYS]


def plan_reminders_send(*, today: dt.date | None = None) -> int:
    """On the reminder days before the plan deadline (BANGKOM_PLAN_REMINDER_DAYS),
    remind employees without a submitted plan for the deadline's year, and approvers
    (supervisors, HR for those without one) with plans waiting. At most one email per
    person per kind per day, however often it runs. Returns how many were sent."""
    today = today or timezone.localdate()
    year = today.year if today <= plan_deadline(year=today.year) else today.year + 1
    days_left = (plan_deadline(year=year) - today).days
    if days_left not in plan_reminder_days():
        return 0
    sent = 0
    submitted = Plan.objects.filter(employee_id=OuterRef("pk"), year=year).exclude(
        status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED])
    late = (Employee.objects.filter(is_active=True, user__isnull=False)
            .exclude(Exists(submitted)).select_related("user").order_by("pk"))
    with translation.override(settings.LANGUAGE_CODE):
        deadline = _deadline_text(year)
        for employee in late.iterator(chunk_size=2000):
            sent += _send_once(
                key=f"remind:employee:{employee.pk}:{today.isoformat()}",
                to=[_address(employee)], greet=employee.name,
                subject=_("Your development plan for %(year)s is due %(deadline)s")
                % {"year": year, "deadline": deadline},
                paragraphs=[_("Please draw up your development plan for %(year)s and submit "
                              "it to your supervisor by %(deadline)s.")
                            % {"year": year, "deadline": deadline}],
                link=_link("learning:plan_mine", year=year),
            )
        waiting = Plan.objects.filter(status=PlanStatus.SUBMITTED, year=year)
        supervisors = (Employee.objects.filter(
            Exists(waiting.filter(employee__supervisor=OuterRef("pk"))),
            is_active=True, user__isnull=False).select_related("user"))
        for supervisor in supervisors:
            n = waiting.filter(employee__supervisor=supervisor).count()
            sent += _send_once(
                key=f"remind:approver:{supervisor.pk}:{today.isoformat()}",
                to=[_address(supervisor)], greet=supervisor.name,
                subject=_("Development plans waiting for your approval"),
                paragraphs=[_("%(n)s development plan(s) of your team for %(year)s wait for "
                              "your decision. The deadline is %(deadline)s.")
                            % {"n": n, "year": year, "deadline": deadline}],
                link=_link("learning:plan_team", year=year),
            )
        orphans = waiting.filter(Q(employee__supervisor__isnull=True)
                                 | Q(employee__supervisor__is_active=False)
                                 | Q(employee__supervisor__user__isnull=True)).count()
        if orphans:
            sent += _send_once(
                key=f"remind:hr:{today.isoformat()}", to=_hr_addresses(),
                greet=_("HR team"),
                subject=_("Development plans waiting for your approval"),
                paragraphs=[_("%(n)s development plan(s) of employees without a supervisor "
                              "wait for HR's decision. The deadline is %(deadline)s.")
                            % {"n": orphans, "deadline": deadline}],
                link=_link("learning:plan_team", year=year),
            )
    return sent
