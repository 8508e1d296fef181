"""Forms for completion pages: they parse input; the rules are in services."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from config.uploads import megabytes, upload_limits
from home.templatetags.durations import duration_text
from learning.completion.services.external_learning import PROOF_MAX_BYTES, proof_validate
from learning.completion.services.jp import jp_from_minutes
from learning.models import LearningForm

RATING_CHOICES = [(i, str(i)) for i in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"


class ExternalLearningForm(forms.Form):
    learning_form = forms.ModelChoiceField(
        label=_("Form of development"), queryset=LearningForm.objects.all()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput)
    jp_claimed = forms.DecimalField(
        label=_("JP claimed"), required=False, min_value=Decimal("0.1"), max_digits=5,
        decimal_places=1, help_text=_("Or give the duration in hours below."),
    )
    hours = forms.DecimalField(
        label=_("Duration (hours)"), required=False, min_value=Decimal("0.1"), max_digits=6,
        decimal_places=2,
    )
    proof = forms.FileField(
        label=_("Proof (certificate, letter)"),
        help_text=_("PDF, JPG or PNG, at most %(mb)d MB.") % {"mb": PROOF_MAX_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_proof(self):
        proof = self.cleaned_data["proof"]
        proof_validate(file=proof)
        return proof

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        hours = data.get("hours")
        if data.get("jp_claimed") and hours:
            # No activity earns more JP than its minutes allow (jp_rules).
            allowed = jp_from_minutes(minutes=int(hours * 60))
            if data["jp_claimed"] > allowed:
                self.add_error("jp_claimed", _(
                    "A duration of %(duration)s allows at most %(jp)s JP (1 JP = %(minutes)d "
                    "minutes).") % {
                    "duration": duration_text(int(hours * 60)), "jp": floatformat(allowed, -1),
                    "minutes": settings.BANGKOM_JP_MINUTES})
        if not data.get("jp_claimed"):
            if not hours:
                raise ValidationError(_("Give the JP claimed or the duration in hours."))
            jp = jp_from_minutes(minutes=int(hours * 60))
            if jp <= 0:
                self.add_error("hours", _("The duration is too short to count as JP."))
            data["jp_claimed"] = jp
        return data


class EvaluationForm(forms.Form):
    material = forms.TypedChoiceField(
        label=_("Material"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)
    facilitator = forms.TypedChoiceField(
        label=_("Facilitator"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)
    organization = forms.TypedChoiceField(
        label=_("Organization"), choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PostTestImportForm(forms.Form):
    file = forms.FileField(
        label=_("Scores file (CSV or XLSX)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = upload_limits("post_test")
        self.fields["file"].help_text = _(
            "Columns nip;nilai with a header row; decimals with a comma or a dot. At most "
            "%(size)s and %(rows)s rows.") % {"size": megabytes(limits.max_bytes),
                                              "rows": intcomma(limits.max_rows)}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
