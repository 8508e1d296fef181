from django import template

from learning.completion.jp_rules import learning_form_rule
from learning.sessions import session_when as _session_when

register = template.Library()


@register.filter
def session_when(session) -> str:
    """{{ session|session_when }}: the whole range, "3 Desember 2026, 08.00–16.00" or
    "3 Desember 2026 – 31 Januari 2027"."""
    if session is None:
        return ""
    return _session_when(session.starts_at, session.ends_at)


@register.filter
def session_days(session) -> str:
    """{{ session|session_days }}: the dates only ("3 Desember 2026" or a range)."""
    if session is None:
        return ""
    return _session_when(session.starts_at, session.ends_at, with_time=False)


@register.filter
def jp_rule(form) -> str:
    """{{ learning_form|jp_rule }}: the form's JP rule in words, "5 JP per hari (7 JP per
    hari di luar negeri)". A filter, not a model property, because the rule lives in
    learning.completion.jp_rules, above the models."""
    if form is None:
        return ""
    return learning_form_rule(form=form)
