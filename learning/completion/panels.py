"""The JP panel on the employee's home page (order 25, after enrollment's 20) and
HR's links to verification and reports. Imported from LearningConfig.ready()."""
from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from home.panels import register_home_panel, register_hr_link
from learning.completion.selectors.jp import jp_progress_for_ids, jp_recent_for, jp_summary_for
from learning.completion.selectors.learner import evaluations_pending_for
from learning.completion.selectors.roster import sessions_facilitated_by
from people.roles import employee_for
from people.team_columns import register_team_column, register_team_link


@register_home_panel(template="learning/completion/panel.html", order=25)
def jp_panel(request: HttpRequest) -> dict | None:
    """JP this year against the employee's policy, recent credits, evaluations to
    fill. Four queries."""
    employee = employee_for(request.user)
    if employee is None:
        return None
    return {
        "summary": jp_summary_for(employee=employee),
        "recent": jp_recent_for(employee=employee, limit=5),
        "to_evaluate": evaluations_pending_for(employee=employee, limit=5),
    }


@register_home_panel(template="learning/completion/panel_facilitator.html", order=26)
def facilitator_panel(request: HttpRequest) -> dict | None:
    """Rosters of the sessions the user facilitates around today. One query."""
    sessions = sessions_facilitated_by(user=request.user)
    return {"sessions": sessions} if sessions else None


register_hr_link(
    label=_("Verify learning done elsewhere"), url_name="learning:external_verification",
    order=40, description=_("Certificates employees submitted for JP credit."),
)
register_hr_link(
    label=_("Session report"), url_name="learning:report_sessions", order=41,
    description=_("Fill rate, attendance, completion and evaluations per session."),
)
register_hr_link(
    label=_("JP per unit"), url_name="learning:report_units", order=42,
    description=_("Share of employees reaching the yearly JP target, per unit."),
)

# HR edits the yearly JP targets in the Wagtail admin (a snippet).
from learning.completion.admin import register as _register_admin  # noqa: E402

_register_admin()


# The supervisor's team list and HR's employee list: JP progress and links to each
# person's JP history and enrollments (people/team_columns.py).
def _jp_progress_texts(employee_ids: list[int]) -> dict[int, str]:
    from django.template.defaultfilters import floatformat

    texts = {}
    for employee_id, summary in jp_progress_for_ids(employee_ids=employee_ids).items():
        total = floatformat(summary.total, "-1")
        if summary.target is None:
            texts[employee_id] = f"{total} JP"
        elif summary.kind == "CAP":
            texts[employee_id] = _("%(total)s of at most %(target)s JP") % {
                "total": total, "target": floatformat(summary.target, "-1")}
        else:
            texts[employee_id] = _("%(total)s / %(target)s JP") % {
                "total": total, "target": floatformat(summary.target, "-1")}
    return texts


register_team_column(key="jp", label=_("JP this period"), order=20, values=_jp_progress_texts)
register_team_link(label=_("JP"), url_name="learning:employee_jp", order=20)
register_team_link(label=_("Enrollments"), url_name="learning:employee_enrollments", order=30)
