"""Selectors for the effective job competency standard of positions.

The effective standard of a position is:
1. every JobStandard row of the position (HR's technical requirements and overrides),
2. plus, for every *active* managerial / socio-cultural competency without such a
   row, the JobStandardDefault of the position's kind+level (if one exists).
Rows pointing at an inactive (retired) competency are left out.

`standard_for_position` answers for one position (2 queries); `effective_standards_sql`
/ `effective_standards_rows` answer for all (or some) positions in ONE set-based query,
for bulk computation. Shape of a row, in this order:

    (position_id: int, competency_id: int, required_level: int, source: str)

where source is STANDARD_SOURCE_POSITION ("POSITION") for a JobStandard row and
STANDARD_SOURCE_DEFAULT ("DEFAULT") for a default. The SQL is plain (a UNION ALL of a
join and an anti-join), valid on PostgreSQL and SQLite, and can be used as a subquery.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection

from competencies.models import (
    DEFAULTED_TYPES,
    Competency,
    JobStandard,
    JobStandardDefault,
)
from people.models import Position

STANDARD_SOURCE_POSITION = "POSITION"
STANDARD_SOURCE_DEFAULT = "DEFAULT"

StandardMap = dict[int, tuple[int, str]]


def standard_for_position(*, position: Position) -> StandardMap:
    """competency_id → (required_level, source) for one position. Two queries."""
    result: StandardMap = {}
    defaults = {
        d.competency_type: d.required_level
        for d in JobStandardDefault.objects.filter(
            position_kind=position.kind, position_level=position.level or ""
        )
    }
    if defaults:
        for pk, ctype in Competency.objects.filter(
            is_active=True, type__in=list(defaults)
        ).values_list("pk", "type"):
            result[pk] = (defaults[ctype], STANDARD_SOURCE_DEFAULT)
    for competency_id, required in JobStandard.objects.filter(
        position=position, competency__is_active=True
    ).values_list("competency_id", "required_level"):
        result[competency_id] = (required, STANDARD_SOURCE_POSITION)
    return result


def effective_standards_sql(*, position_ids: Iterable[int] | None = None) -> tuple[str, list]:
    """SQL (and params) selecting the effective standard rows of all positions, or of
    `position_ids`: columns position_id, competency_id, required_level, source."""
    q = connection.ops.quote_name
    pos, comp = q(Position._meta.db_table), q(Competency._meta.db_table)
    std, dflt = q(JobStandard._meta.db_table), q(JobStandardDefault._meta.db_table)
    params: list = []
    pos_filter_std = pos_filter_def = ""
    if position_ids is not None:
        ids = [int(i) for i in position_ids]
        if not ids:
            ids = [-1]
        marks = ", ".join(["%s"] * len(ids))
        pos_filter_std = f" AND s.position_id IN ({marks})"
        pos_filter_def = f" AND p.id IN ({marks})"
        params_std, params_def = list(ids), list(ids)
    else:
        params_std, params_def = [], []
    type_marks = ", ".join(["%s"] * len(DEFAULTED_TYPES))
    sql = (
        f"SELECT s.position_id AS position_id, s.competency_id AS competency_id, "
        f"s.required_level AS required_level, '{STANDARD_SOURCE_POSITION}' AS source "
        f"FROM {std} s JOIN {comp} c ON c.id = s.competency_id "
        f"WHERE c.is_active{pos_filter_std} "
        f"UNION ALL "
        f"SELECT p.id, c.id, d.required_level, '{STANDARD_SOURCE_DEFAULT}' "
        f"FROM {pos} p "
        f"JOIN {dflt} d ON d.position_kind = p.kind AND d.position_level = p.level "
        f"JOIN {comp} c ON c.type = d.competency_type AND c.is_active "
        f"WHERE c.type IN ({type_marks}){pos_filter_def} "
        f"AND NOT EXISTS (SELECT 1 FROM {std} s2 "
        f"WHERE s2.position_id = p.id AND s2.competency_id = c.id)"
    )
    params = params_std + [str(t) for t in DEFAULTED_TYPES] + params_def
    return sql, params


def effective_standards_rows(
    *, position_ids: Iterable[int] | None = None
) -> Iterator[tuple[int, int, int, str]]:
    """Run effective_standards_sql and yield (position_id, competency_id,
    required_level, source), streamed from one query."""
    sql, params = effective_standards_sql(position_ids=position_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1, 2", params)
        while chunk := cursor.fetchmany(2000):
            for row in chunk:
                yield int(row[0]), int(row[1]), int(row[2]), str(row[3])
