"""The one percentage the roster, the JP bars and the reports show."""
from __future__ import annotations

from decimal import Decimal


def percent_of(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """`part` as a percentage of `whole`, to one decimal; 0 when `whole` is 0."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
