from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Competencies")

    def ready(self) -> None:
        from competencies import (
            personal_data,  # noqa: F401  (its part of the archive)
            signals,  # noqa: F401  (the employee import's hook)
        )
        from home.panels import register_home_panel, register_hr_link
        from people.team_columns import register_team_link

        register_team_link(label=_("Competencies"), url_name="competencies:employee_profile",
                           order=10)

        register_hr_link(
            label=_("Import competency data"),
            url_name="competencies:results_import",
            order=30,
            description=_(
                "Upload appraisals and competency assessments (CSV/XLSX); import or "
                "export the dictionary and job standards."
            ),
        )
        register_hr_link(
            label=_("Competency gap analysis (AKPK)"),
            url_name="competencies:analysis",
            order=31,
            description=_(
                "Heatmap of gaps per unit and competency, JPM distribution, exports and "
                "recomputation."
            ),
        )
        register_home_panel(template="competencies/panels/home_gaps.html", order=30)(
            _home_gaps_panel
        )


def _home_gaps_panel(request):  # type: ignore[no-untyped-def]
    """The employee's JPM and top 3 gaps (constant queries), or None to hide."""
    from competencies.gaps.selectors import home_panel_for
    from people.roles import employee_for

    employee = employee_for(request.user)
    if employee is None:
        return None
    return home_panel_for(employee=employee)
