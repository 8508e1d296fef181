"""iCalendar output for sessions: one session's .ics and an employee's private feed.

What calendar apps need to update and remove events (RFC 5545 / 5546):
- a stable UID per session (`session-<id>@<host>`), the same in every download and feed;
- SEQUENCE raised whenever the event changes: the session's own counter
  (SessionCalendarState, raised on publish when the dated fields change), plus, in a
  personal feed, two per re-enrollment and one when the enrollment is cancelled;
- METHOD:PUBLISH, DTSTAMP in UTC, DTSTART/DTEND with TZID (Asia/Jakarta) and a VTIMEZONE;
- STATUS:CANCELLED with the same UID and a higher SEQUENCE for a cancelled session or
  enrollment, so Outlook and Google remove the event instead of keeping a stale copy.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event, vText

PRODID = "-//Bangkom//Katalog Pelatihan//ID"


def calendar_uid_host() -> str:
    """The host part of event UIDs: fixed by settings, never the request's Host, so
    a UID stays the same whichever address the file was downloaded from."""
    configured = getattr(settings, "BANGKOM_CALENDAR_UID_HOST", "")
    return configured or urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "bangkom"


def session_uid(session_id: int) -> str:
    return f"session-{session_id}@{calendar_uid_host()}"


def session_fingerprint(session) -> str:
    """A hash of what a calendar shows about the session: when a publish changes it,
    the session's SEQUENCE goes up."""
    parts = [
        session.starts_at.astimezone(dt.UTC).isoformat(),
        session.ends_at.astimezone(dt.UTC).isoformat(),
        session.delivery_mode, session.venue, session.online_url,
        str(bool(session.is_cancelled)), session.page.title,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _location(session) -> str:
    if session.venue and session.online_url:
        return f"{session.venue} / {session.online_url}"
    return session.venue or session.online_url


def session_event(*, session, sequence: int, cancelled: bool, tentative: bool = False,
                  url: str = "", stamp: dt.datetime | None = None) -> Event:
    """One VEVENT for `session` (its `page` must be loaded)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    page = session.page
    event = Event()
    event.add("uid", session_uid(session.pk))
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("sequence", sequence)
    event.add("summary", page.title)
    location = _location(session)
    if location:
        event.add("location", vText(location))
    description = strip_tags(getattr(page, "description", "") or "").strip()
    if session.facilitator:
        description = f"{session.facilitator}\n\n{description}".strip()
    if description:
        event.add("description", description[:2000])
    if url:
        event.add("url", url)
    if cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return event


def _calendar(name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def calendar_bytes(*, events: list[Event], name: str = "") -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) holding `events`, with the VTIMEZONEs they use."""
    cal = _calendar(name)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
