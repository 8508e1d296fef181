from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and organization")

    def ready(self) -> None:
        from home.panels import register_hr_link
        from people import (
            checks,  # noqa: F401  (registers the deploy checks)
            personal_data_sections,  # noqa: F401  (the archive's profile)
            second_factor,  # noqa: F401  (a 2FA set-up counts as passed)
        )
        from people.services import logins  # noqa: F401  (writes the login history)

        register_hr_link(
            label=_("Import employees"),
            url_name="people:employee_import",
            order=10,
            description=_("Upload a CSV or XLSX file of employees (NIP, name, golongan, "
                          "position, unit)."),
        )
        register_hr_link(
            label=_("Employees"),
            url_name="people:team",
            order=11,
            description=_("Every employee with position, unit, golongan and supervisor."),
        )
