"""Individual development plans: one per employee per year, its items, and the
history of each revision's submission and decision (docs/development-plans.md)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.notices import KeyedNotice
from people.models import TimeStampedModel


def quarter_label(*, year: int, quarter: int) -> str:
    """ "Triwulan 2 2026" in Indonesian, "Q2 2026" in English; never "2026-T2"."""
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


class PlanStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SUBMITTED = "SUBMITTED", _("Waiting for approval")
    APPROVED = "APPROVED", _("Approved")
    RETURNED = "RETURNED", _("Returned for changes")


class Plan(TimeStampedModel):
    """An employee's development plan for one year. `revision` counts the versions:
    a change after approval opens revision n+1, which needs approval again; the
    approved revision's items stay in its PlanEvent."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="development_plans",
        verbose_name=_("employee"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    # The latest revision that was approved (None: never approved).
    approved_revision = models.PositiveSmallIntegerField(
        _("approved revision"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="plans_plan_one_per_year"),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year} r{self.revision} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status != PlanStatus.SUBMITTED


class PlanItemKind(models.TextChoices):
    WORKSHOP = "WORKSHOP", _("Workshop from the catalog")
    LEARNING_FORM = "LEARNING_FORM", _("Other form of learning")
    MENTORING = "MENTORING", _("Mentoring")
    SELF_STUDY = "SELF_STUDY", _("Self-study")


class PlanItem(models.Model):
    """One planned learning activity: what, for which competency, when, how many JP."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items",
                             verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=14, choices=PlanItemKind.choices)
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("competency"),
    )
    workshop = models.ForeignKey(
        "learning.WorkshopPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("workshop"),
    )
    learning_form = models.ForeignKey(
        "learning.LearningForm", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("form of development"),
    )
    title = models.CharField(_("description"), max_length=200, blank=True)
    quarter = models.PositiveSmallIntegerField(_("planned quarter"))
    planned_jp = models.DecimalField(_("planned JP"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["quarter", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4),
                                   name="plans_item_quarter_1_4"),
            models.CheckConstraint(condition=models.Q(planned_jp__gt=0),
                                   name="plans_item_jp_gt_0"),
            # A workshop is planned once per plan, whatever the competency: twice would
            # count its JP twice in the plan's total (a double click adds it once too).
            models.UniqueConstraint(
                fields=["plan", "workshop"],
                condition=models.Q(workshop__isnull=False),
                name="plans_item_workshop_once_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.workshop_id and self.workshop:
            return self.workshop.title
        return self.title or (self.learning_form.name if self.learning_form_id
                              else str(self.get_kind_display()))

    @property
    def quarter_label(self) -> str:
        return quarter_label(year=self.plan.year, quarter=self.quarter)


class PlanAction(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Submitted")
    APPROVED = "APPROVED", _("Approved")
    RETURNED = "RETURNED", _("Returned")
    REVISED = "REVISED", _("New revision opened")


class PlanEvent(models.Model):
    """The history: who did what to which revision, with the items at that moment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events",
                             verbose_name=_("plan"))
    revision = models.PositiveSmallIntegerField(_("revision"))
    action = models.CharField(_("action"), max_length=10, choices=PlanAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("by"))
    comment = models.TextField(_("comment"), blank=True)
    items = models.JSONField(_("items at that moment"), default=list, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} r{self.revision} {self.action}"


class PlanNotice(KeyedNotice):
    """An email sent once: a plan notice per (plan, revision, kind), a reminder per
    (user, kind, day). The unique row is the send decision (idempotent tasks)."""

    class Meta:
        verbose_name = _("plan email sent")
        verbose_name_plural = _("plan emails sent")
