"""The one JP rule for activities credited per session, per activity or per day with a
duration: mentoring sessions, learning done elsewhere. Every credit and every page
that shows the figure calls `jp_figure`, so the ledger and the page cannot disagree.

The rule (docs/jp-and-completion.md "JP per activity"):

1. minutes ÷ BANGKOM_JP_MINUTES (45 by default), rounded **down** to a whole JP: a
   JP is a lesson hour, so 30 minutes earn 0 JP and 50 minutes 1 JP — no activity
   earns more JP than its minutes allow;
2. at most the form's cap per unit (e.g. a mentoring program's 2 JP per session,
   a seminar's 4 JP per day × days), which HR edits as data;
3. at most what the monthly cap leaves (a mentoring program's sessions per month,
   a learning form's JP per month).

`rule` says in words which of these gave the figure, for the person reading it."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from learning.models import JpUnit, LearningForm
from learning.models.forms import jp_text

__all__ = ["JpFigure", "jp_figure", "jp_from_minutes_whole", "jp_text",
           "learning_form_cap", "learning_form_rule"]


@dataclass(frozen=True)
class JpFigure:
    jp: Decimal
    rule: str  # "1 JP: 50 menit ÷ 45 menit, dibatasi 2 JP per sesi"

    def __str__(self) -> str:
        return self.rule


def jp_from_minutes_whole(*, minutes: int) -> Decimal:
    """Whole JP that `minutes` of learning allow (rounded down)."""
    per = Decimal(settings.BANGKOM_JP_MINUTES)
    return (Decimal(max(minutes, 0)) / per).quantize(Decimal(1), rounding=ROUND_FLOOR)


def jp_figure(
    *,
    minutes: int | None,
    claimed: Decimal | None = None,
    cap: Decimal | None = None,
    cap_text: str = "",
    month_left: Decimal | None = None,
    month_text: str = "",
) -> JpFigure:
    """The JP an activity earns and the words that say why.

    `minutes`: its duration (None when only a JP figure was claimed, `claimed`);
    `cap`/`cap_text`: the form's limit for it and how to say it ("2 JP per sesi");
    `month_left`/`month_text`: what the monthly cap still allows and why."""
    parts: list[str] = []
    if minutes is not None:
        jp = jp_from_minutes_whole(minutes=minutes)
        parts.append(_("%(minutes)d min ÷ %(per)d min") % {
            "minutes": minutes, "per": settings.BANGKOM_JP_MINUTES})
        if claimed is not None and claimed < jp:
            jp = claimed
    else:
        jp = claimed if claimed is not None else Decimal(0)
        parts.append(_("%(jp)s JP claimed") % {"jp": jp_text(jp)})
    if cap is not None:
        if jp > cap:
            jp = cap
        parts.append(_("capped at %(cap)s") % {"cap": cap_text or jp_text(cap)})
    rule = ", ".join(parts)
    if month_left is not None and jp > month_left:
        jp = max(Decimal(0), month_left)
        rule += "; " + month_text
    return JpFigure(jp=jp, rule=f"{jp_text(jp)} JP: {rule}")


def learning_form_cap(
    *, form: LearningForm, days: int = 1, abroad: bool = False
) -> tuple[Decimal | None, str]:
    """A learning form's JP limit for one activity and how to say it: per day × days
    (seminar 4 JP a day), per session or per activity; None for "as set by the
    program" (formal education, structured training)."""
    per_unit = form.jp_per_unit
    if abroad and form.international_jp_per_unit is not None:
        per_unit = form.international_jp_per_unit
    if per_unit is None:
        return None, ""
    if form.jp_unit == JpUnit.DAY:
        return per_unit * days, _("%(jp)s JP a day × %(days)d days") % {
            "jp": jp_text(per_unit), "days": days}
    if form.jp_unit == JpUnit.SESSION:
        return per_unit, _("%(jp)s JP a session") % {"jp": jp_text(per_unit)}
    if form.jp_unit == JpUnit.ACTIVITY:
        return per_unit, _("%(jp)s JP an activity") % {"jp": jp_text(per_unit)}
    return None, ""


def learning_form_rule(*, form: LearningForm) -> str:
    """A learning form's JP rule in one line, for the pages that show a JP figure of
    that form: "5 JP per hari (7 JP per hari di luar negeri)" (LearningForm.jp_rule:
    the wording lives with the form's data, below completion)."""
    return form.jp_rule
