"""HR edits mentoring programs in the Wagtail admin (a snippet): period, competencies
in focus, targets, the JP rule, mentor eligibility and pair rules. Matching, the pair
editor and reports are HR pages under /mentoring/hr/ (linked from the HR dashboard)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from mentoring.models import MentoringProgram


class MentoringProgramViewSet(SnippetViewSet):
    model = MentoringProgram
    icon = "group"
    menu_label = _("Mentoring programs")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "start_date", "end_date", "status"]
    list_filter = ["status"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("status"),
        FieldPanel("competencies", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("target_sessions"), FieldPanel("target_hours")]),
            FieldRowPanel([FieldPanel("jp_per_session"), FieldPanel("max_sessions_per_month")]),
            FieldPanel("idle_reminder_weeks"),
        ], heading=_("Targets and JP")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("min_rank"), FieldPanel("min_years_of_service")]),
            FieldRowPanel([FieldPanel("min_mentor_level"), FieldPanel("max_mentees_per_mentor")]),
            FieldPanel("require_good_predicate"),
            FieldPanel("require_opt_in"),
        ], heading=_("Mentor eligibility")),
        MultiFieldPanel([
            FieldPanel("supervisor_rule"),
            FieldPanel("unit_rule"),
            FieldPanel("mentor_senior_rank"),
            FieldPanel("propose_from_gaps"),
        ], heading=_("Pair rules")),
    ]


register_snippet(MentoringProgramViewSet)
