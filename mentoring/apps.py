from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self) -> None:
        # Home panels and HR links (home/panels.py), the gap-offer provider
        # (learning.recommendations) and the MENTORING certificate subject
        # (learning.certificates): registries, so learning and home never import us.
        from mentoring import panels, personal_data, registrations, wagtail_hooks  # noqa: F401
