"""Small text rules for sentences that carry people's names."""
from __future__ import annotations

import re

# Two full stops that are not part of an ellipsis: what "Disetujui: %(name)s." gives
# for a name that ends in a title ("Siti Rahma, S.Kom.").
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def single_stop(text: str) -> str:
    """"S.Kom.." -> "S.Kom."; an ellipsis ("...") is left alone."""
    return _DOUBLE_STOP.sub(".", text)
