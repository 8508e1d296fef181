"""Small database helpers for the set-based gap computation."""

from __future__ import annotations

from django.db import connection
from django.db.models import Field, ForeignKey, Lookup, Q


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
