from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocializationConfig(AppConfig):
    name = "socialization"
    verbose_name = _("Policy socialization")

    def ready(self) -> None:
        from home.panels import register_hr_link
        from socialization import (  # noqa: F401  (registers receivers/panels)
            panels,
            personal_data,  # noqa: F401  (its part of the archive)
            signals,
        )

        register_hr_link(
            label=_("Policy acknowledgement reports"),
            url_name="socialization:report_index",
            order=30,
            description=_("Who has read each policy; send reminders; export."),
        )
        register_hr_link(
            label=_("Questions about policies"),
            url_name="socialization:question_list",
            order=31,
            description=_("Answer employees' questions and publish them to the FAQ."),
        )
