"""Job competency standards (Standar Kompetensi Jabatan, PermenPANRB 38/2017).

Two layers, both HR-editable data:
- `JobStandardDefault`: the required managerial / socio-cultural level for a kind and
  level of position (JPT Pratama → 4, Pengawas → 2, …). Seeded from domain.md §1.5,
  whose table is [unconfirmed]: HR verifies it against the regulation's annex.
- `JobStandard`: a per-position row, either a technical competency requirement or an
  override of the default for one managerial / socio-cultural competency.

The effective standard of a position is computed in `competencies.standards`.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models.dictionary import Competency, CompetencyType
from people.models import PositionKind, PositionLevel

# The competency types that have a default by position kind+level; technical
# competencies are always set per position by HR.
DEFAULTED_TYPES = (CompetencyType.MANAGERIAL, CompetencyType.SOCIOCULTURAL)


class JobStandardDefault(models.Model):
    """The default required level of every managerial (or socio-cultural) competency
    for positions of one kind and level. Editable seed data: the published tables
    disagree (domain.md §1.5), so HR checks these against the regulation."""

    position_kind = models.CharField(
        _("position kind"), max_length=16, choices=PositionKind.choices
    )
    position_level = models.CharField(
        _("position level (jenjang)"),
        max_length=16,
        choices=PositionLevel.choices,
        blank=True,
        help_text=_("Empty for administrator, supervisor (pengawas) and pelaksana."),
    )
    competency_type = models.CharField(
        _("competency type"),
        max_length=16,
        choices=[(t.value, t.label) for t in DEFAULTED_TYPES],
    )
    required_level = models.PositiveSmallIntegerField(_("required level"))
    is_seed = models.BooleanField(
        _("unverified seed value"),
        default=False,
        help_text=_(
            "Loaded from the commonly cited table; untick once checked against the "
            "annex of PermenPANRB 38/2017."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("default job standard")
        verbose_name_plural = _("default job standards")
        ordering = ["position_kind", "position_level", "competency_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "position_level", "competency_type"],
                name="competencies_standard_default_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="competencies_standard_default_level_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(competency_type__in=[t.value for t in DEFAULTED_TYPES]),
                name="competencies_standard_default_type",
            ),
        ]

    def __str__(self) -> str:
        level = self.get_position_level_display() if self.position_level else ""
        return (
            f"{self.get_position_kind_display()} {level} · "
            f"{self.get_competency_type_display()}: {self.required_level}"
        ).replace("  ", " ")


class JobStandard(models.Model):
    """HR's requirement for one competency in one position: a technical competency,
    or an override of the default level of a managerial / socio-cultural one."""

    position = models.ForeignKey(
        "people.Position",
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        related_name="competency_standards",
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.CASCADE,
        related_name="job_standards",
    )
    required_level = models.PositiveSmallIntegerField(_("required level"))
    import_batch = models.ForeignKey(
        "competencies.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job standard")
        verbose_name_plural = _("job standards")
        ordering = ["position_id", "competency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="competencies_job_standard_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__gte=1, required_level__lte=5),
                name="competencies_job_standard_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.competency.code}: {self.required_level}"
