"""The supervisor's team recommendations filter (a GET form)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from learning.recommendations.selectors import team_filter_choices


class _NameChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name  # people by name, never NIP


class _CompetencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class TeamFilterForm(forms.Form):
    """By person and by competency; choices only from the supervisor's own team."""

    pegawai = _NameChoice(queryset=None, required=False, label=_("Employee"),
                          empty_label=_("Everyone"))
    kompetensi = _CompetencyChoice(queryset=None, required=False, label=_("Competency"),
                                   empty_label=_("All competencies"))

    def __init__(self, data=None, *, member_ids: set[int]):
        super().__init__(data)
        members, competencies = team_filter_choices(member_ids=member_ids)
        self.fields["pegawai"].queryset = members
        self.fields["kompetensi"].queryset = competencies
