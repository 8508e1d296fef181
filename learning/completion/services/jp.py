"""JP of a workshop completion: the calendar days a session spans and its learning
form's rule (admin-editable data, domain §2.4). Activities credited per session or by
duration (mentoring, learning done elsewhere) use learning.completion.jp_rules.

Time zone: a session's days are calendar days in the project's time zone
(settings.TIME_ZONE, Asia/Jakarta by default)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from home.templatetags.durations import duration_text
from learning.completion.jp_rules import jp_figure, jp_from_minutes_whole, learning_form_cap
from learning.models import LearningForm, WorkshopPage, WorkshopSession

ONE_TENTH = Decimal("0.1")


def session_days(*, session: WorkshopSession) -> list[dt.date]:
    """The calendar days (local time) a session spans, first to last. A session that
    ends exactly at midnight does not count the day it ends on."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    last = end.date()
    if end.time() == dt.time.min and last > start.date():
        last -= dt.timedelta(days=1)
    return [start.date() + dt.timedelta(days=i) for i in range((last - start.date()).days + 1)]


def jp_round(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ONE_TENTH, rounding=ROUND_HALF_UP)


def session_minutes(*, session: WorkshopSession) -> int:
    """The learning minutes of a session: start to end on a one-day session; on a
    multi-day one the daily hours (start time to end time) × its days, not the nights
    between (the full span when the end time is not after the start time)."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    span = int((end - start).total_seconds() // 60)
    days = len(session_days(session=session))
    if days <= 1:
        return span
    daily = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return daily * days if daily > 0 else span


@dataclass(frozen=True)
class WorkshopJp:
    """What completing a session of a workshop credits, and why (for its pages)."""

    jp: Decimal
    basis: str  # the rule that gave the figure: "5 JP per hari × 2 hari"
    listed: Decimal  # the JP the workshop lists (× the multiplier abroad)

    @property
    def capped(self) -> bool:
        """The workshop lists more JP than its form's rule and its duration allow."""
        return self.listed > self.jp


def session_jp_figure(*, session: WorkshopSession) -> WorkshopJp:
    """The JP a session credits on completion, from the one rule (jp_rules.jp_figure):
    at most its minutes allow (1 JP = 45 minutes, whole JP), at most the learning
    form's rule (per day × days, per session, per activity: `learning_form_cap`), and
    for a form "as set by the program" at most the workshop's own JP (× the form's
    multiplier abroad). Reads the session's page and its learning form."""
    workshop: WorkshopPage = session.page
    form: LearningForm = workshop.learning_form
    abroad = workshop.is_international
    days = len(session_days(session=session))
    cap, cap_text = learning_form_cap(form=form, days=days, abroad=abroad)
    listed = jp_round(Decimal(workshop.jp) * (form.international_multiplier if abroad else 1))
    minutes = session_minutes(session=session)
    figure = jp_figure(minutes=minutes, claimed=None if cap is not None else listed,
                       cap=cap, cap_text=cap_text)
    if cap is not None and figure.jp == cap:
        basis = cap_text
    elif figure.jp == jp_from_minutes_whole(minutes=minutes) and (cap is not None
                                                                  or figure.jp < listed):
        basis = _("duration %(time)s (1 JP = %(per)d min)") % {
            "time": duration_text(minutes), "per": settings.BANGKOM_JP_MINUTES}
    else:  # the program's own JP; the multiplier only where it applies
        basis = form.jp_rule if abroad else _("JP as set by the program")
    return WorkshopJp(jp=figure.jp, basis=basis, listed=listed)


def session_jp(*, session: WorkshopSession) -> Decimal:
    """What completing `session` credits (session_jp_figure)."""
    return session_jp_figure(session=session).jp


def jp_from_minutes(*, minutes: int) -> Decimal:
    """Minutes of learning as whole JP, rounded down (1 JP = settings.BANGKOM_JP_MINUTES,
    45 by default): the rule of learning.completion.jp_rules."""
    return jp_from_minutes_whole(minutes=minutes)
