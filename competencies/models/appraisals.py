"""Results that say where an employee stands: performance appraisals
(PermenPANRB 6/2022: two ratings, a predicate from the quadrant, BerAKHLAK values)
and competency assessments (assessment centre, supervisor, peers, self, mentor).

Both arrive mostly by file import (`competencies.imports`), recorded in ImportBatch.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competencies.models.dictionary import Competency
from config.jobs.models import UploadJob, UploadJobStatus
from config.storage import private_storage
from people.models import TimeStampedModel

# --- Import batches ------------------------------------------------------------------


class ImportKind(models.TextChoices):
    APPRAISAL = "APPRAISAL", _("Performance appraisals")
    ASSESSMENT = "ASSESSMENT", _("Competency assessments")
    STANDARD = "STANDARD", _("Job standards")
    DICTIONARY = "DICTIONARY", _("Competency dictionary")


# The shared statuses of an upload job (config.jobs), saving step included; the old
# names stay for the code that reads them.
ImportStatus = UploadJobStatus
IMPORT_FINAL_STATUSES = UploadJob.final_statuses


class ImportBatch(UploadJob):
    """One uploaded file: who imported it, what it held and whether it went in.

    A failed batch wrote nothing (imports are all-or-nothing); its `errors` list the
    row-numbered problems so HR can fix the file. An upload from the HR page is kept
    in `upload` until its Celery job ends (the worker reads it from there); the
    job's progress is `rows_processed` of about `rows_total` (config.jobs.UploadJob:
    checking the rows is the first 90 % of the bar, saving them shows as 95 %)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    # Private storage: the file holds NIPs and ratings (config.storage).
    upload = models.FileField(
        _("uploaded file"), upload_to="imports/%Y/%m/", storage=private_storage, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )

    class Meta(UploadJob.Meta):
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")


class ImportedResult(TimeStampedModel):
    """A result an import writes about one employee (an appraisal, an assessment):
    whose it is, the batch that last wrote it, and when. Reached from both as
    `employee.<model>s` and `batch.<model>s` ("appraisals", "assessments")."""

    employee = models.ForeignKey("people.Employee", verbose_name=_("employee"),
                                 on_delete=models.CASCADE, related_name="%(class)ss")
    import_batch = models.ForeignKey(ImportBatch, verbose_name=_("import batch"), null=True,
                                     blank=True, on_delete=models.SET_NULL,
                                     related_name="%(class)ss")

    class Meta:
        abstract = True


# --- Periods ------------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    ANNUAL = "ANNUAL", _("Annual")
    QUARTERLY = "QUARTERLY", _("Quarterly")


@dataclass(frozen=True)
class ParsedPeriod:
    code: str
    year: int
    quarter: int | None

    @property
    def kind(self) -> str:
        return PeriodKind.ANNUAL if self.quarter is None else PeriodKind.QUARTERLY


_PERIOD_RE = re.compile(r"^(\d{4})(?:\s*[-/ ]?\s*(?:T|TW|Q)\s*([1-4]))?$")
MIN_YEAR, MAX_YEAR = 2000, 2100


def period_parse(code: str) -> ParsedPeriod:
    """Parse "2026" (annual) or "2026-T1".."2026-T4" (quarter, triwulan) into its
    canonical code, year and quarter. Case and spaces are forgiven ("2026 t2",
    "2026-TW2", "2026-Q2"). Raise ValidationError on anything else."""
    text = str(code or "").strip().upper()
    match = _PERIOD_RE.match(text)
    if not match or not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
        raise ValidationError(
            gettext(
                "“%(value)s” is not a period: write the year (2026) or the year and "
                "quarter (2026-T1 to 2026-T4)."
            )
            % {"value": code},
            code="period",
        )
    year = int(match.group(1))
    quarter = int(match.group(2)) if match.group(2) else None
    canonical = f"{year}" if quarter is None else f"{year}-T{quarter}"
    return ParsedPeriod(code=canonical, year=year, quarter=quarter)


