from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from competencies.models import Competency
from learning.completion.jp_rules import jp_text
from mentoring.models import MentoringGoal, MentoringSession
from people.models import Employee
from people.nip import nip_normalize


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(format="%Y-%m-%d", **kwargs)


class SessionForm(forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["held_on", "duration_minutes", "mode", "topics", "competencies", "notes",
                  "agreed_actions", "next_meeting", "evidence"]
        widgets = {
            "held_on": DateInput(), "next_meeting": DateInput(),
            "competencies": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "agreed_actions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "evidence": _("Optional: PDF, JPG or PNG, at most 5 MB. Only the pair and HR "
                          "can open it."),
            "notes": _("Visible to the mentor, the mentee and HR only."),
        }

    def __init__(self, *args, program=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if program is not None:
            self.fields["competencies"].queryset = program.competencies.all()
            # The rule the confirmation will apply (learning.completion.jp_rules).
            self.fields["duration_minutes"].help_text = _(
                "1 JP for every %(per)d minutes, whole JP, at most %(cap)s JP a session.") % {
                "per": settings.BANGKOM_JP_MINUTES, "cap": jp_text(program.jp_per_session)}


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session?"), coerce=int, required=False, empty_value=None,
        choices=[("", "—"), (5, _("5 — very useful")), (4, "4"), (3, "3"), (2, "2"),
                 (1, _("1 — not useful"))],
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=300, required=False)


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("Why do you dispute this session?"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.ModelForm):
    class Meta:
        model = MentoringGoal
        fields = ["competency", "success_criteria", "action_items"]
        widgets = {"success_criteria": forms.Textarea(attrs={"rows": 2}),
                   "action_items": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, program=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = (
            program.competencies.all() if program is not None else Competency.objects.none())


PERSON_PICKER_LABEL = "{name} · {nip}"


class PersonPicker(forms.TextInput):
    """A searchable person picker: HR types part of a name or NIP and chooses from the
    suggestions the page fetches (mentoring/person_picker.js, HR's people search), as
    the audience picker's search box filters units. Without the script, a typed NIP
    still works."""

    input_type = "search"
    template_name = "mentoring/hr/_person_picker.html"

    class Media:
        js = ["mentoring/person_picker.js"]

    def __init__(self, attrs=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__({"autocomplete": "off", "data-person-picker": "",
                          "placeholder": _("Type a name or NIP"), **(attrs or {})})

    def format_value(self, value):  # type: ignore[no-untyped-def]
        if isinstance(value, Employee):
            return PERSON_PICKER_LABEL.format(name=value.name, nip=value.nip)
        return super().format_value(value)


class PersonPickerField(forms.CharField):
    """An active employee chosen with the person picker: the chosen suggestion
    ("Name · NIP"), a NIP typed with or without spaces, or an exact unique name."""

    widget = PersonPicker

    def clean(self, value):  # type: ignore[no-untyped-def]
        value = (super().clean(value) or "").strip()
        digits = re.findall(r"\d[\d ]{16,}\d", value)
        active = Employee.objects.filter(is_active=True)
        if digits:
            employee = active.filter(nip=nip_normalize(digits[-1])).first()
        else:
            named = list(active.filter(name__iexact=value)[:2])
            employee = named[0] if len(named) == 1 else None
        if employee is None:
            raise forms.ValidationError(
                _("Choose an active employee from the suggestions (type a name or NIP)."))
        return employee


class PairAddForm(forms.Form):
    mentor = PersonPickerField(label=_("Mentor"))
    mentee = PersonPickerField(label=_("Mentee"))


class PairSwapForm(forms.Form):
    mentor = PersonPickerField(label=_("New mentor"))


class NominateForm(forms.Form):
    nips = forms.CharField(label=_("Mentees' NIPs, one a line"),
                           widget=forms.Textarea(attrs={"rows": 3}))
