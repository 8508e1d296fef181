"""How a session's time is written for people: its whole range, in the reader's language.

A one-day session reads "3 Desember 2026, 08.00–16.00"; a multi-day or multi-week one
(e-learning from 3 December to 31 January) reads "3 Desember 2026 – 31 Januari 2027",
never just its first day, so that a clash warning and a calendar agree with what people see.
"""
from __future__ import annotations

import datetime as dt

from django.utils import formats, timezone


def session_when(starts_at: dt.datetime, ends_at: dt.datetime, *, with_time: bool = True) -> str:
    """The session's range in the active language and the site's time zone."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date() and with_time:
        return "{}, {}–{}".format(
            formats.date_format(start, "DATE_FORMAT"), formats.time_format(start, "TIME_FORMAT"),
            formats.time_format(end, "TIME_FORMAT"),
        )
    return days_when(start.date(), end.date())


def days_when(start: dt.date, end: dt.date | None) -> str:
    """A range of days (learning done elsewhere, a session without its hours): one day
    reads "29 November 2026", never "29 November 2026 – 29 November 2026"."""
    start_day = formats.date_format(start, "DATE_FORMAT")
    if end is None or end == start:
        return start_day
    return f"{start_day} – {formats.date_format(end, 'DATE_FORMAT')}"


def session_label(session) -> str:
    """'Workshop title · when', for messages that name a session."""
    return f"{session.page.title} · {session_when(session.starts_at, session.ends_at)}"
