"""Wagtail admin for the yearly JP policy (PNS minimum, PPPK cap): HR edits the rows.
Registered from learning.completion.panels, which LearningConfig.ready() imports."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.models.completion import JpPolicy


class JpPolicyViewSet(SnippetViewSet):
    model = JpPolicy
    icon = "time"
    menu_label = _("JP targets")
    menu_order = 301
    add_to_admin_menu = True
    list_display = ["employment_type", "kind", "jp_per_year"]
    panels = [FieldPanel("employment_type"), FieldPanel("kind"), FieldPanel("jp_per_year")]


_registered = False


def register() -> None:
    """Register once, even if the module is imported again."""
    global _registered
    if not _registered:
        register_snippet(JpPolicyViewSet)
        _registered = True
