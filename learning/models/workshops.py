"""The workshop catalog: Wagtail pages under /pelatihan/ and their dated sessions."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

# How the catalog pages are served and what their templates get is the catalog's
# (learning/catalog/views.py, above the models: learning/'s parts depend downward
# only, docs/architecture.md). It registers its functions here, by name, when
# LearningConfig.ready() imports it, as apps register home panels.
_catalog_page_views: dict[str, Callable[..., Any]] = {}


def register_catalog_page_view(*, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register "serve" (`func(*, request, serve)`, around Wagtail's serve), "index"
    and "workshop" (`func(*, request, page) -> dict`, the pages' context)."""

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        _catalog_page_views[name] = func
        return func

    return decorator


# Checks of the editor's form that need rules above the models (the JP a session
# credits is learning.completion's): registered by name from LearningConfig.ready().
_workshop_form_checks: dict[str, Callable[..., None]] = {}


FormCheck = Callable[..., None]


def register_workshop_form_check(*, name: str) -> Callable[[FormCheck], FormCheck]:
    """Register `func(*, page_form, cleaned, sessions)`, run when the editor's form is
    clean with its sessions valid; it adds its errors to `form`."""

    def decorator(func: FormCheck) -> FormCheck:
        _workshop_form_checks[name] = func
        return func

    return decorator


class WorkshopPageForm(WagtailAdminPageForm):
    """The editor's form: a session that already has enrollments (the training
    record of the people in it) cannot be removed, only marked cancelled. Checked when
    any revision is saved, so neither a workflow approval nor a scheduled publish can
    later meet the database's PROTECT."""

    def clean(self):
        cleaned = super().clean()
        sessions = self.formsets.get("sessions")
        if sessions is not None and sessions.is_valid():
            removed = [form.instance for form in sessions.deleted_forms if form.instance.pk]
            if removed and WorkshopSession.objects.filter(
                pk__in=[s.pk for s in removed], enrollments__isnull=False
            ).exists():
                self.add_error(None, ValidationError(
                    _("A removed session already has enrollments. Keep it and tick "
                      "“cancelled” instead: its participants are told and their seats "
                      "freed."), code="session_has_enrollments",
                ))
            for check in _workshop_form_checks.values():
                check(page_form=self, cleaned=cleaned, sessions=sessions)
        return cleaned



