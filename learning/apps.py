from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Workshops and learning")

    def ready(self) -> None:
        # Catalog: the upcoming-sessions home panel; on publish and on every change the
        # catalog shows, the calendar SEQUENCE and the catalog caches' token; how the
        # catalog pages (models below it) are served.
        from learning.catalog import panels as catalog_panels  # noqa: F401
        from learning.catalog import signals as catalog_signals  # noqa: F401
        from learning.catalog import views as catalog_views  # noqa: F401

        # Certificates: completions are certificate subjects of kind WORKSHOP.
        # Its part of the personal-data archive (people.personal_data).
        from learning.completion import (
            certificate_subject,  # noqa: F401
            personal_data,  # noqa: F401
            workshop_form,  # noqa: F401
        )

        # Completion: the JP home panel and HR's verification/report links; the
        # workshop editor's JP check.
        from learning.completion import panels as completion_panels  # noqa: F401

        # Enrollment: home panel, Wagtail publish guards and the capacity-change hook.
        from learning.enrollment import panels, wagtail_hooks  # noqa: F401
