from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """A Django app of its own inside learning/ so its tables and migrations stay apart."""

    name = "learning.plans"
    label = "plans"
    verbose_name = _("Development plans")
