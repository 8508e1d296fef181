"""The radar chart of a profile (required vs assessed level per competency), drawn
server-side as inline SVG: no JavaScript, no chart library, readable by tests and
screen readers alike (each axis carries its numbers as data attributes)."""

from __future__ import annotations

import math
from decimal import Decimal

MAX_LEVEL = 5
SIZE = 420
CENTRE = SIZE / 2
RADIUS = 140


def _point(index: int, count: int, level: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * level / MAX_LEVEL
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def radar_chart(*, axes: list[tuple[str, str, int, Decimal | float | None]]) -> dict:
    """Geometry for the template. `axes`: (code, name, required, assessed or None).

    The assessed polygon joins only the assessed axes: an unassessed competency is
    marked "not assessed yet" on its axis, never drawn as level 0."""
    count = len(axes)
    if count < 3:
        return {"drawable": False, "axes": [], "size": SIZE}
    rings = [
        {"level": lv, "points": _points([_point(i, count, lv) for i in range(count)])}
        for lv in range(1, MAX_LEVEL + 1)
    ]
    out_axes = []
    required_pts = []
    assessed_pts = []
    for i, (code, name, required, assessed) in enumerate(axes):
        end = _point(i, count, MAX_LEVEL)
        label = _point(i, count, MAX_LEVEL + 0.9)
        req = _point(i, count, required)
        required_pts.append(req)
        item = {
            "code": code,
            "name": name,
            "required": required,
            "assessed": None if assessed is None else float(assessed),
            "end": end,
            "label": label,
            "anchor": "middle"
            if abs(label[0] - CENTRE) < 20
            else ("start" if label[0] > CENTRE else "end"),
            "required_point": req,
            "assessed_point": None,
            "unknown_point": _point(i, count, 0.45),
        }
        if assessed is not None:
            item["assessed_point"] = _point(i, count, float(assessed))
            assessed_pts.append(item["assessed_point"])
        out_axes.append(item)
    return {
        "drawable": True,
        "size": SIZE,
        "centre": CENTRE,
        "rings": rings,
        "axes": out_axes,
        "required_points": _points(required_pts),
        "assessed_points": _points(assessed_pts) if len(assessed_pts) >= 3 else "",
        "assessed_line": _points(assessed_pts) if 0 < len(assessed_pts) < 3 else "",
    }
