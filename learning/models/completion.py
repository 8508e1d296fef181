"""Attendance, completion, the JP ledger, learning done elsewhere and evaluations.

None of this state lives on WorkshopSession: publishing a page revision re-saves the
inline sessions from JSON, so everything that changes after publishing (attendance,
scores, completion) is keyed by the enrollment instead.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.notices import SentNotice
from config.storage import private_storage
from people.models import EmploymentType, TimeStampedModel

__all__ = [
    "AttendanceMethod",
    "AttendanceRecord",
    "Completion",
    "CompletionNotice",
    "Evaluation",
    "ExternalLearning",
    "ExternalLearningStatus",
    "JpLedgerEntry",
    "JpLedgerSource",
    "JpPolicy",
    "JpPolicyKind",
    "PostTestScore",
    "proof_storage",
]


class AttendanceMethod(models.TextChoices):
    MANUAL = "MANUAL", _("Marked on the roster")
    QR = "QR", _("Self check-in (QR)")


class AttendanceRecord(models.Model):
    """Whether one participant was present on one day of their session."""

    enrollment = models.ForeignKey(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="attendance",
        verbose_name=_("enrollment"),
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=False)
    marked_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("marked by"),
    )
    method = models.CharField(
        _("method"), max_length=8, choices=AttendanceMethod.choices,
        default=AttendanceMethod.MANUAL,
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "day"], name="learning_attendance_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.day}: {self.present}"


class PostTestScore(models.Model):
    """A participant's post-test score (only for workshops with a passing score)."""

    enrollment = models.OneToOneField(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="post_test",
        verbose_name=_("enrollment"),
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    recorded_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("post-test score")
        verbose_name_plural = _("post-test scores")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="learning_posttest_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.score}"


class Completion(models.Model):
    """Computed, never typed: exists exactly while the workshop's completion rule
    holds for the enrollment (see learning.completion.services.completion.completion_evaluate)."""

    enrollment = models.OneToOneField(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="completion",
        verbose_name=_("enrollment"),
    )
    completed_at = models.DateTimeField(_("completed at"))
    jp_awarded = models.DecimalField(_("JP awarded"), max_digits=6, decimal_places=1)
    attendance_percent = models.DecimalField(
        _("attendance (%)"), max_digits=5, decimal_places=1
    )
    score = models.DecimalField(
        _("post-test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.jp_awarded} JP"


class CompletionNotice(SentNotice):
    """One row per notification actually sent: the unique key makes a retried task
    send the email once."""

    enrollment = models.ForeignKey(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("enrollment"),
    )
    kind = models.CharField(_("kind"), max_length=20, default="COMPLETED")

    class Meta:
        verbose_name = _("completion notice")
        verbose_name_plural = _("completion notices")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind"], name="learning_completion_notice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.kind}"


class JpLedgerSource(models.TextChoices):
    COMPLETION = "COMPLETION", _("Workshop completed")
    EXTERNAL = "EXTERNAL", _("Learning done elsewhere")
    MENTORING = "MENTORING", _("Coaching / mentoring")


class JpLedgerEntry(models.Model):
    """One credit of JP to an employee's yearly ledger. (source, source_ref) is
    unique, so a completion or a verified external learning credits once."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="jp_entries",
        verbose_name=_("employee"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=JpLedgerSource.choices)
    # The Completion id, the ExternalLearning id, or the mentoring app's session id.
    source_ref = models.PositiveBigIntegerField(_("source reference"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=1)
    learning_form = models.ForeignKey(
        "learning.LearningForm", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("form of development"),
    )
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    created_at = models.DateTimeField(_("credited at"), auto_now_add=True)
    # Withdrawn when HR revoked the certificate of what it credits because the person
    # was not entitled (learning.certificates): the entry stays on the JP history with
    # the date and reason, its JP moves to withdrawn_jp and jp becomes 0, so every sum
    # of the ledger stops counting it without a filter of its own.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_jp = models.DecimalField(_("JP withdrawn"), max_digits=6, decimal_places=1,
                                       null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=400,
                                        blank=True)

    class Meta:
        verbose_name = _("JP ledger entry")
        verbose_name_plural = _("JP ledger entries")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], name="learning_jp_ledger_credit_once"
            ),
            models.CheckConstraint(condition=models.Q(jp__gte=0),
                                   name="learning_jp_ledger_jp_gte_0"),
        ]
        indexes = [models.Index(fields=["employee", "year"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.jp} JP ({self.source})"


class JpPolicyKind(models.TextChoices):
    MINIMUM = "MINIMUM", _("Minimum")
    CAP = "CAP", _("Maximum")


class JpPolicy(models.Model):
    """The yearly JP target per employment type (seed data HR edits): PNS at least
    20 JP a year, PPPK at most 24 JP per contract year."""

    employment_type = models.CharField(
        _("employment type"), max_length=4, choices=EmploymentType.choices, unique=True
    )
    kind = models.CharField(_("kind"), max_length=8, choices=JpPolicyKind.choices)
    jp_per_year = models.DecimalField(_("JP per year"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("JP policy")
        verbose_name_plural = _("JP policies")

    def __str__(self) -> str:
        return f"{self.employment_type}: {self.kind} {self.jp_per_year}"


def proof_storage() -> FileSystemStorage:
    """Proof files live outside MEDIA_ROOT (which DEBUG serves publicly): they are
    served only through the access-checked view. (Kept by this name: migration 0003
    refers to it.)"""
    return private_storage()


def proof_upload_to(instance: ExternalLearning, filename: str) -> str:
    # An unguessable name; the extension comes from the sniffed content.
    suffix = Path(filename).suffix.lower()
    return f"external-learning/{instance.employee_id}/{uuid.uuid4().hex}{suffix}"


class ExternalLearningStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Waiting for HR verification")
    VERIFIED = "VERIFIED", _("Verified")
    REJECTED = "REJECTED", _("Rejected")


class ExternalLearning(TimeStampedModel):
    """Learning done outside Bangkom's catalog, claimed by the employee with proof.
    Counts in the JP ledger once HR verifies it."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="external_learning",
        verbose_name=_("employee"),
    )
    learning_form = models.ForeignKey(
        "learning.LearningForm", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("form of development"),
    )
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    jp_claimed = models.DecimalField(_("JP claimed"), max_digits=5, decimal_places=1)
    jp_awarded = models.DecimalField(
        _("JP credited"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    proof = models.FileField(
        _("proof"), upload_to=proof_upload_to, storage=proof_storage, max_length=200
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExternalLearningStatus.choices,
        default=ExternalLearningStatus.SUBMITTED,
    )
    verified_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("learning done elsewhere")
        verbose_name_plural = _("learning done elsewhere")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="learning_external_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(jp_claimed__gt=0), name="learning_external_jp_positive"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    """A participant's reaction evaluation of a completed session (1–5 each)."""

    enrollment = models.OneToOneField(
        "learning.Enrollment", on_delete=models.CASCADE, related_name="evaluation",
        verbose_name=_("enrollment"),
    )
    material = models.PositiveSmallIntegerField(_("material"))
    facilitator = models.PositiveSmallIntegerField(_("facilitator"))
    organization = models.PositiveSmallIntegerField(_("organization"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(material__gte=1, material__lte=5)
                & models.Q(facilitator__gte=1, facilitator__lte=5)
                & models.Q(organization__gte=1, organization__lte=5),
                name="learning_evaluation_scores_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.material}/{self.facilitator}/{self.organization}"
