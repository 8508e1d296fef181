"""Forms for development plans."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency
from learning.models import LearningForm, WorkshopPage
from learning.plans.models import PlanItemKind


class _WorkshopChoiceField(forms.ModelChoiceField):
    """Each workshop with the JP it credits: the JP the plan item will take."""

    def label_from_instance(self, obj) -> str:
        return _("%(title)s (%(jp)s JP)") % {"title": obj.title,
                                            "jp": floatformat(obj.jp, "-1")}


class PlanItemForm(forms.Form):
    """A free item (or a workshop chosen from the catalog list)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PlanItemKind.choices)
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.filter(is_active=True).order_by("code"))
    workshop = _WorkshopChoiceField(
        label=_("Workshop"), required=False,
        queryset=WorkshopPage.objects.live().order_by("title"))
    learning_form = forms.ModelChoiceField(
        label=_("Form of learning"), required=False,
        queryset=LearningForm.objects.order_by("order", "name"))
    title = forms.CharField(label=_("Description"), required=False, max_length=200)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int,
        choices=[(q, _("Quarter %(q)s") % {"q": q}) for q in range(1, 5)])
    planned_jp = forms.DecimalField(
        label=_("Planned JP"), min_value=Decimal("0.5"), max_value=Decimal(500),
        decimal_places=1, required=False,
        help_text=_("A workshop from the catalog takes its JP from the catalog; leave this "
                    "empty for it."))


class PlanDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    comment = forms.CharField(label=_("Comment (required to return)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
