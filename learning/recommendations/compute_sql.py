"""The recommendation rules as one PostgreSQL statement per chunk: what runs on
PostgreSQL. The same rules as compute.py (the reference), which
tests/learning/test_recommendations_sql.py checks on generated data: same rows,
ranks, scores, signatures and reasons.

The catalog side (workshops, their next sessions and JP, targets, eligibility
rules, the unit tree) comes from the run's context as array parameters, so the
session choice and the JP rule are made once in Python for both paths. The
employee side (gaps, latest predicate, JP this year, completed and live
enrollments, dismissals) is read inside the statement; nothing per row travels to
Python and back.
"""
from __future__ import annotations

import datetime as dt

from django.db import connection

from learning.recommendations.models import Recommendation, UncoveredGap

SQL = """
WITH
emp AS (
  SELECT e.id, e.unit_id, e.employment_type, p.kind AS pkind,
         r.employment_type AS rtype, r."order" AS rorder
  FROM people_employee e
  JOIN people_position p ON p.id = e.position_id
  JOIN people_rank r ON r.id = e.rank_id
  WHERE e.id = ANY(%(ids)s::int[]) AND e.is_active
),
w AS (
  SELECT * FROM unnest(%(w_id)s::int[], %(w_session)s::int[], %(w_starts)s::timestamptz[],
                       %(w_ends)s::timestamptz[], %(w_jp)s::numeric[], %(w_kinds)s::text[],
                       %(w_min_type)s::text[], %(w_min_order)s::int[],
                       %(w_max_type)s::text[], %(w_max_order)s::int[], %(w_has_units)s::bool[],
                       %(w_credit_on)s::date[])
    AS t(id, session_id, starts_at, ends_at, jp, kinds, min_type, min_order, max_type,
         max_order, has_units, credit_on)
),
wc AS (
  SELECT * FROM unnest(%(wc_w)s::int[], %(wc_c)s::int[], %(wc_t)s::int[])
    AS t(workshop_id, competency_id, target)
),
wu AS (SELECT * FROM unnest(%(wu_w)s::int[], %(wu_u)s::int[]) AS t(workshop_id, unit_id)),
uc AS (SELECT * FROM unnest(%(uc_u)s::int[], %(uc_a)s::int[]) AS t(unit_id, ancestor_id)),
pol AS (
  SELECT * FROM unnest(%(pol_type)s::text[], %(pol_kind)s::text[], %(pol_min)s::numeric[])
    AS t(etype, kind, minimum)
),
g AS MATERIALIZED (
  SELECT g.employee_id, g.competency_id, g.required_level, g.assessed_level, g.gap,
         g.priority, g.behaviour_flag
  FROM competencies_competencygap g
  WHERE g.employee_id = ANY(%(ids)s::int[]) AND g.gap IS NOT NULL
    AND EXISTS (SELECT 1 FROM emp WHERE emp.id = g.employee_id)
),
pred AS (
  SELECT DISTINCT ON (a.employee_id) a.employee_id, a.predicate
  FROM competencies_appraisal a
  JOIN competencies_appraisalperiod p ON p.id = a.period_id
  WHERE a.employee_id = ANY(%(ids)s::int[])
  ORDER BY a.employee_id, p.year DESC, COALESCE(p.quarter, 5) DESC, a.id DESC
),
-- The employee's JP periods (calendar or contract years, chosen in Python by
-- learning.completion's rule) from today's to the last session's, with their totals.
per AS (
  SELECT * FROM unnest(%(p_emp)s::int[], %(p_start)s::date[], %(p_end)s::date[],
                       %(p_contract)s::bool[]) AS t(employee_id, pstart, pend, contract)
),
jp AS MATERIALIZED (
  SELECT per.employee_id, per.pstart, per.pend, per.contract,
         COALESCE(SUM(l.jp), 0) AS total
  FROM per
  LEFT JOIN learning_jpledgerentry l
    ON l.employee_id = per.employee_id AND l.occurred_on BETWEEN per.pstart AND per.pend
  GROUP BY per.employee_id, per.pstart, per.pend, per.contract
),
done AS (
  SELECT en.employee_id, array_agg(DISTINCT s.page_id) AS workshops
  FROM learning_enrollment en
  JOIN learning_completion c ON c.enrollment_id = en.id
  JOIN learning_workshopsession s ON s.id = en.session_id
  WHERE en.employee_id = ANY(%(ids)s::int[]) AND c.completed_at >= %(cutoff)s
  GROUP BY en.employee_id
),
live AS (
  SELECT en.employee_id, array_agg(DISTINCT s.page_id) AS workshops,
         range_agg(tstzrange(s.starts_at, s.ends_at)) FILTER (WHERE NOT s.is_cancelled) AS own
  FROM learning_enrollment en
  JOIN learning_workshopsession s ON s.id = en.session_id
  WHERE en.employee_id = ANY(%(ids)s::int[])
    AND en.status IN ('PENDING_APPROVAL', 'ENROLLED', 'WAITLISTED')
    AND s.ends_at > %(now)s
  GROUP BY en.employee_id
),
-- One row per employee with everything the rules need besides the gap rows; the
-- enrollments as arrays and a multirange, so the per-candidate checks below are
-- array and range operators instead of joins.
empx AS MATERIALIZED (
  SELECT emp.*, pred.predicate,
         CASE WHEN pol.kind = 'MINIMUM' AND pol.minimum > 0 THEN pol.minimum END AS minimum,
         CASE WHEN pol.kind = 'CAP' THEN pol.minimum END AS cap,
         COALESCE(done.workshops, '{}') AS completed,
         COALESCE(live.workshops, '{}') AS enrolled,
         live.own,
         ARRAY(SELECT uc.ancestor_id FROM uc WHERE uc.unit_id = emp.unit_id) AS chain,
         COALESCE(pred.predicate = ANY(%(high)s::text[]), false) AS high
  FROM emp
  LEFT JOIN pol ON pol.etype = emp.employment_type
  LEFT JOIN pred ON pred.employee_id = emp.id
  LEFT JOIN done ON done.employee_id = emp.id
  LEFT JOIN live ON live.employee_id = emp.id
),
wx AS MATERIALIZED (
  SELECT w.*, ARRAY(SELECT wu.unit_id FROM wu WHERE wu.workshop_id = w.id) AS units FROM w
),
-- Every (employee, workshop, competency) where the workshop's target helps: closes
-- part of a gap, or (kept for high performers only) goes beyond a level already met;
-- for eligible workshops not completed recently (learning.enrollment.eligibility).
lines AS MATERIALIZED (
  SELECT g.employee_id, wc.workshop_id, g.competency_id, g.required_level, g.assessed_level,
         wc.target, g.priority, g.behaviour_flag, (g.gap > 0) AS is_gap,
         NOT (wc.workshop_id = ANY(e.enrolled)) AS open,
         CASE WHEN g.gap > 0 THEN LEAST(wc.target - g.assessed_level, g.gap) / g.gap END AS share,
         CASE WHEN g.gap > 0
              THEN g.priority * LEAST(wc.target - g.assessed_level, g.gap) / g.gap
              ELSE %(talent_w)s::numeric
                   * (wc.target - GREATEST(g.required_level::numeric, g.assessed_level))
         END AS points
  FROM g
  JOIN wc ON wc.competency_id = g.competency_id
  JOIN empx e ON e.id = g.employee_id
  JOIN wx w ON w.id = wc.workshop_id
  WHERE ((g.gap > 0 AND wc.target > g.assessed_level)
         OR (e.high AND g.gap = 0 AND wc.target > g.required_level
             AND wc.target > g.assessed_level))
    AND (w.kinds = '' OR position(',' || e.pkind || ',' IN w.kinds) > 0)
    AND (w.min_type IS NULL OR (w.min_type = e.rtype AND e.rorder >= w.min_order))
    AND (w.max_type IS NULL OR (w.max_type = e.rtype AND e.rorder <= w.max_order))
    AND (NOT w.has_units OR w.units && e.chain)
    AND NOT (wc.workshop_id = ANY(e.completed))
),
covered AS (
  SELECT DISTINCT employee_id, competency_id FROM lines WHERE is_gap
),
-- A workshop with gap points is a GAP suggestion; one without, a TALENT one.
cands AS (
  SELECT employee_id, workshop_id,
         CASE WHEN bool_or(is_gap) THEN 'GAP' ELSE 'TALENT' END AS kind,
         CASE WHEN bool_or(is_gap) THEN SUM(points) FILTER (WHERE is_gap)
              ELSE SUM(points) END AS points
  FROM lines WHERE open
  GROUP BY employee_id, workshop_id
),
-- Narrow rows through the ranking sort (ids and numbers only): wide rows spilled it
-- to disk; the reason's other parts are joined back for the kept rows.
-- The JP terms come from the period the session's JP would count in (its credit
-- day's): the shortfall toward that period's minimum, the JP below that period's cap.
periodx AS (
  SELECT c.employee_id, c.workshop_id, c.kind, c.points, w.starts_at, w.ends_at,
         e.minimum, e.cap, e.own, w.jp,
         COALESCE(p.pstart, make_date(extract(year FROM w.credit_on)::int, 1, 1)) AS pstart,
         COALESCE(p.pend, make_date(extract(year FROM w.credit_on)::int, 12, 31)) AS pend,
         COALESCE(p.contract, false) AS contract,
         COALESCE(p.total, 0) AS ptotal
  FROM cands c JOIN wx w ON w.id = c.workshop_id JOIN empx e ON e.id = c.employee_id
  LEFT JOIN jp p ON p.employee_id = c.employee_id AND w.credit_on BETWEEN p.pstart AND p.pend
),
scored AS (
  SELECT employee_id, workshop_id, kind, points, starts_at, pstart, pend, contract,
         minimum, cap,
         CASE WHEN minimum IS NULL THEN 0 ELSE GREATEST(minimum - ptotal, 0) END AS shortfall,
         CASE WHEN minimum IS NULL THEN 1::numeric
              ELSE 1 + %(jp_w)s::numeric * GREATEST(minimum - ptotal, 0) / minimum
         END AS jp_factor,
         CASE WHEN cap IS NULL THEN jp ELSE LEAST(jp, GREATEST(cap - ptotal, 0)) END AS counted,
         COALESCE(own && tstzrange(starts_at, ends_at), false) AS clash
  FROM periodx
),
final AS (
  SELECT s.*, CASE WHEN s.clash THEN %(clash_f)s::numeric ELSE 1::numeric END AS clash_factor,
         round(s.points * s.jp_factor
               * CASE WHEN s.clash THEN %(clash_f)s::numeric ELSE 1::numeric END, 3) AS score
  FROM scored s
  LEFT JOIN recommendations_recommendationdismissal d
    ON d.employee_id = s.employee_id AND d.workshop_id = s.workshop_id AND d.kind = s.kind
  -- The signature is built only where a dismissal exists (few rows).
  WHERE d.id IS NULL OR d.gap_signature IS DISTINCT FROM (
    SELECT string_agg(
             l.competency_id || ':' || l.required_level || ':' || l.assessed_level::text
             || CASE WHEN s.kind = 'GAP' THEN ':' || l.priority::text ELSE '' END,
             ';' ORDER BY l.competency_id)
    FROM lines l
    WHERE l.employee_id = s.employee_id AND l.workshop_id = s.workshop_id
      AND l.is_gap = (s.kind = 'GAP'))
),
ranked AS (
  SELECT f.*, row_number() OVER (PARTITION BY f.employee_id, f.kind
                                 ORDER BY f.score DESC, f.starts_at, f.workshop_id) AS rnk
  FROM final f
),
top AS MATERIALIZED (SELECT * FROM ranked WHERE rnk <= %(max_n)s),
-- The reason and the signature, for the kept suggestions only.
top_lines AS (
  SELECT t.employee_id, t.workshop_id,
         json_agg(json_build_object(
           'competency', l.competency_id, 'required', l.required_level,
           'assessed', l.assessed_level, 'target', l.target, 'priority', l.priority,
           'share', round(l.share, 3), 'points', round(l.points, 3),
           'behaviour', l.behaviour_flag) ORDER BY l.competency_id) AS lines_json,
         string_agg(
           l.competency_id || ':' || l.required_level || ':' || l.assessed_level::text
           || CASE WHEN t.kind = 'GAP' THEN ':' || l.priority::text ELSE '' END,
           ';' ORDER BY l.competency_id) AS signature
  FROM top t
  JOIN lines l ON l.employee_id = t.employee_id AND l.workshop_id = t.workshop_id
              AND l.is_gap = (t.kind = 'GAP')
  GROUP BY t.employee_id, t.workshop_id
),
ins AS (
  INSERT INTO {reco_table} (employee_id, workshop_id, session_id, kind, rank, score, reason,
                            gap_signature, computed_at)
  SELECT t.employee_id, t.workshop_id, w.session_id, t.kind, t.rnk, t.score,
         json_build_object(
           'kind', t.kind, 'jp', w.jp, 'jp_counted', t.counted, 'jp_cap', t.cap,
           'jp_period', json_build_object('start', t.pstart, 'end', t.pend,
                                          'contract', t.contract),
           'predicate', e.predicate, 'lines', tl.lines_json,
           'score', json_build_object(
             'points', round(t.points, 3), 'jp_shortfall', t.shortfall,
             'jp_minimum', t.minimum, 'jp_factor', round(t.jp_factor, 3), 'clash', t.clash,
             'clash_factor', t.clash_factor, 'total', t.score)),
         tl.signature, %(now)s
  FROM top t JOIN top_lines tl USING (employee_id, workshop_id)
  JOIN wx w ON w.id = t.workshop_id JOIN empx e ON e.id = t.employee_id
  RETURNING 1
),
unc AS (
  INSERT INTO {uncovered_table} (employee_id, competency_id, unit_id, required_level,
                                 assessed_level, priority, computed_at)
  SELECT g.employee_id, g.competency_id, emp.unit_id, g.required_level, g.assessed_level,
         g.priority, %(now)s
  FROM g JOIN emp ON emp.id = g.employee_id
  WHERE g.gap > 0 AND NOT EXISTS (
    SELECT 1 FROM covered c
    WHERE c.employee_id = g.employee_id AND c.competency_id = g.competency_id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM unc)
"""


