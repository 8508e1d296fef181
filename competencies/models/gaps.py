"""Computed competency gaps and Job Person Match (domain.md §1.6, §4.3).

Derived data: `competencies.gaps.services` rebuilds these rows from the job
standards, assessments and appraisals; nobody edits them by hand. Each gap row keeps
the explanation of how it was computed, so a person can check it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.jobs.models import (
    EmployeeChunkedJob,
    JobChunk,
    chunk_counted_once,
    done_within_total,
)


class ExplanationField(models.JSONField):
    """A JSONField stored as PostgreSQL `json` (checked text) instead of `jsonb`.

    Why: the gap table's explanations are written in bulk (1.2 million per full
    recomputation of 100,000 employees) and only ever read whole, never searched
    inside; turning each one into jsonb's binary form was a fifth of the
    recomputation's database time (bench/gaps.py), and the text is smaller. The
    price: no jsonb operators (containment, key existence) on this column. Other
    databases store JSON as text anyway, so nothing changes there."""

    def db_type(self, connection):  # type: ignore[no-untyped-def]
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def from_db_value(self, value, expression, connection):  # type: ignore[no-untyped-def]
        # psycopg decodes `json` columns itself (Django only keeps jsonb as text).
        if value is not None and not isinstance(value, str):
            return value
        return super().from_db_value(value, expression, connection)


class CompetencyGap(models.Model):
    """One competency of one employee's effective job standard, with the assessed
    level and the gap. `assessed_level`, `difference` and `gap` are NULL when nobody
    has assessed the competency yet (an unknown gap, never zero)."""

    # Derived rows, rewritten in bulk (1.2 million for 100,000 employees), so the
    # table is kept lean: no single-column indexes (the unique (employee, competency)
    # serves every read by employee), and no database FK constraints, whose per-row
    # checks were a large part of the insert time. Deleting an employee or a
    # competency still cascades (Django's on_delete), and the recomputation only
    # writes ids it has just read.
    employee = models.ForeignKey(
        "people.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="competency_gaps",
        db_index=False,
        db_constraint=False,
    )
    competency = models.ForeignKey(
        "competencies.Competency",
        verbose_name=_("competency"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    required_level = models.PositiveSmallIntegerField(_("required level"))
    assessed_level = models.DecimalField(
        _("assessed level"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    # assessed − required: negative below the standard, positive above it.
    difference = models.DecimalField(
        _("difference"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    gap = models.DecimalField(_("gap"), max_digits=4, decimal_places=2, null=True, blank=True)
    priority = models.DecimalField(_("priority"), max_digits=7, decimal_places=2, default=0)
    behaviour_flag = models.BooleanField(_("behaviour flagged"), default=False)
    explanation = ExplanationField(_("explanation"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("competency gap")
        verbose_name_plural = _("competency gaps")
        ordering = ["employee", "-priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency"], name="competencies_gap_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(gap__isnull=True) | models.Q(gap__gte=0),
                name="competencies_gap_not_negative",
            ),
            # Unknown assessed level ⇔ unknown gap: an unknown is never stored as 0.
            models.CheckConstraint(
                condition=models.Q(assessed_level__isnull=True, gap__isnull=True)
                | models.Q(assessed_level__isnull=False, gap__isnull=False),
                name="competencies_gap_unknown_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.competency_id}: {self.gap}"


class JobPersonMatch(models.Model):
    """An employee's JPM: how closely assessed levels match the job standard, in %.

    NULL when no competency of the standard has been assessed; `coverage` is the
    share (0–1) of the standard's competencies with a known assessed level."""

    employee = models.OneToOneField(
        "people.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="job_person_match",
    )
    jpm_percent = models.DecimalField(
        _("JPM (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    coverage = models.DecimalField(_("coverage"), max_digits=4, decimal_places=3, default=0)
    standard_count = models.PositiveSmallIntegerField(_("competencies in standard"), default=0)
    assessed_count = models.PositiveSmallIntegerField(_("competencies assessed"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("job person match")
        verbose_name_plural = _("job person matches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jpm_percent__isnull=True)
                | models.Q(jpm_percent__gte=0, jpm_percent__lte=100),
                name="competencies_jpm_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.jpm_percent}"


class GapRecomputeJob(EmployeeChunkedJob):
    """A bulk recomputation of every employee's gaps, run as Celery chunk tasks
    (config.jobs); `done`/`total` is its progress (employees)."""

    class Meta(EmployeeChunkedJob.Meta):
        verbose_name = _("gap recomputation job")
        verbose_name_plural = _("gap recomputation jobs")
        constraints = [done_within_total(name="competencies_gapjob_done_le_total")]


class GapRecomputeChunk(JobChunk):
    """A finished chunk of a job. Its uniqueness is what keeps a retried or
    re-delivered chunk task from counting its employees twice."""

    job = models.ForeignKey(GapRecomputeJob, on_delete=models.CASCADE, related_name="chunks")

    class Meta(JobChunk.Meta):
        verbose_name = _("gap recomputation chunk")
        verbose_name_plural = _("gap recomputation chunks")
        constraints = [chunk_counted_once(name="competencies_gapchunk_unique")]


__all__ = [
    "CompetencyGap",
    "ExplanationField",
    "GapRecomputeChunk",
    "GapRecomputeJob",
    "JobPersonMatch",
]
