"""What the supervisor's team list and HR's employee list show about each person,
contributed by the apps above `people` (which must not import them).

Each app registers, from its AppConfig.ready():

    register_team_link(label=_("JP"), url_name="learning:employee_jp", order=20)
    register_team_column(key="jp", label=_("JP this year"), order=20, values=jp_for_ids)

A link is reversed with the employee's id; a column's `values(ids)` returns
{employee_id: text} for one page of people and must run a constant number of
queries (the list's query count is asserted in tests).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TeamLink:
    label: str
    url_name: str
    order: int


@dataclass(frozen=True)
class TeamColumn:
    key: str
    label: str
    order: int
    values: Callable[[list[int]], dict[int, str]]


_links: dict[str, TeamLink] = {}
_columns: dict[str, TeamColumn] = {}


def register_team_link(*, label: str, url_name: str, order: int = 100) -> None:
    _links[url_name] = TeamLink(label=label, url_name=url_name, order=order)


def register_team_column(
    *, key: str, label: str, values: Callable[[list[int]], dict[int, str]], order: int = 100
) -> None:
    _columns[key] = TeamColumn(key=key, label=label, order=order, values=values)


def team_links() -> list[TeamLink]:
    return sorted(_links.values(), key=lambda link: link.order)


def team_columns() -> list[TeamColumn]:
    return sorted(_columns.values(), key=lambda column: column.order)


def team_rows(members: list) -> tuple[list[TeamColumn], list[tuple[object, list[str]]]]:
    """The registered columns and, per member, the column texts in that order."""
    columns = team_columns()
    ids = [m.pk for m in members]
    values = [column.values(ids) if ids else {} for column in columns]
    return columns, [(m, [v.get(m.pk, "–") for v in values]) for m in members]