def period_label_for(*, year: int, quarter: int | None) -> str:
    """How people read a period: "Triwulan 2 2026" / "Q2 2026", or the year; never
    the import code "2026-T2"."""
    if quarter:
        return gettext("Q%(q)s %(year)s") % {"q": quarter, "year": year}
    return str(year)


def period_label(code: str) -> str:
    """The readable label of a stored period code ("2026-T2"); the code itself if it
    does not parse (an explanation written by an older version)."""
    try:
        parsed = period_parse(code)
    except ValidationError:
        return code
    return period_label_for(year=parsed.year, quarter=parsed.quarter)


class AppraisalPeriod(models.Model):
    """An appraisal period: a year ("2026") or a quarter ("2026-T1", triwulan I)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)

    class Meta:
        verbose_name = _("appraisal period")
        verbose_name_plural = _("appraisal periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=PeriodKind.ANNUAL, quarter__isnull=True)
                    | models.Q(kind=PeriodKind.QUARTERLY, quarter__gte=1, quarter__lte=4)
                ),
                name="competencies_period_kind_quarter",
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"], name="competencies_period_year_quarter_unique"
            ),
        ]

    def __str__(self) -> str:
        return period_label_for(year=self.year, quarter=self.quarter)

    def clean(self) -> None:
        parsed = period_parse(self.code)
        self.code, self.year, self.quarter, self.kind = (
            parsed.code, parsed.year, parsed.quarter, parsed.kind,
        )


# --- Ratings and predicate (PermenPANRB 6/2022) ---------------------------------------


class Rating(models.TextChoices):
    ABOVE = "ABOVE", _("di atas ekspektasi")
    MEETS = "MEETS", _("sesuai ekspektasi")
    BELOW = "BELOW", _("di bawah ekspektasi")


class Predicate(models.TextChoices):
    SANGAT_BAIK = "SANGAT_BAIK", _("Sangat Baik")
    BAIK = "BAIK", _("Baik")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Butuh Perbaikan")
    KURANG = "KURANG", _("Kurang/Misconduct")
    SANGAT_KURANG = "SANGAT_KURANG", _("Sangat Kurang")


# The kuadran kinerja (domain.md §3.2), keyed (result, behaviour): weak results with
# acceptable behaviour → Butuh Perbaikan; weak behaviour → Kurang; weak on both →
# Sangat Kurang; above on both → Sangat Baik; otherwise Baik.
QUADRANT: dict[tuple[str, str], str] = {
    (Rating.BELOW, Rating.ABOVE): Predicate.BUTUH_PERBAIKAN,
    (Rating.MEETS, Rating.ABOVE): Predicate.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predicate.SANGAT_BAIK,
    (Rating.BELOW, Rating.MEETS): Predicate.BUTUH_PERBAIKAN,
    (Rating.MEETS, Rating.MEETS): Predicate.BAIK,
    (Rating.ABOVE, Rating.MEETS): Predicate.BAIK,
    (Rating.BELOW, Rating.BELOW): Predicate.SANGAT_KURANG,
    (Rating.MEETS, Rating.BELOW): Predicate.KURANG,
    (Rating.ABOVE, Rating.BELOW): Predicate.KURANG,
}


def predicate_from_quadrant(result: str, behaviour: str) -> Predicate:
    """The employee predicate for a work-result rating and a work-behaviour rating
    (both `Rating` values), per the quadrant of PermenPANRB 6/2022."""
    return Predicate(QUADRANT[(Rating(result), Rating(behaviour))])


class CoreValue(models.Model):
    """One of the seven BerAKHLAK core values (SE MenPANRB 20/2021), with its
    behaviour guides. Seeded; HR may edit the wording."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    guides = models.TextField(_("behaviour guides"), blank=True)

    class Meta:
        verbose_name = _("core value (BerAKHLAK)")
        verbose_name_plural = _("core values (BerAKHLAK)")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CoreValueCompetency(models.Model):
    """Which competencies a core value concerns: a behaviour rated below expectation
    on the value points development at these competencies. HR-editable mapping."""

    core_value = models.ForeignKey(
        CoreValue,
        verbose_name=_("core value"),
        on_delete=models.CASCADE,
        related_name="competency_links",
    )
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.CASCADE,
        related_name="core_value_links",
    )

    class Meta:
        verbose_name = _("core value → competency")
        verbose_name_plural = _("core values → competencies")
        ordering = ["core_value_id", "competency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["core_value", "competency"], name="competencies_core_value_comp_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.core_value} → {self.competency}"


