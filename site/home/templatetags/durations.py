"""How a duration reads: 75 minutes is "1 jam 15 menit", never "1,2 jam". One
formatter for every page and export that shows minutes or hours ({% load durations %}
then {{ minutes|duration }}; Python code calls duration_text)."""
from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import ngettext

register = template.Library()


def duration_text(minutes: int | Decimal | None) -> str:
    """ "1 jam 15 menit", "2 jam", "45 menit", "0 menit" (whole minutes)."""
    total = int(minutes or 0)
    hours, rest = divmod(max(total, 0), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if rest or not hours:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
    return " ".join(parts)


@register.filter
def duration(minutes: int | Decimal | None) -> str:
    """{{ session.duration_minutes|duration }} → "1 jam 15 menit"."""
    return duration_text(minutes)
