"""The competency dictionary (PermenPANRB 38/2017): competencies and their five
proficiency levels. Seeded from ../shared/domain.md §1; HR edits it as data.

Appraisals, assessments, job standards and gaps are added by the Competencies issue
in this app; other apps may reference Competency but nothing else here."""
from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class CompetencyType(models.TextChoices):
    MANAGERIAL = "MANAGERIAL", _("Managerial")
    SOCIOCULTURAL = "SOCIOCULTURAL", _("Socio-cultural")
    TECHNICAL = "TECHNICAL", _("Technical")


class Competency(models.Model):
    """A competency in the dictionary: e.g. M.05 Pelayanan Publik."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=16, choices=CompetencyType.choices)
    definition = models.TextField(_("definition"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["type", "code"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="competencies_competency_name_ci_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CompetencyLevel(models.Model):
    """One of the five proficiency levels of a competency, with its indicators."""

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="levels", verbose_name=_("competency")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("description"))
    indicators = models.JSONField(_("behavioural indicators"), default=list, blank=True)

    class Meta:
        verbose_name = _("competency level")
        verbose_name_plural = _("competency levels")
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"], name="competencies_level_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="competencies_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} L{self.level}"
