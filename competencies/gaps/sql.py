"""Small database helpers for the set-based gap computation."""

from __future__ import annotations

from django.db import connection
from django.db.models import Field, ForeignKey, Lookup, Q

from people.models import Employee


class AnyOf(Lookup):
    """`field__any_of=[1, 2, …]` → `field = ANY(%s)` with ONE array parameter.

    Why: `__in` with a 2,000-id chunk sends 2,000 placeholders, and psycopg spends
    ~60 ms per query just splitting such a statement; an array is one parameter.
    PostgreSQL only: use `ids_q`, which falls back to `__in` elsewhere."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


Field.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)


def ids_q(field: str, ids: list[int]) -> Q:
    """A filter `field IN ids`, as an array parameter on PostgreSQL."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__any_of": list(ids)})
    return Q(**{f"{field}__in": ids})


def derived_rows_replace_begin(*, employee_ids: list[int]) -> None:
    """The prologue of a chunk that replaces rows derived from these employees (gaps,
    recommendations). Must run inside a transaction.

    Locks the employees' rows (FOR NO KEY UPDATE, in id order), so two recomputations
    of the same employee (an import's and the bulk job's) run one after the other:
    the second computes from what the first committed instead of the two tripping
    over each other's rows. On PostgreSQL the commit does not wait for the WAL flush:
    the rows are derived, and a chunk a crash loses is rewritten by the next run."""
    list(
        Employee.objects.select_for_update(no_key=True)
        .filter(ids_q("pk", employee_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _copy_text(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def copy_escape(text: str) -> str:
    """Escape a string for COPY's text format (backslash, tab, newline, CR)."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_line(values: tuple) -> str:
    """One COPY text-format line; strings must already be escaped with copy_escape."""
    return "\t".join([_copy_text(v) for v in values]) + "\n"
