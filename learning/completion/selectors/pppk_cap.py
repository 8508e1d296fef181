"""The PPPK cap warning, shared by the workshop page (catalog) and the enrollment from
a suggestion (recommendations): both sit above completion, so it lives here."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext as _

from learning.completion.selectors.jp import JpSummary


def _day(iso: str) -> str:
    return formats.date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def jp_period_text(period: dict | None) -> str:
    """A stored JP period ({"start", "end", "contract"}) as people read it: "tahun
    2026" or "tahun kontrak 1 Maret 2026–28 Februari 2027"."""
    if not period:
        return ""
    if period.get("contract"):
        return _("the contract year %(start)s–%(end)s") % {
            "start": _day(period["start"]), "end": _day(period["end"])}
    return _("the year %(year)s") % {"year": period["start"][:4]}


def pppk_cap_warning_text(*, summary: JpSummary, jp: Decimal) -> str:
    """To a PPPK (second person: only they see it), before enrolling: the session's
    JP would pass the cap of the period they count in (`summary`: jp_summary_for on
    the session's credit day), and how many of them would count. Empty when they fit
    or there is no cap. The workshop page and the enrollment from a suggestion say it
    in these same words."""
    if summary.kind != "CAP" or summary.target is None or summary.total + jp <= summary.target:
        return ""
    # A summary from jp_summary_for always knows its period.
    assert summary.period_start is not None and summary.period_end is not None
    period = jp_period_text({"start": summary.period_start.isoformat(),
                             "end": summary.period_end.isoformat(),
                             "contract": summary.contract_year})
    return _("This workshop adds %(jp)s JP, but you already have %(total)s of at most "
             "%(cap)s JP for PPPK in %(period)s (PP 49/2018): only %(counted)s JP of it "
             "would count.") % {
        "jp": floatformat(jp, "-2"), "total": floatformat(summary.total, "-2"),
        "cap": floatformat(summary.target, "-2"), "period": period,
        "counted": floatformat(summary.remaining, "-2")}
