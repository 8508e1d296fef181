"""The gap rules as one set-based PostgreSQL statement per chunk of employees.

The same rules as `compute.py` (the reference, pure Python, also the SQLite path),
written as INSERT … SELECT so the 1.2 million gap rows of a 100,000-employee agency
never travel to Python and back: the database reads the chunk's assessments, keeps
the latest per source (DISTINCT ON) within the source's age limit, takes the
weighted mean, resolves the position's standard (defaults by kind + jenjang,
overridden per position), flags competencies from the latest appraisal, and writes
the gap rows (with their explanation) and the JPM rows in one statement.

Arithmetic is exact `numeric` here where Python uses floats with a half-up rounding
helper; both round half away from zero to the stored precision, and the values
involved (levels with one decimal, weights with two) never come close enough to a
rounding boundary for float error to matter, so both paths store the same numbers.
tests/competencies/test_gaps_sql.py checks that they agree row for row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connection

from competencies.gaps.compute import source_cutoff
from competencies.models import (
    DEFAULTED_TYPES,
    Appraisal,
    AppraisalPeriod,
    AppraisalValueRating,
    Assessment,
    Competency,
    CompetencyGap,
    CoreValue,
    CoreValueCompetency,
    JobPersonMatch,
    JobStandard,
    JobStandardDefault,
    Rating,
)
from people.models import Employee, Position

if TYPE_CHECKING:
    from competencies.gaps.services import GapContext


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "employee": q(Employee._meta.db_table),
        "position": q(Position._meta.db_table),
        "competency": q(Competency._meta.db_table),
        "standard": q(JobStandard._meta.db_table),
        "default": q(JobStandardDefault._meta.db_table),
        "assessment": q(Assessment._meta.db_table),
        "appraisal": q(Appraisal._meta.db_table),
        "period": q(AppraisalPeriod._meta.db_table),
        "rating": q(AppraisalValueRating._meta.db_table),
        "value": q(CoreValue._meta.db_table),
        "value_comp": q(CoreValueCompetency._meta.db_table),
        "gap": q(CompetencyGap._meta.db_table),
        "jpm": q(JobPersonMatch._meta.db_table),
    }


def _num(value: float) -> str:
    """A float as numeric text that keeps its repr ("2.0", not "2"), so the JSON
    explanation shows weights and boosts exactly as the Python path writes them."""
    return repr(float(value))


# The statement. %(name)s parameters; {name} are table names and the JPM formula.
#
# The explanation is JSON built as text from fragments, most of them made once per
# position, source or employee rather than once per gap row (jsonb_build_object per
# row cost half again as much), and the column is `json`, checked but not converted
# (ExplanationField). Every piece is an id, a number, an ISO date (the caller sets
# DateStyle) or an enum value, except the period and value codes, which to_json
# escapes.
_INSERT_SQL = """
WITH
emp AS (
    SELECT e.id AS employee_id, e.position_id
    FROM {employee} e
    WHERE e.id = ANY(%(ids)s::bigint[]) AND e.is_active
),
-- The effective standard of the chunk's positions: HR's per-position rows (active
-- competencies), then the kind + jenjang defaults for the other active managerial
-- and socio-cultural competencies.
std_rows AS (
    SELECT s.position_id, s.competency_id, s.required_level,
           'POSITION' AS origin, s.id AS ref
    FROM {standard} s
    JOIN {competency} c ON c.id = s.competency_id AND c.is_active
    WHERE s.position_id IN (SELECT position_id FROM emp)
    UNION ALL
    SELECT p.id, c.id, d.required_level, 'DEFAULT', d.id
    FROM {position} p
    JOIN {default} d ON d.position_kind = p.kind AND d.position_level = p.level
    JOIN {competency} c ON c.type = d.competency_type AND c.is_active
    WHERE p.id IN (SELECT position_id FROM emp)
      AND d.competency_type = ANY(%(defaulted_types)s)
      AND NOT EXISTS (
          SELECT 1 FROM {standard} s2
          WHERE s2.position_id = p.id AND s2.competency_id = c.id
      )
),
std AS (
    SELECT position_id, competency_id, required_level,
           concat('{{"standard":{{"origin":"', origin, '","ref":', ref,
                  ',"required_level":', required_level, '}},"assessments":') AS head_json
    FROM std_rows
),
rules AS (
    SELECT source, weight, cutoff,
           concat('{{"source":"', source, '","weight":', weight, ',"date":"') AS head_json
    FROM unnest(%(sources)s::text[], %(weights)s::numeric[], %(cutoffs)s::date[])
        AS r(source, weight, cutoff)
),
-- Per (employee, competency, source) the latest assessment still young enough to
-- count; sources weighted 0 are not in `rules`.
latest AS (
    SELECT DISTINCT ON (a.employee_id, a.competency_id, a.source)
           a.employee_id, a.competency_id, a.source, a.level, a.assessed_on, a.id,
           r.weight, r.head_json
    FROM {assessment} a
    JOIN rules r ON r.source = a.source
    WHERE a.employee_id = ANY(%(ids)s::bigint[])
      AND (r.cutoff IS NULL OR a.assessed_on >= r.cutoff)
    ORDER BY a.employee_id, a.competency_id, a.source, a.assessed_on DESC, a.id DESC
),
-- The weighted mean of the per-source levels, exact (numeric), half up.
combined AS (
    SELECT employee_id, competency_id,
           round(sum(level * weight) / sum(weight), 2) AS assessed,
           concat('[', string_agg(
               concat(head_json, assessed_on, '","level":', level, ',"id":', id, '}}'),
               ',' ORDER BY source COLLATE "C"
           ), ']') AS used
    FROM latest
    GROUP BY employee_id, competency_id
),
-- The latest appraisal (a year's annual one counts as after its fourth quarter).
appraisal AS (
    SELECT DISTINCT ON (a.employee_id) a.employee_id, a.id, p.code AS period, a.predicate
    FROM {appraisal} a
    JOIN {period} p ON p.id = a.period_id
    WHERE a.employee_id = ANY(%(ids)s::bigint[])
    ORDER BY a.employee_id, p.year DESC, coalesce(p.quarter, 5) DESC, a.id DESC
),
-- Per employee: the competencies flagged by a core value rated BELOW, and the end
-- of the explanation of a row that is a concern (the appraisal and the priority
-- terms), one for flagged rows and one for the others.
appraisal_facts AS (
    SELECT ap.employee_id,
           coalesce(pb.boost, 0.0) AS predicate_boost,
           ARRAY(
               SELECT m.competency_id
               FROM {rating} r JOIN {value_comp} m ON m.core_value_id = r.core_value_id
               WHERE r.appraisal_id = ap.id AND r.rating = %(below)s
           ) AS flagged,
           concat(',"appraisal":{{"id":', ap.id, ',"period":', to_json(ap.period),
                  ',"predicate":', to_json(ap.predicate), ',"below_values":',
                  coalesce((
                      SELECT json_agg(v.code ORDER BY v.id)
                      FROM {rating} r JOIN {value} v ON v.id = r.core_value_id
                      WHERE r.appraisal_id = ap.id AND r.rating = %(below)s
                  ), '[]'), '}}') AS appraisal_json
    FROM appraisal ap
    LEFT JOIN unnest(%(predicates)s::text[], %(boosts)s::numeric[]) AS pb(predicate, boost)
        ON pb.predicate = ap.predicate
),
employee_facts AS (
    SELECT e.employee_id, x.flagged,
           coalesce(x.predicate_boost, 0.0) AS predicate_boost,
           concat(x.appraisal_json, ',"priority":{{"gap_weight":', %(gap_weight)s::numeric,
                  ',"behaviour_boost":', %(behaviour_boost)s::numeric,
                  ',"predicate_boost":', coalesce(x.predicate_boost, 0.0), '}}}}')
               AS tail_flagged,
           concat(x.appraisal_json, ',"priority":{{"gap_weight":', %(gap_weight)s::numeric,
                  ',"behaviour_boost":0.0,"predicate_boost":',
                  coalesce(x.predicate_boost, 0.0), '}}}}') AS tail_gap
    FROM emp e
    LEFT JOIN appraisal_facts x ON x.employee_id = e.employee_id
),
base AS (
    SELECT e.employee_id, s.competency_id, s.required_level, s.head_json,
           c.assessed, coalesce(c.used, '[]') AS used,
           -- greatest() would skip a NULL: an unknown level must stay an unknown gap.
           CASE WHEN c.assessed IS NOT NULL
                THEN greatest(s.required_level - c.assessed, 0) END AS gap,
           coalesce(s.competency_id = ANY(f.flagged), false) AS flagged,
           f.predicate_boost, f.tail_flagged, f.tail_gap
    FROM emp e
    JOIN std s ON s.position_id = e.position_id
    JOIN employee_facts f ON f.employee_id = e.employee_id
    LEFT JOIN combined c
        ON c.employee_id = e.employee_id AND c.competency_id = s.competency_id
),
gap_rows AS (
    INSERT INTO {gap} (employee_id, competency_id, required_level, assessed_level,
                       difference, gap, priority, behaviour_flag, explanation, computed_at)
    SELECT employee_id, competency_id, required_level, assessed,
           assessed - required_level, gap,
           -- A row is a concern when it has a gap or is behaviour-flagged: only
           -- then do the boosts (and the appraisal, in the explanation) count.
           CASE WHEN flagged
                THEN round(coalesce(gap, 0) * %(gap_weight)s::numeric
                           + %(behaviour_boost)s::numeric + predicate_boost, 2)
                WHEN gap > 0
                THEN round(gap * %(gap_weight)s::numeric + predicate_boost, 2)
                ELSE 0 END,
           flagged,
           concat(head_json, used,
                  CASE WHEN flagged THEN tail_flagged WHEN gap > 0 THEN tail_gap
                       ELSE '}}' END)::json,
           %(now)s
    FROM base
    RETURNING employee_id, required_level, assessed_level
),
jpm AS (
    SELECT employee_id,
           count(*) AS standard_count,
           count(assessed_level) AS assessed_count,
           {jpm_formula} AS jpm_percent
    FROM gap_rows
    GROUP BY employee_id
),
-- Every active employee gets a JPM row, also without a standard (JPM unknown).
jpm_rows AS (
    INSERT INTO {jpm} (employee_id, jpm_percent, coverage, standard_count,
                       assessed_count, computed_at)
    SELECT e.employee_id, j.jpm_percent,
           CASE WHEN j.standard_count > 0
                THEN round(j.assessed_count::numeric / j.standard_count, 3) ELSE 0 END,
           coalesce(j.standard_count, 0), coalesce(j.assessed_count, 0), %(now)s
    FROM emp e
    LEFT JOIN jpm j ON j.employee_id = e.employee_id
    RETURNING 1
)
SELECT (SELECT count(*) FROM gap_rows), (SELECT count(*) FROM jpm_rows)
"""

# JPM over the assessed competencies only (unknowns left out, NULL when none known).
# The FILTERs matter: least() and greatest() skip NULLs, so least(NULL, 3) is 3.
_JPM_FORMULAS = {
    "capped_sum": (
        "round(sum(least(assessed_level, required_level))"
        " FILTER (WHERE assessed_level IS NOT NULL) * 100.0"
        " / sum(required_level) FILTER (WHERE assessed_level IS NOT NULL), 2)"
    ),
    "mean_ratio": (
        "round(avg(least(assessed_level / required_level, 1))"
        " FILTER (WHERE assessed_level IS NOT NULL) * 100.0, 2)"
    ),
}


def gap_chunk_insert_sql(*, employee_ids: list[int], ctx: GapContext) -> tuple[str, dict]:
    """The statement (and its parameters) that inserts the gap and JPM rows of the
    active employees among `employee_ids`, computed by the rules of `ctx`, and
    returns (gap rows, JPM rows). PostgreSQL only. The caller deletes the old rows
    first, in the same transaction, and sets `DateStyle` to ISO (the explanation's
    dates are written as date::text)."""
    counted = [(s, r) for s, r in sorted(ctx.rules.items()) if r.weight > 0]
    cutoffs: list[dt.date | None] = [source_cutoff(rule=r, today=ctx.today) for _, r in counted]
    config = ctx.config
    params = {
        "ids": list(employee_ids),
        "defaulted_types": [str(t) for t in DEFAULTED_TYPES],
        "sources": [s for s, _ in counted],
        "weights": [_num(r.weight) for _, r in counted],
        "cutoffs": cutoffs,
        "below": str(Rating.BELOW),
        "predicates": list(config.predicate_boost),
        "boosts": [_num(b) for b in config.predicate_boost.values()],
        "gap_weight": _num(config.gap_weight),
        "behaviour_boost": _num(config.behaviour_boost),
        "now": ctx.now,
    }
    sql = _INSERT_SQL.format(**_tables(), jpm_formula=_JPM_FORMULAS[config.jpm_formula])
    return sql, params
