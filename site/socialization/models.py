"""Policy socialization (sosialisasi kebijakan): Wagtail pages under /sosialisasi/,
who must read them, who has acknowledged which revision, reminders and questions."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from people.models import PositionKind, TimeStampedModel
from people.widgets import UnitTreeSelectMultiple
from socialization.blocks import PolicyStreamBlock


class PolicyIndexPage(Page):
    """The policy hub at /sosialisasi/. Lists only the policies the visitor may
    see (their audience, live, not expired) and searches within them."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["socialization.PolicyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("policy hub")

    def serve(self, request, *args, **kwargs):
        from socialization.views import login_required_for_page

        return login_required_for_page(request) or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from socialization.selectors import policy_list_for_user

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        context["query"] = query
        context["policies"] = policy_list_for_user(user=request.user, query=query or None)
        return context


class PolicyPageForm(WagtailAdminPageForm):
    audience_position_kinds = forms.MultipleChoiceField(
        label=_("Position kinds"),
        choices=PositionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Substantive change" describes one revision, not the page: start every edit
        # unticked so a later typo fix does not silently re-ask everyone.
        self.initial["requires_reacknowledgement"] = False


class PolicyPage(Page):
    """A policy (regulation) explained to employees. HR chooses the audience, marks
    reading as mandatory with a deadline, and ticks "substantive change" on a revision
    that everyone must acknowledge again."""

    summary = models.TextField(_("summary"), max_length=600)
    regulation = models.CharField(
        _("regulation"), max_length=200, blank=True,
        help_text=_('e.g. "PermenPANRB No. 6 Tahun 2022"'),
    )
    body = StreamField(PolicyStreamBlock(), verbose_name=_("body"), blank=True)
    audience_all = models.BooleanField(
        _("all employees"), default=True,
        help_text=_("Untick to choose units and/or position kinds below."),
    )
    audience_units = ParentalManyToManyField(
        "people.Unit", verbose_name=_("units"), blank=True, related_name="+",
        help_text=_("Sub-units are included."),
    )
    audience_position_kinds = models.JSONField(_("position kinds"), default=list, blank=True)
    is_mandatory = models.BooleanField(_("reading is mandatory"), default=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    requires_reacknowledgement = models.BooleanField(
        _("substantive change (everyone must acknowledge again)"), default=False,
        help_text=_("Tick when this revision changes the substance of the policy."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("regulation"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("audience_all"),
                FieldPanel("audience_units", widget=UnitTreeSelectMultiple),
                FieldPanel("audience_position_kinds"),
            ],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("is_mandatory"), FieldPanel("deadline")]),
             FieldPanel("requires_reacknowledgement")],
            heading=_("Reading obligation"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("regulation"),
        index.SearchField("body"),
    ]
    base_form_class = PolicyPageForm
    # Shown when HR tries to delete a policy that employees have acknowledged
    # (home/wagtail_hooks.py): the acknowledgements are the compliance record.
    delete_protected_hint = _(
        "Acknowledgements are the record of who has read the policy. Unpublish it "
        "instead: employees no longer see it and the record is kept."
    )
    parent_page_types = ["socialization.PolicyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("policy page")
        verbose_name_plural = _("policy pages")

    def serve(self, request, *args, **kwargs):
        from socialization.views import policy_page_serve

        return policy_page_serve(request, page=self, serve=super().serve, args=args,
                                 kwargs=kwargs)

    def get_context(self, request, *args, **kwargs):
        from socialization.selectors import policy_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(policy_page_context(page=self, user=request.user))
        return context


class PolicyAckState(models.Model):
    """Which revision of a policy employees must have acknowledged. Kept outside the
    page because publishing re-saves page fields from the revision's JSON; moved by
    the page_published signal when a substantive revision goes live."""

    page = models.OneToOneField(
        PolicyPage, on_delete=models.CASCADE, primary_key=True, related_name="ack_state"
    )
    # CASCADE: the revision is this page's own, deleted only with the page (PROTECT
    # made every published policy undeletable, even one nobody had acknowledged).
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("acknowledgement revision")

    def __str__(self) -> str:
        return f"{self.page_id}@{self.revision_id}"


class Acknowledgement(models.Model):
    """An employee's "I have read and understood" for one acknowledgement revision."""

    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("employee"), on_delete=models.CASCADE,
        related_name="policy_acknowledgements",
    )
    page = models.ForeignKey(
        PolicyPage, verbose_name=_("policy"), on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("revision"), on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "page", "revision"], name="socialization_ack_unique"
            )
        ]
        indexes = [models.Index(fields=["page", "revision"])]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.page_id}@{self.revision_id}"


class ReminderSent(models.Model):
    """One reminder email per employee per policy per day, even if a task is retried."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(PolicyPage, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "page", "sent_on"], name="socialization_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} → {self.page_id} ({self.sent_on})"


class PolicyQuestion(TimeStampedModel):
    """An employee's question about a policy. Only its author and HR see it until HR
    answers it and publishes it to the page's "Questions and answers" section."""

    page = models.ForeignKey(
        PolicyPage, verbose_name=_("policy"), on_delete=models.CASCADE,
        related_name="questions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE,
        related_name="+",
    )
    question = models.TextField(_("question"), max_length=2000)
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    is_published = models.BooleanField(_("shown on the page"), default=False)
    # Set when the asker was emailed the answer: once, however often HR edits it.
    asker_notified_at = models.DateTimeField(_("asker notified at"), null=True, blank=True,
                                             editable=False)

    class Meta:
        verbose_name = _("policy question")
        verbose_name_plural = _("policy questions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_published=False) | ~models.Q(answer=""),
                name="socialization_question_published_needs_answer",
            )
        ]

    def __str__(self) -> str:
        return self.question[:60]


class HrApprovalTask(AbstractGroupApprovalTask):
    """The HR approval step of the publishing workflow: members of the chosen groups
    approve, except the person who submitted the page when separation of duties is on
    (BANGKOM_SEPARATION_OF_DUTIES, default on): four eyes see every publication."""

    def _submitted_by(self, obj, user) -> bool:
        if not getattr(settings, "BANGKOM_SEPARATION_OF_DUTIES", True):
            return False
        state = getattr(obj, "current_workflow_state", None)
        return bool(state is not None and user.is_authenticated
                    and state.requested_by_id == user.pk)

    def get_actions(self, obj, user):
        if self._submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if getattr(settings, "BANGKOM_SEPARATION_OF_DUTIES", True):
            states = states.exclude(workflow_state__requested_by=user)
        return states

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve; whoever submitted the page cannot "
                 "approve it (separation of duties).")

    class Meta:
        verbose_name = _("HR approval task")
        verbose_name_plural = _("HR approval tasks")
