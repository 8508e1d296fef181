"""Mentoring: HR's programs (cohorts) with their eligibility and JP rules, mentors'
opt-ins, nominated mentees, matching runs, pairs with goals, logged sessions and the
reminders already sent. Business rules live in services.py / eligibility.py /
matching.py; these models hold the data and its invariants."""
from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.jobs.models import StartedJob
from config.notices import KeyedNotice, SentNotice
from config.storage import private_storage
from people.models import TimeStampedModel


class ProgramStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    RUNNING = "RUNNING", _("Running")
    CLOSED = "CLOSED", _("Closed")


class SupervisorRule(models.TextChoices):
    ALLOWED = "ALLOWED", _("The direct supervisor may be the mentor")
    REQUIRED = "REQUIRED", _("The mentor must be the direct supervisor")
    EXCLUDED = "EXCLUDED", _("The direct supervisor may not be the mentor")


class UnitRule(models.TextChoices):
    ANY = "ANY", _("Any unit")
    SAME = "SAME", _("Same unit")
    DIFFERENT = "DIFFERENT", _("A different unit")


class MentoringProgram(TimeStampedModel):
    """A mentoring program (cohort) HR runs: its period, the competencies in focus,
    targets, the JP rule for confirmed sessions and the rules for mentors and pairs.
    Every number is data HR edits (domain.md §8: not settled in law)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=8, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    competencies = models.ManyToManyField(
        "competencies.Competency", verbose_name=_("competencies in focus"), related_name="+"
    )
    target_sessions = models.PositiveSmallIntegerField(_("target sessions per pair"), default=6)
    target_hours = models.DecimalField(
        _("target hours per pair"), max_digits=5, decimal_places=1, default=Decimal("6.0")
    )
    # JP rule: LAN's conversion table, secondary source: 2 JP a session, at most 2 a month.
    jp_per_session = models.DecimalField(
        _("JP per confirmed session"), max_digits=4, decimal_places=1, default=Decimal("2.0")
    )
    max_sessions_per_month = models.PositiveSmallIntegerField(
        _("sessions credited per month at most"), default=2,
        help_text=_("Confirmed sessions beyond this in one month count as hours but earn no JP."),
    )
    # Mentor eligibility (each empty/false = not checked).
    min_rank = models.ForeignKey(
        "people.Rank", verbose_name=_("mentor's golongan at least"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    min_years_of_service = models.PositiveSmallIntegerField(
        _("mentor's years of service at least"), null=True, blank=True,
        help_text=_("Counted from the CPNS date in the NIP."),
    )
    require_good_predicate = models.BooleanField(
        _("mentor's latest predicate Baik or better"), default=True
    )
    min_mentor_level = models.DecimalField(
        _("mentor's assessed level at least"), max_digits=2, decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("In the competency they would mentor."),
    )
    require_opt_in = models.BooleanField(_("mentors must opt in"), default=True)
    max_mentees_per_mentor = models.PositiveSmallIntegerField(
        _("mentees per mentor at most"), default=3, validators=[MinValueValidator(1)]
    )
    # Pair rules.
    supervisor_rule = models.CharField(
        _("direct supervisor as mentor"), max_length=8, choices=SupervisorRule.choices,
        default=SupervisorRule.ALLOWED,
    )
    unit_rule = models.CharField(
        _("mentor's unit"), max_length=10, choices=UnitRule.choices, default=UnitRule.ANY
    )
    mentor_senior_rank = models.BooleanField(
        _("mentor senior in golongan"), default=True,
        help_text=_("The mentor's golongan must be higher than the mentee's."),
    )
    propose_from_gaps = models.BooleanField(
        _("propose mentees from gaps"), default=True,
        help_text=_("Employees with a gap in a competency in focus join the matching too."),
    )
    idle_reminder_weeks = models.PositiveSmallIntegerField(
        _("remind after weeks without a session"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("mentoring program")
        verbose_name_plural = _("mentoring programs")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="mentoring_program_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(jp_per_session__gte=0), name="mentoring_program_jp_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def target_minutes(self) -> int:
        """The target as minutes, for the one duration formatter ("6 jam")."""
        return int(self.target_hours * 60)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class MentorOptIn(models.Model):
    """An employee's wish to mentor in a program (eligibility rule "opt-in")."""

    program = models.ForeignKey(
        MentoringProgram, on_delete=models.CASCADE, related_name="opt_ins",
        verbose_name=_("program"),
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="mentor_opt_ins",
        verbose_name=_("employee"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor opt-in")
        verbose_name_plural = _("mentor opt-ins")
        constraints = [
            models.UniqueConstraint(fields=["program", "employee"], name="mentoring_optin_once")
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.employee_id}"


class NominationSource(models.TextChoices):
    HR = "HR", _("Nominated by HR")
    SUPERVISOR = "SUPERVISOR", _("Nominated by the supervisor")


class MenteeNomination(models.Model):
    """A mentee put forward for a program by HR or by their supervisor. (Employees
    proposed from gaps are found by the matching run and need no row.)"""

    program = models.ForeignKey(
        MentoringProgram, on_delete=models.CASCADE, related_name="nominations",
        verbose_name=_("program"),
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="mentee_nominations",
        verbose_name=_("employee"),
    )
    source = models.CharField(_("source"), max_length=10, choices=NominationSource.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("nominated by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentee nomination")
        verbose_name_plural = _("mentee nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employee"], name="mentoring_nomination_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id}: {self.employee_id}"


class MatchingRunStatus(models.TextChoices):
    PENDING = "PENDING", _("Waiting")
    RUNNING = "RUNNING", _("Running")
    SUCCEEDED = "SUCCEEDED", _("Finished")
    FAILED = "FAILED", _("Failed")


class MatchingRun(StartedJob):
    """One run of the matching solver over a program (a Celery job with progress;
    config.jobs: the solver reports its progress as a percentage, so `percent` is
    stored and there is no total). Who started it, when, and why it failed come
    from StartedJob."""

    final_statuses = frozenset({MatchingRunStatus.SUCCEEDED, MatchingRunStatus.FAILED})
    progress_done_field = "percent"

    program = models.ForeignKey(
        MentoringProgram, on_delete=models.CASCADE, related_name="matching_runs",
        verbose_name=_("program"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MatchingRunStatus.choices,
        default=MatchingRunStatus.PENDING,
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    mentee_count = models.PositiveIntegerField(_("mentees considered"), default=0)
    mentor_count = models.PositiveIntegerField(_("eligible mentors"), default=0)
    pair_count = models.PositiveIntegerField(_("pairs proposed"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    greedy_score = models.FloatField(_("greedy baseline score"), default=0)

    class Meta(StartedJob.Meta):
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Shown in the admin: the time people read (TIME_ZONE), not UTC.
        created = timezone.localtime(self.created_at)
        return f"{self.program_id} {created:%Y-%m-%d %H:%M} {self.status}"

    @property
    def progress_total(self) -> None:
        return None


class PairStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("Proposed")
    ACTIVE = "ACTIVE", _("Active")
    COMPLETED = "COMPLETED", _("Completed")
    ENDED = "ENDED", _("Ended")


LIVE_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE, PairStatus.COMPLETED)


class MentoringPair(TimeStampedModel):
    """A mentor and a mentee in a program. `explanation` says why the pair was made:
    [{competency, code, gap, priority, mentee_level, mentor_level, points}]."""

    program = models.ForeignKey(
        MentoringProgram, on_delete=models.CASCADE, related_name="pairs",
        verbose_name=_("program"),
    )
    mentor = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="mentoring_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="mentoring_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    score = models.FloatField(_("match score"), default=0)
    explanation = models.JSONField(_("why this pair"), default=list, blank=True)
    made_by_hand = models.BooleanField(_("made by hand"), default=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("approved by"),
    )
    # "Is this a good fit?", asked of both after the first confirmed session.
    mentor_fit = models.BooleanField(_("mentor finds it a good fit"), null=True, blank=True)
    mentee_fit = models.BooleanField(_("mentee finds it a good fit"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    ended_reason = models.CharField(_("why it ended"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["program", "mentor__name", "mentee__name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")), name="mentoring_pair_not_self"
            ),
            # A mentee has one live pairing per program; ended ones stay as history.
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=models.Q(status__in=["PROPOSED", "ACTIVE", "COMPLETED"]),
                name="mentoring_pair_one_live_per_mentee",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["mentee", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.name} → {self.mentee.name}"

    @property
    def fit_answered(self) -> bool:
        return self.mentor_fit is not None and self.mentee_fit is not None


class MentoringGoal(models.Model):
    """A goal the pair agrees: a competency, what success looks like, action items,
    and at program end the level the mentor records (it becomes an assessment)."""

    pair = models.ForeignKey(
        MentoringPair, on_delete=models.CASCADE, related_name="goals", verbose_name=_("pair")
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("competency"),
    )
    success_criteria = models.TextField(_("what success looks like"))
    action_items = models.TextField(_("action items"), blank=True)
    final_level = models.DecimalField(
        _("level at the end"), max_digits=2, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    met = models.BooleanField(_("goal met"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring goal")
        verbose_name_plural = _("mentoring goals")
        ordering = ["pair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "competency"], name="mentoring_goal_once"),
            models.CheckConstraint(
                condition=models.Q(final_level__isnull=True)
                | models.Q(final_level__gte=1, final_level__lte=5),
                name="mentoring_goal_level_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.competency_id}"


class SessionMode(models.TextChoices):
    IN_PERSON = "IN_PERSON", _("In person")
    ONLINE = "ONLINE", _("Online")


class SessionStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Waiting for the mentee's confirmation")
    CONFIRMED = "CONFIRMED", _("Confirmed")
    DISPUTED = "DISPUTED", _("Disputed")


EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


def evidence_upload_to(instance: MentoringSession, filename: str) -> str:
    # Unguessable; served only through the access-checked view.
    return f"mentoring/{instance.pair_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MentoringSession(TimeStampedModel):
    """A session the mentor logged. Only a CONFIRMED one counts toward hours and JP;
    its notes are for the mentor, the mentee and HR only."""

    pair = models.ForeignKey(
        MentoringPair, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("pair")
    )
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices)
    topics = models.CharField(_("topics"), max_length=300)
    competencies = models.ManyToManyField(
        "competencies.Competency", verbose_name=_("competencies"), related_name="+", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to=evidence_upload_to, storage=private_storage, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SUBMITTED
    )
    dispute_reason = models.TextField(_("reason for disputing"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("comment"), max_length=300, blank=True)
    jp_awarded = models.DecimalField(
        _("JP credited"), max_digits=4, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="mentoring_session_rating_1_5",
            ),
        ]
        indexes = [models.Index(fields=["pair", "status"])]

    def __str__(self) -> str:
        return f"{self.pair_id} {self.held_on}"



class ReminderKind(models.TextChoices):
    IDLE = "IDLE", _("No session logged lately")
    CONFIRM = "CONFIRM", _("Session waiting for confirmation")


class MentoringReminder(SentNotice):
    """A reminder already sent, so the daily beat job sends each one once per week
    (the unique key makes a retried task harmless)."""

    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)
    ref = models.PositiveBigIntegerField(_("reference"))  # the pair or session id
    week = models.CharField(_("week"), max_length=8)  # ISO year-week, "2026-W49"

    class Meta:
        verbose_name = _("mentoring reminder")
        verbose_name_plural = _("mentoring reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref", "week"], name="mentoring_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} {self.week}"


class MentoringNotice(KeyedNotice):
    """A pair or session email already sent to one reader: the unique key (event,
    row version, reader) makes a retried task send it once
    (config.notifications.notification_send)."""

    class Meta:
        verbose_name = _("mentoring email sent")
        verbose_name_plural = _("mentoring emails sent")
