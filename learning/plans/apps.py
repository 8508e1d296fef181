"""Individual development plans (rencana pengembangan kompetensi), per employee per year."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """A Django app of its own inside learning/ so its tables and migrations stay apart."""

    name = "learning.plans"
    label = "plans"
    verbose_name = _("Development plans")

    def ready(self) -> None:
        # The home panel (planned vs achieved JP) and HR's report link.
        from learning.plans import (
            panels,  # noqa: F401
            personal_data,  # noqa: F401  (its part of the archive)
        )
