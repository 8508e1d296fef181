from django import template

from learning.sessions import days_when as _days_when
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
def dates_when(record) -> str:
    """{{ submission|dates_when }}: a record's start_date–end_date as days_when writes it."""
    if record is None:
        return ""
    return _days_when(record.start_date, record.end_date)