def jp_period_params(*, employee_ids: list[int], ctx) -> dict:
    """Each employee's JP periods from today's to the last session's (the Python
    path's rule, services.jp_periods_covering) as arrays. One query."""
    from competencies.gaps.sql import ids_q
    from learning.recommendations.services import jp_periods_covering
    from people.models import Employee

    rows = []
    for pk, etype, contract_start in Employee.objects.filter(
        ids_q("pk", employee_ids), is_active=True
    ).values_list("pk", "employment_type", "contract_start"):
        rows.extend((pk, *p) for p in jp_periods_covering(
            employment_type=etype, contract_start=contract_start, first=ctx.today,
            last=ctx.last_credit_on))
    return {"p_emp": [r[0] for r in rows], "p_start": [r[1] for r in rows],
            "p_end": [r[2] for r in rows], "p_contract": [r[3] for r in rows]}


def reco_chunk_params(*, employee_ids: list[int], ctx) -> dict:
    """The statement's parameters: the chunk's ids and the run's catalog as arrays."""
    ws = sorted(ctx.workshops.values(), key=lambda w: w.id)
    wc = [(w.id, cid, t) for w in ws for cid, t in sorted(w.targets.items())]
    wu = [(w.id, u) for w in ws for u in sorted(w.unit_ids)]
    uc = [(u, a) for u, chain in ctx.unit_chains.items() for a in chain]
    pols = sorted(ctx.jp_policies.items())
    config = ctx.config
    return {
        "ids": list(employee_ids),
        "w_id": [w.id for w in ws],
        "w_session": [w.session_id for w in ws],
        "w_starts": [w.starts_at for w in ws],
        "w_ends": [w.ends_at for w in ws],
        "w_jp": [w.jp for w in ws],
        "w_kinds": ["," + ",".join(sorted(w.kinds)) + "," if w.kinds else "" for w in ws],
        "w_min_type": [w.rank_min[0] if w.rank_min else None for w in ws],
        "w_min_order": [w.rank_min[1] if w.rank_min else None for w in ws],
        "w_max_type": [w.rank_max[0] if w.rank_max else None for w in ws],
        "w_max_order": [w.rank_max[1] if w.rank_max else None for w in ws],
        "w_has_units": [bool(w.unit_ids) for w in ws],
        "w_credit_on": [w.credit_on for w in ws],
        "wc_w": [r[0] for r in wc], "wc_c": [r[1] for r in wc], "wc_t": [r[2] for r in wc],
        "wu_w": [r[0] for r in wu], "wu_u": [r[1] for r in wu],
        "uc_u": [r[0] for r in uc], "uc_a": [r[1] for r in uc],
        "pol_type": [p[0] for p in pols], "pol_kind": [p[1][0] for p in pols],
        "pol_min": [p[1][1] for p in pols],
        **jp_period_params(employee_ids=employee_ids, ctx=ctx),
        "now": ctx.now,
        "cutoff": ctx.now - dt.timedelta(days=365 * config.completed_within_years),
        "talent_w": config.talent_weight,
        "jp_w": config.jp_shortfall_weight,
        "clash_f": config.clash_factor,
        "high": list(config.high_performer_predicates),
        "max_n": config.max_per_employee,
    }


def reco_chunk_replace_in_database(*, employee_ids: list[int], ctx) -> int:
    """Delete the chunk's rows and write the new ones with one INSERT … SELECT. Must
    run inside a transaction, after the employees are locked. Returns rows written."""
    reco_table = connection.ops.quote_name(Recommendation._meta.db_table)
    uncovered_table = connection.ops.quote_name(UncoveredGap._meta.db_table)
    sql = SQL.replace("{reco_table}", reco_table).replace("{uncovered_table}", uncovered_table)
    with connection.cursor() as cursor:
        # Sorts in memory; no JIT (a statement run once); no nested loops: the CTEs'
        # row estimates are poor and a nested loop over them was the slowest plan.
        cursor.execute(
            "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL enable_nestloop = off")
        # ::int[]: psycopg sends small ids as a smallint[], which no index matches.
        cursor.execute(f"DELETE FROM {reco_table} WHERE employee_id = ANY(%s::int[])",
                       [employee_ids])
        cursor.execute(f"DELETE FROM {uncovered_table} WHERE employee_id = ANY(%s::int[])",
                       [employee_ids])
        cursor.execute(sql, reco_chunk_params(employee_ids=employee_ids, ctx=ctx))
        written, _uncovered = cursor.fetchone()
    return int(written)