class Appraisal(ImportedResult):
    """An employee's appraisal for one period: the two ratings and the predicate.

    `predicate_was_derived` is true when the file gave no predicate and it was taken
    from the quadrant."""

    period = models.ForeignKey(
        AppraisalPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    result_rating = models.CharField(
        _("work result rating"), max_length=8, choices=Rating.choices
    )
    behaviour_rating = models.CharField(
        _("work behaviour rating"), max_length=8, choices=Rating.choices
    )
    predicate = models.CharField(_("predicate"), max_length=16, choices=Predicate.choices)
    predicate_was_derived = models.BooleanField(_("predicate derived"), default=False)

    class Meta:
        verbose_name = _("performance appraisal")
        verbose_name_plural = _("performance appraisals")
        ordering = ["employee_id", "period_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period"], name="competencies_appraisal_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(result_rating__in=Rating.values)
                & models.Q(behaviour_rating__in=Rating.values)
                & models.Q(predicate__in=Predicate.values),
                name="competencies_appraisal_values",
            ),
        ]
        indexes = [models.Index(fields=["period", "predicate"])]

    def __str__(self) -> str:
        return f"{self.employee} · {self.period}: {self.get_predicate_display()}"


class AppraisalValueRating(models.Model):
    """The behaviour rating of one BerAKHLAK value within an appraisal."""

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=_("appraisal"),
        on_delete=models.CASCADE,
        related_name="value_ratings",
    )
    core_value = models.ForeignKey(
        CoreValue, verbose_name=_("core value"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)

    class Meta:
        verbose_name = _("core value rating")
        verbose_name_plural = _("core value ratings")
        ordering = ["appraisal_id", "core_value_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "core_value"], name="competencies_value_rating_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values),
                name="competencies_value_rating_values",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.core_value}: {self.get_rating_display()}"


# --- Competency assessments -----------------------------------------------------------


class AssessmentSource(models.TextChoices):
    ASSESSMENT_CENTER = "ASSESSMENT_CENTER", _("Assessment center")
    SUPERVISOR = "SUPERVISOR", _("Supervisor")
    PEER = "PEER", _("Peer")
    SELF = "SELF", _("Self")
    MENTOR = "MENTOR", _("Mentor")


class Assessment(ImportedResult):
    """A measured level (1.0–5.0, one decimal) of one competency of one employee, from
    one source on one date. The gap analysis combines sources with SourceWeight."""

    competency = models.ForeignKey(
        Competency,
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    level = models.DecimalField(_("level"), max_digits=2, decimal_places=1)
    source = models.CharField(_("source"), max_length=20, choices=AssessmentSource.choices)
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        ordering = ["employee_id", "competency_id", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency", "source", "assessed_on"],
                name="competencies_assessment_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="competencies_assessment_level_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=AssessmentSource.values),
                name="competencies_assessment_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.competency.code}: {self.level} ({self.source})"


class SourceWeight(models.Model):
    """How much each assessment source counts when combining levels, and how old an
    assessment may be to count at all (empty: no limit). HR-editable seed data; the
    combination rule itself lives in competencies.gaps."""

    source = models.CharField(
        _("source"), max_length=20, choices=AssessmentSource.choices, unique=True
    )
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)
    max_age_days = models.PositiveIntegerField(
        _("maximum age (days)"),
        null=True,
        blank=True,
        help_text=_("Assessments older than this are ignored. Empty: no limit."),
    )

    class Meta:
        verbose_name = _("assessment source weight")
        verbose_name_plural = _("assessment source weights")
        ordering = ["-weight"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="competencies_source_weight_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.weight}"
