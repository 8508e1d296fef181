from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    """A Django app of its own inside learning/ so its tables and migrations stay apart."""

    name = "learning.recommendations"
    label = "recommendations"
    verbose_name = _("Training recommendations")

    def ready(self) -> None:
        # Home panel, the profile's remedies beside each gap, HR's link; and the
        # receivers that keep the stored suggestions in step.
        from learning.recommendations import (  # noqa: F401
            panels,
            personal_data,  # noqa: F401  (archive part)
            signals,
        )
