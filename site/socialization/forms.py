from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    publish = forms.BooleanField(label=_("Show on the policy page (Q&A)"), required=False)