class WorkshopIndexPage(Page):
    """The catalog at /pelatihan/: lists, searches and filters the workshops below it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["learning.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("workshop catalog")

    def serve(self, request, *args, **kwargs):
        return _catalog_page_views["serve"](
            request=request,
            serve=lambda: super(WorkshopIndexPage, self).serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_catalog_page_views["index"](request=request, page=self))
        return context


class WorkshopPage(Page):
    """A training or workshop in the catalog. Editors describe it, name the
    competencies it develops and add its dated sessions inline."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    description = RichTextField(_("description"), blank=True)
    learning_objectives = RichTextField(_("learning objectives"), blank=True)
    learning_form = models.ForeignKey(
        "learning.LearningForm", verbose_name=_("form of development"),
        on_delete=models.PROTECT, related_name="workshops",
    )
    jp = models.DecimalField(_("JP credited"), max_digits=5, decimal_places=1)
    is_international = models.BooleanField(_("abroad"), default=False)
    provider = models.CharField(_("provider / facilitator"), max_length=200, blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    # Eligibility: empty means everyone.
    eligible_position_kinds = models.JSONField(
        _("eligible position kinds"), default=list, blank=True
    )
    eligible_rank_min = models.ForeignKey(
        "people.Rank", verbose_name=_("lowest golongan"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    eligible_rank_max = models.ForeignKey(
        "people.Rank", verbose_name=_("highest golongan"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    eligible_units = models.ManyToManyField(
        "people.Unit", verbose_name=_("eligible units"), blank=True, related_name="+"
    )
    requires_supervisor_approval = models.BooleanField(
        _("supervisor must approve enrollment"), default=False
    )
    # Completion rule (the Enrollment issue computes completion from these).
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=100
    )
    passing_score = models.DecimalField(
        _("post-test passing score"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Empty: no post-test."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel(
            [FieldPanel("learning_form"), FieldPanel("jp"), FieldPanel("is_international"),
             FieldPanel("provider"), FieldPanel("prerequisites")],
            heading=_("Form and credit"),
        ),
        InlinePanel("competencies", label=_("Competencies developed")),
        MultiFieldPanel(
            [FieldPanel("eligible_position_kinds"), FieldPanel("eligible_rank_min"),
             FieldPanel("eligible_rank_max"), FieldPanel("eligible_units"),
             FieldPanel("requires_supervisor_approval")],
            heading=_("Eligibility"),
        ),
        MultiFieldPanel(
            [FieldPanel("min_attendance_percent"), FieldPanel("passing_score")],
            heading=_("Completion rule"),
        ),
        InlinePanel("sessions", label=_("Sessions")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.SearchField("description"),
        index.SearchField("learning_objectives"),
        index.SearchField("provider"),
        index.RelatedFields("competencies", [
            index.RelatedFields("competency", [
                index.SearchField("code"), index.SearchField("name")]),
        ]),
        index.FilterField("learning_form"),
    ]
    parent_page_types = ["learning.WorkshopIndexPage"]
    subpage_types: list[str] = []
    base_form_class = WorkshopPageForm

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def with_content_json(self, content):
        """A revision's page, for preview or publishing. A revision saved before
        someone enrolled may lack a session that now has enrollments; publishing it
        would delete the session (PROTECT error). Such a session is kept, marked
        cancelled, so the publish goes through and its participants are told."""
        page = super().with_content_json(content)
        if self.pk:
            kept = {s.pk for s in page.sessions.all() if s.pk}
            orphaned = list(
                WorkshopSession.objects.filter(page_id=self.pk, enrollments__isnull=False)
                .exclude(pk__in=kept).distinct()
            )
            for session in orphaned:
                session.is_cancelled = True
            if orphaned:
                page.sessions.add(*orphaned)
        return page

    def serve(self, request, *args, **kwargs):
        # Wagtail's router already 404s unpublished pages; an expired page stays live
        # until the publish_scheduled job runs, so check the date here too.
        if self.expire_at and self.expire_at <= timezone.now():
            raise Http404
        return _catalog_page_views["serve"](
            request=request,
            serve=lambda: super(WorkshopPage, self).serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(_catalog_page_views["workshop"](request=request, page=self))
        return context


class WorkshopCompetency(Orderable):
    """A competency a workshop develops, and the level it targets."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"),
        on_delete=models.PROTECT, related_name="workshop_links",
    )
    target_level = models.PositiveSmallIntegerField(_("target level"), default=2)

    panels = [FieldPanel("competency"), FieldPanel("target_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("competency developed")
        constraints = [
            models.UniqueConstraint(fields=["page", "competency"], name="learning_wc_unique"),
            models.CheckConstraint(
                condition=models.Q(target_level__gte=1, target_level__lte=5),
                name="learning_wc_level_1_5",
            ),
        ]


class DeliveryMode(models.TextChoices):
    OFFLINE = "OFFLINE", _("In person")
    ONLINE = "ONLINE", _("Online")
    HYBRID = "HYBRID", _("Hybrid")


class WorkshopSession(Orderable):
    """A dated run of a workshop, edited inline on its WorkshopPage.

    Publishing a page revision re-saves its sessions from the revision's JSON, so any
    value that changes outside the editor (seats taken, the calendar SEQUENCE) must not
    live on this model, or a publish would overwrite it with a stale copy. Such state
    lives in rows keyed by the session (see learning.models.enrollment)."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    delivery_mode = models.CharField(
        _("delivery"), max_length=8, choices=DeliveryMode.choices, default=DeliveryMode.OFFLINE
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    facilitator_user = models.ForeignKey(
        "people.User", verbose_name=_("facilitator account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="facilitated_sessions",
        help_text=_("May mark attendance on the roster."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    panels = [
        FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("delivery_mode"),
        FieldPanel("venue"), FieldPanel("online_url"), FieldPanel("capacity"),
        FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at"),
        FieldPanel("facilitator"), FieldPanel("facilitator_user"), FieldPanel("is_cancelled"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="learning_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="learning_session_registration_window",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        from learning.sessions import session_label

        return session_label(self)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if (self.registration_opens_at and self.registration_closes_at
                and self.registration_closes_at <= self.registration_opens_at):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )


class SessionCalendarState(models.Model):
    """The iCalendar SEQUENCE of a session, raised whenever its dated fields change.

    Kept outside WorkshopSession (a publish re-saves sessions from the revision JSON,
    which would reset it). Updated on `page_published` by comparing a fingerprint of
    the fields a calendar shows (learning.catalog.ics.session_fingerprint)."""

    session = models.OneToOneField(
        WorkshopSession, on_delete=models.CASCADE, primary_key=True,
        related_name="calendar_state", verbose_name=_("session"),
    )
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("session calendar state")
        verbose_name_plural = _("session calendar states")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.sequence}"


class CalendarFeedToken(models.Model):
    """The secret in an employee's private calendar feed URL. Regenerating replaces
    it (the old URL stops working); revoking deletes the row."""

    employee = models.OneToOneField(
        "people.Employee", on_delete=models.CASCADE, primary_key=True,
        related_name="calendar_feed_token", verbose_name=_("employee"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.employee_id}"
