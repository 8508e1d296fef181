"""The second pass: what the valid rows point at (supervisors, e-mail owners, parent
units) exists and forms no cycle."""
from __future__ import annotations

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from people.models import Employee, Unit, User
from people.services.employee_import.rows import Catalog, Errors, Row, chunks

EMPLOYEE_FIELDS = ("pk", "nip", "name", "employment_type", "rank_id", "position_id",
                    "unit_id", "supervisor__nip", "email", "user_id", "is_active",
                    "contract_start", "birth_place")


def references_check(rows: list[Row], *, errors: Errors) -> tuple[dict, dict]:
    """Second pass: supervisors exist and form no cycle; emails are free.
    Returns (existing employees by NIP as value tuples, existing users by username)."""
    file_nips = {r.nip: r for r in rows}
    existing: dict[str, tuple] = {}
    for chunk in chunks(list(file_nips)):
        for values in Employee.objects.filter(nip__in=chunk).values_list(*EMPLOYEE_FIELDS):
            existing[values[1]] = values

    # The final supervisor graph: the file's rows, then the database's links for the
    # employees outside the file, followed up the hierarchy (a few levels).
    graph: dict[str, str] = {r.nip: r.supervisor_nip for r in rows}
    frontier = {r.supervisor_nip for r in rows if r.supervisor_nip} - file_nips.keys()
    known_outside: set[str] = set()
    while frontier:
        found: dict[str, str] = {}
        for chunk in chunks(sorted(frontier)):
            found.update(Employee.objects.filter(nip__in=chunk)
                         .values_list("nip", "supervisor__nip"))
        known_outside |= found.keys()
        for nip, boss in found.items():
            graph[nip] = boss or ""
        frontier = {b for b in found.values() if b and b not in graph}
    for r in rows:
        if r.supervisor_nip and r.supervisor_nip not in file_nips \
                and r.supervisor_nip not in known_outside:
            errors.add(r.row, "nip_atasan", _(
                "No employee with NIP %(nip)s exists in this file or in Bangkom."
            ) % {"nip": r.supervisor_nip})

    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in file_nips:
        path: list[str] = []
        node = start
        while node and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = graph.get(node, "")
        if node and state.get(node) == 1:  # walked into our own path: a cycle
            cycle = path[path.index(node):]
            for nip in cycle:
                if nip in file_nips:
                    errors.add(file_nips[nip].row, "nip_atasan", _(
                        "The supervisors form a cycle: %(chain)s."
                    ) % {"chain": " → ".join([*cycle, node])})
        for nip in path:
            state[nip] = 2

    users: dict[str, tuple[int, str]] = {}
    for chunk in chunks(list(file_nips)):
        for pk, username, email in User.objects.filter(username__in=chunk).values_list(
                "pk", "username", "email"):
            users[username] = (pk, email)
    emails = {r.email.lower(): r for r in rows if r.email}
    for chunk in chunks(list(emails)):
        taken = User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=chunk).values_list("email_lower", "username", "pk")
        for email, username, pk in taken:
            r = emails[email]
            owner = existing.get(r.nip)
            # Free when it is this employee's own login (by NIP or by link).
            if username != r.nip and not (owner and owner[9] == pk):
                errors.add(r.row, "email", _(
                    "The email %(email)s already belongs to another account."
                ) % {"email": r.email})
    return existing, users


def unit_tree_check(units: Catalog, *, errors: Errors) -> None:
    """The parent units the file gives (`unit_induk`) form no cycle with each other or
    with the stored tree (the file's parents replace the stored ones of its units)."""
    if not units.parents:
        return
    # The stored tree, by lower name: a few thousand units at most, one query.
    stored = dict(Unit.objects.annotate(
        lname=Lower("name"), parent_lname=Lower("parent__name")).values_list(
        "lname", "parent_lname"))
    graph = {**stored, **{k: parent for k, (parent, _row) in units.parents.items()}}
    for start, (_parent, row) in units.parents.items():
        path, node = [start], graph.get(start)
        while node and node not in path:
            path.append(node)
            node = graph.get(node)
        if node == start:
            errors.add(row, "unit_induk", _("The parent units form a cycle: %(chain)s.")
                       % {"chain": " → ".join(units.names.get(n, n) for n in [*path, start])})


