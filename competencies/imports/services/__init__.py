"""Import HR's result files: performance appraisals and competency assessments (and,
through the same door, the competency dictionary and job standards).

Contract of `results_import`:
- All-or-nothing: any invalid row → nothing is written; every problem is reported
  with its spreadsheet row (header = row 1) and column, in the active language.
- Idempotent by natural key: re-importing updates (appraisals by employee+period,
  assessments by employee+competency+source+date) instead of duplicating.
- Bounded memory: rows are streamed; the first pass keeps compact tuples only;
  employees are looked up by NIP in chunks of LOOKUP_CHUNK; writes are batched
  upserts (bulk_create with update_conflicts) inside one transaction.

The HR upload page does not run the import in the request: `results_import_enqueue`
stores the file on its ImportBatch and queues `results_import_task`, whose body is
`results_import_run` (idempotent: safe to retry or re-deliver). The management
commands call `results_import` directly.

One concern a module: lookups (shared by both kinds), appraisals, assessments, importer
(the entry point) and jobs (the queued import). The public names are re-exported here;
new code imports from the module that owns the name.
"""
from competencies.imports.services.importer import results_import
from competencies.imports.services.jobs import (
    import_batch_mark_failed,
    results_import_enqueue,
    results_import_run,
)
from competencies.imports.services.lookups import competency_lookup

__all__ = [
    "competency_lookup",
    "import_batch_mark_failed",
    "results_import",
    "results_import_enqueue",
    "results_import_run",
]
