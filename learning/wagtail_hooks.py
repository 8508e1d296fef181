"""Wagtail admin for the learning app: HR edits the learning forms (jalur) and their
JP rules as a snippet."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.models import LearningForm


class LearningFormViewSet(SnippetViewSet):
    model = LearningForm
    icon = "list-ul"
    menu_label = _("Learning forms")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "code", "category", "jp_unit", "jp_per_unit",
                    "international_multiplier", "is_confirmed"]
    list_filter = ["category", "jp_unit", "is_confirmed", "requires_evidence"]
    search_fields = ["name", "code"]
    ordering = ["category", "order", "name"]
    panels = [
        FieldPanel("name"), FieldPanel("code"), FieldPanel("category"), FieldPanel("order"),
        MultiFieldPanel([
            FieldPanel("jp_unit"), FieldPanel("jp_per_unit"),
            FieldPanel("international_jp_per_unit"), FieldPanel("international_multiplier"),
            FieldPanel("max_jp_per_month"), FieldPanel("requires_evidence"),
            FieldPanel("is_confirmed"),
        ], heading=_("JP credit rule")),
    ]


register_snippet(LearningFormViewSet)
