"""Rows of HR's per-unit tables (heatmap, JPM distribution, acknowledgement and JP
reports) along the unit tree.

A province has OPDs (dinas, badan) with bidang and seksi below them; a flat list of
every unit would be hundreds of rows. The tables therefore show the units one level
below a chosen unit (or the top-level units), each row counting everyone in its
subtree, plus a row for the chosen unit's own staff. HR drills down row by row.

Loads the whole tree in one query (units are a few thousand at most, ids and parent
ids only), so the tables stay at a fixed number of queries: the aggregates group by
the employee's own unit and are summed into rows here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import overload

from django.utils.translation import gettext as _

from people.models import Unit


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    has_children: bool
    direct_only: bool = False  # the chosen unit's own staff, not its subtree

    @property
    def label(self) -> str:
        if self.direct_only:
            return _("%(unit)s (own staff)") % {"unit": self.name}
        return self.name


@dataclass(frozen=True)
class UnitRollup:
    within: tuple[int, str] | None  # the chosen unit, None for the top level
    trail: list[tuple[int, str]]  # the chosen unit's ancestors, top first
    rows: list[UnitRow]
    row_of_unit: dict[int, int]  # employee's unit id → index into rows

    def group(self, unit_id: int | None) -> int | None:
        return None if unit_id is None else self.row_of_unit.get(unit_id)

    def unit_ids(self) -> set[int]:
        """Every unit the rows cover (the chosen unit's whole subtree)."""
        return set(self.row_of_unit)


def unit_rollup_from_param(raw: str | None) -> UnitRollup | None:
    """The rollup HR asked for with ?unit=<id>: the top level when empty, None for a
    unit that does not exist or a forged value (the view answers 404)."""
    raw = (raw or "").strip()
    if not raw:
        return unit_rollup()
    return unit_rollup(within_id=int(raw)) if raw.isdigit() else None


def unit_rollup_or_404(raw: str | None) -> UnitRollup:
    """unit_rollup_from_param for a view: a unit that does not exist (a forged or stale
    ?unit= link) is a 404, so ids don't leak."""
    from django.http import Http404

    rollup = unit_rollup_from_param(raw)
    if rollup is None:
        raise Http404
    return rollup


@overload
def unit_rollup(*, within_id: None = None) -> UnitRollup: ...
@overload
def unit_rollup(*, within_id: int | None) -> UnitRollup | None: ...
def unit_rollup(*, within_id: int | None = None) -> UnitRollup | None:
    """The rows below `within_id` (None: the top-level units). None when that unit
    does not exist. One query."""
    names: dict[int, str] = {}
    parent: dict[int, int | None] = {}
    for pk, name, parent_id in Unit.objects.values_list("pk", "name", "parent_id"):
        names[pk], parent[pk] = name, parent_id
    if within_id is not None and within_id not in names:
        return None
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in parent.items():
        # A parent that is gone (or a stored cycle) would hide units: treat as a root.
        key = parent_id if parent_id in names else None
        children.setdefault(key, []).append(pk)

    rows: list[UnitRow] = []
    row_of_unit: dict[int, int] = {}
    if within_id is not None:
        rows.append(UnitRow(within_id, names[within_id], has_children=False, direct_only=True))
        row_of_unit[within_id] = 0
    for top in sorted(children.get(within_id, []), key=lambda pk: names[pk].lower()):
        index = len(rows)
        rows.append(UnitRow(top, names[top], has_children=bool(children.get(top))))
        stack = [top]
        while stack:  # the subtree, each unit once (a stored cycle cannot loop here)
            node = stack.pop()
            if node in row_of_unit:
                continue
            row_of_unit[node] = index
            stack.extend(children.get(node, []))

    trail: list[tuple[int, str]] = []
    node = parent.get(within_id) if within_id is not None else None
    seen: set[int] = set()
    while node is not None and node in names and node not in seen:
        seen.add(node)
        trail.append((node, names[node]))
        node = parent.get(node)
    trail.reverse()
    return UnitRollup(
        within=(within_id, names[within_id]) if within_id is not None else None,
        trail=trail,
        rows=rows,
        row_of_unit=row_of_unit,
    )
