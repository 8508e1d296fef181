"""The catalog index's search box and filters (GET parameters)."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from learning.catalog.selectors import CatalogFilters


def _month_choices(*, ahead: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate()
    choices = [("", _("Any month"))]
    year, month = today.year, today.month
    for _i in range(ahead):
        first = dt.date(year, month, 1)
        choices.append((f"{year:04d}-{month:02d}", formats.date_format(first, "F Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


class CatalogFilterForm(forms.Form):
    """Choices come from catalog_filter_choices() (already loaded), so validating
    the form runs no query."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    competency = forms.TypedChoiceField(label=_("Competency"), required=False, coerce=int,
                                        empty_value=None)
    form = forms.TypedChoiceField(label=_("Form of development"), required=False, coerce=int,
                                  empty_value=None)
    month = forms.ChoiceField(label=_("Month"), required=False)
    seats = forms.BooleanField(label=_("Seats available"), required=False)
    eligible = forms.BooleanField(label=_("Eligible for me"), required=False)
    gap = forms.BooleanField(label=_("Matching my gaps"), required=False)

    def __init__(self, *args, competencies=(), learning_forms=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("All competencies"))] + [
            (c.pk, f"{c.code} {c.name}") for c in competencies]
        self.fields["form"].choices = [("", _("All forms"))] + [
            (f.pk, f.name) for f in learning_forms]
        self.fields["month"].choices = _month_choices()

    def filters(self) -> CatalogFilters:
        """The validated filters; invalid values are dropped (a forged query string
        shows the unfiltered catalog rather than an error page)."""
        data = self.cleaned_data if self.is_valid() else dict(
            getattr(self, "cleaned_data", {}))
        month = None
        if data.get("month"):
            year, mon = data["month"].split("-")
            month = dt.date(int(year), int(mon), 1)
        return CatalogFilters(
            query=(data.get("q") or "").strip(),
            competency_id=data.get("competency"),
            form_id=data.get("form"),
            month=month,
            seats_available=bool(data.get("seats")),
            eligible_only=bool(data.get("eligible")),
            matching_gaps=bool(data.get("gap")),
        )
