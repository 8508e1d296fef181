"""One way to write a number for people: Django's floatformat (the active language's
decimal comma, "0,5"), never a negative zero: a value that rounds to zero at the shown
precision reads "0,0", not "−0,0" (a gap of −0.001 is no gap)."""
from __future__ import annotations

from decimal import Decimal

from django.template.defaultfilters import floatformat


def number_text(value: Decimal | float | int | str | None, places: int | str = 1) -> str:
    """`value` with `places` decimals ("-2": up to two, as floatformat); "" for None."""
    if value is None or value == "":
        return ""
    text = str(floatformat(value, places))
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text
