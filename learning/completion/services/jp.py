"""JP of a workshop completion: the calendar days a session spans and its learning
form's rule (admin-editable data, domain §2.4). Activities credited per session or by
duration (mentoring, learning done elsewhere) use learning.completion.jp_rules.

Time zone: a session's days are calendar days in the project's time zone
(settings.TIME_ZONE, Asia/Jakarta by default)."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from learning.completion.jp_rules import jp_from_minutes_whole
from learning.models import JpUnit, LearningForm, WorkshopPage, WorkshopSession

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


def workshop_jp(*, workshop: WorkshopPage, days: int) -> Decimal:
    """JP credited for completing `workshop` over `days` days, from its learning
    form's rule (admin-editable data, domain §2.4):

    - unit DAY (seminar 4/day, 6 abroad; workshop 5/day, 7 abroad): days × per-day,
      the international per-day value when abroad;
    - unit SESSION/ACTIVITY: the per-unit value once (international value abroad);
    - unit PROGRAM, or no per-unit value: the workshop's own JP, × the form's
      international multiplier abroad (e.g. 40 JP × 1.20 = 48 JP)."""
    form: LearningForm = workshop.learning_form
    abroad = workshop.is_international
    per_unit = form.jp_per_unit
    if abroad and form.international_jp_per_unit is not None:
        per_unit = form.international_jp_per_unit
    if form.jp_unit == JpUnit.DAY and per_unit is not None:
        return jp_round(per_unit * days)
    if form.jp_unit in (JpUnit.SESSION, JpUnit.ACTIVITY) and per_unit is not None:
        return jp_round(per_unit)
    jp = Decimal(workshop.jp)
    if abroad:
        jp *= form.international_multiplier
    return jp_round(jp)


def session_jp(*, session: WorkshopSession) -> Decimal:
    return workshop_jp(workshop=session.page, days=len(session_days(session=session)))


def jp_from_minutes(*, minutes: int) -> Decimal:
    """Minutes of learning as whole JP, rounded down (1 JP = settings.BANGKOM_JP_MINUTES,
    45 by default): the rule of learning.completion.jp_rules."""
    return jp_from_minutes_whole(minutes=minutes)
