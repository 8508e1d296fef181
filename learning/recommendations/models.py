"""Stored training recommendations (docs/recommendations.md).

Derived data like the gap rows: `learning.recommendations.services` rebuilds an
employee's rows from their gaps, the catalog and their enrollments; nobody edits them.
What people decide (a dismissal, a supervisor's assignment) lives in rows of its own,
so a recomputation never loses it.
"""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from competencies.models import ExplanationField
from config.jobs.models import (
    EmployeeChunkedJob,
    JobChunk,
    chunk_counted_once,
    done_within_total,
)


class RecommendationKind(models.TextChoices):
    GAP = "GAP", _("Closes a gap")
    TALENT = "TALENT", _("Talent development")


class Recommendation(models.Model):
    """One workshop suggested to one employee, ranked within its kind, with the
    reason (data, turned into sentences when shown) and the score's parts.

    `gap_signature` fingerprints the gap data the suggestion rests on (competency,
    required and assessed level, priority): a dismissal holds while it is unchanged."""

    # Derived rows rewritten in bulk, kept lean like the gap table (no FK
    # constraints; deletes still cascade through Django).
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.CASCADE,
        related_name="recommendations", db_index=False, db_constraint=False,
    )
    workshop = models.ForeignKey(
        "learning.WorkshopPage", verbose_name=_("workshop"), on_delete=models.CASCADE,
        related_name="+", db_constraint=False,
    )
    session = models.ForeignKey(
        "learning.WorkshopSession", verbose_name=_("next session"), on_delete=models.CASCADE,
        related_name="+", db_index=False, db_constraint=False,
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RecommendationKind.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=3)
    reason = ExplanationField(_("reason"), default=dict, blank=True)
    gap_signature = models.TextField(_("gap data fingerprint"), blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("training recommendation")
        verbose_name_plural = _("training recommendations")
        ordering = ["employee", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind", "rank"], name="reco_rank_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} #{self.rank}: {self.workshop_id}"


class UncoveredGap(models.Model):
    """A gap (gap > 0) that no workshop the employee could take closes: kept so
    HR's catalog-gap report can show what the catalog lacks."""

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.CASCADE,
        related_name="uncovered_gaps", db_index=False, db_constraint=False,
    )
    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"), on_delete=models.CASCADE,
        related_name="+", db_constraint=False,
    )
    unit = models.ForeignKey(
        "people.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+",
        db_index=False, db_constraint=False,
    )
    required_level = models.PositiveSmallIntegerField(_("required level"))
    assessed_level = models.DecimalField(_("assessed level"), max_digits=4, decimal_places=2)
    priority = models.DecimalField(_("priority"), max_digits=7, decimal_places=2)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("uncovered gap")
        verbose_name_plural = _("uncovered gaps")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency"], name="reco_uncovered_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.competency_id}"


class DismissalReason(models.TextChoices):
    NOT_RELEVANT = "NOT_RELEVANT", _("Not relevant to my work")
    LEARNED_ELSEWHERE = "LEARNED_ELSEWHERE", _("Already learned elsewhere")


class RecommendationDismissal(models.Model):
    """An employee hid a suggestion. It stays hidden while the gap data it rested on
    (`gap_signature`) is unchanged; when a new assessment, standard or appraisal
    changes it, the suggestion comes back."""

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.CASCADE,
        related_name="recommendation_dismissals",
    )
    workshop = models.ForeignKey(
        "learning.WorkshopPage", verbose_name=_("workshop"), on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RecommendationKind.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=DismissalReason.choices)
    gap_signature = models.TextField(_("gap data fingerprint"), blank=True)
    created_at = models.DateTimeField(_("dismissed at"), auto_now=True)

    class Meta:
        verbose_name = _("dismissed recommendation")
        verbose_name_plural = _("dismissed recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "workshop", "kind"], name="reco_dismissal_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} ✕ {self.workshop_id}"


class RecommendationAssignment(models.Model):
    """A supervisor asked a team member to take a suggested workshop."""

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.CASCADE,
        related_name="recommendation_assignments",
    )
    workshop = models.ForeignKey(
        "learning.WorkshopPage", verbose_name=_("workshop"), on_delete=models.CASCADE,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        "people.Employee", verbose_name=_("assigned by"), on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    # Set when the employee's email went out: the claim that makes a retried task
    # send it once (config.notifications.notification_send).
    notified_at = models.DateTimeField(_("employee emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assigned recommendation")
        verbose_name_plural = _("assigned recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "workshop"], name="reco_assignment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assigned_by_id} → {self.employee_id}: {self.workshop_id}"


class RecommendationJob(EmployeeChunkedJob):
    """A bulk recomputation of everyone's recommendations as Celery chunk tasks
    (config.jobs); `done`/`total` is its progress (employees)."""

    class Meta(EmployeeChunkedJob.Meta):
        verbose_name = _("recommendation recomputation job")
        verbose_name_plural = _("recommendation recomputation jobs")
        constraints = [done_within_total(name="reco_job_done_le_total")]


class RecommendationJobChunk(JobChunk):
    """A finished chunk of a job; unique, so a re-delivered task counts once."""

    job = models.ForeignKey(RecommendationJob, on_delete=models.CASCADE, related_name="chunks")

    class Meta(JobChunk.Meta):
        verbose_name = _("recommendation job chunk")
        verbose_name_plural = _("recommendation job chunks")
        constraints = [chunk_counted_once(name="reco_jobchunk_unique")]
