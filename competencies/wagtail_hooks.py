"""The "Kompetensi" menu of the Wagtail admin: HR edits the dictionary, job
standards (defaults and per position), source weights, BerAKHLAK values and their
competency mapping, and can look up and correct appraisals and assessments.
File import/export lives on /kompetensi/impor/ (linked from the menu)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from competencies.models import (
    Appraisal,
    AppraisalPeriod,
    Assessment,
    Competency,
    CompetencyLevel,
    CoreValue,
    CoreValueCompetency,
    ImportBatch,
    JobStandard,
    JobStandardDefault,
    SourceWeight,
)


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "list-ul"
    list_display = ["code", "name", "type", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["code", "name"]
    ordering = ["type", "code"]


class CompetencyLevelViewSet(SnippetViewSet):
    model = CompetencyLevel
    icon = "list-ol"
    list_display = ["competency", "level", "description"]
    list_filter = ["competency__type", "level"]
    search_fields = ["description"]


class JobStandardDefaultViewSet(SnippetViewSet):
    model = JobStandardDefault
    icon = "table"
    list_display = ["position_kind", "position_level", "competency_type", "required_level",
                    "is_seed"]
    list_filter = ["position_kind", "competency_type", "is_seed"]


class JobStandardViewSet(SnippetViewSet):
    model = JobStandard
    icon = "tasks"
    list_display = ["position", "competency", "required_level"]
    list_filter = ["competency__type"]
    search_fields = ["position__name", "competency__code", "competency__name"]


class SourceWeightViewSet(SnippetViewSet):
    model = SourceWeight
    icon = "resubmit"
    list_display = ["source", "weight", "max_age_days"]


class CoreValueViewSet(SnippetViewSet):
    model = CoreValue
    icon = "pick"
    list_display = ["order", "name", "code"]


class CoreValueCompetencyViewSet(SnippetViewSet):
    model = CoreValueCompetency
    icon = "link"
    list_display = ["core_value", "competency"]
    list_filter = ["core_value"]


class AppraisalPeriodViewSet(SnippetViewSet):
    model = AppraisalPeriod
    icon = "date"
    list_display = ["__str__", "code", "kind"]


class AppraisalViewSet(SnippetViewSet):
    model = Appraisal
    icon = "form"
    list_display = ["employee", "period", "result_rating", "behaviour_rating", "predicate",
                    "predicate_was_derived"]
    list_filter = ["period", "predicate"]
    search_fields = ["employee__nip", "employee__name"]
    # The fields in the order they were declared before the shared ones moved into
    # ImportedResult (whose fields Django lists first).
    panels = ["employee", "period", "result_rating", "behaviour_rating", "predicate",
              "predicate_was_derived", "import_batch"]


class AssessmentViewSet(SnippetViewSet):
    model = Assessment
    icon = "doc-full"
    list_display = ["employee", "competency", "level", "source", "assessed_on"]
    list_filter = ["source", "competency"]
    search_fields = ["employee__nip", "employee__name", "competency__code"]
    panels = ["employee", "competency", "level", "source", "assessed_on", "import_batch"]


class ImportBatchViewSet(SnippetViewSet):
    model = ImportBatch
    icon = "upload"
    list_display = ["created_at", "file_name", "kind", "status", "row_count", "error_count"]
    list_filter = ["kind", "status"]


class CompetencyGroup(SnippetViewSetGroup):
    menu_label = _("Competencies")
    menu_icon = "list-ul"
    menu_order = 250
    items = (
        CompetencyViewSet, CompetencyLevelViewSet, JobStandardDefaultViewSet,
        JobStandardViewSet, SourceWeightViewSet, CoreValueViewSet,
        CoreValueCompetencyViewSet, AppraisalPeriodViewSet, AppraisalViewSet,
        AssessmentViewSet, ImportBatchViewSet,
    )


register_snippet(CompetencyGroup)


@hooks.register("register_admin_menu_item")
def competency_import_menu_item() -> MenuItem:
    return MenuItem(
        _("Import competency data"), reverse("competencies:results_import"),
        icon_name="upload", order=251,
    )
