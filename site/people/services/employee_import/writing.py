"""The third pass, inside the import's transaction: units and positions by name, then
logins and employees in batches."""
from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models.functions import Lower
from django.utils import timezone

from people.models import Employee, EmploymentType, Position, Unit, User
from people.services.employee_import.results import ImportResult
from people.services.employee_import.rows import BATCH_SIZE, Catalog, Row, chunks

# Units or positions: either one, the same one throughout a call.
NamedModel = TypeVar("NamedModel", Unit, Position)


def units_set_parents(units: Catalog, unit_ids: dict[str, int], *, dry_run: bool) -> int:
    """Give the file's units the parents it names (units without `unit_induk` keep
    theirs); returns how many units get a parent other than the stored one (for a
    dry run: among the units that exist already)."""
    if not units.parents:
        return 0
    wanted = {unit_ids[k]: unit_ids[parent] for k, (parent, _row) in units.parents.items()
              if k in unit_ids and parent in unit_ids}
    stored = dict(Unit.objects.filter(pk__in=list(wanted)).values_list("pk", "parent_id"))
    now = timezone.now()
    changed = [Unit(pk=pk, parent_id=parent, updated_at=now) for pk, parent in wanted.items()
               if pk in stored and stored[pk] != parent]
    if not dry_run:
        Unit.objects.bulk_update(changed, ["parent", "updated_at"], batch_size=BATCH_SIZE)
    return len(changed)
def names_ensure(model: type[NamedModel], catalog: Catalog, *,
                  dry_run: bool, defaults: Any) -> tuple[dict[str, int], int]:
    """pk by lower name for every name in the catalog, creating the missing ones."""
    ids: dict[str, int] = {}
    wanted = list(catalog.names)
    for chunk in chunks(wanted):
        for pk, name in model.objects.annotate(lname=Lower("name")).filter(
                lname__in=chunk).values_list("pk", "lname"):
            ids[name] = pk
    missing = [k for k in wanted if k not in ids]
    if missing and not dry_run:
        for chunk in chunks(missing):
            model.objects.bulk_create([model(name=catalog.names[k], **defaults(k))
                                       for k in chunk])
        for chunk in chunks(missing):
            for pk, name in model.objects.annotate(lname=Lower("name")).filter(
                    lname__in=chunk).values_list("pk", "lname"):
                ids[name] = pk
    return ids, len(missing)


def positions_update_kinds(positions: Catalog, position_ids: dict[str, int]) -> None:
    """An explicit jenis_jabatan in the file wins over what is stored."""
    if not positions.kinds:
        return
    keys = list(positions.kinds)
    changed = []
    for chunk in chunks(keys):
        for position in Position.objects.filter(pk__in=[position_ids[k] for k in chunk]):
            key = " ".join(position.name.split()).lower()
            kind, level, _row = positions.kinds.get(key, (position.kind, position.level, 0))
            if (position.kind, position.level) != (kind, level):
                position.kind, position.level = kind, level
                position.updated_at = timezone.now()
                changed.append(position)
    Position.objects.bulk_update(changed, ["kind", "level", "updated_at"],
                                 batch_size=BATCH_SIZE)


def employees_write(rows: list[Row], *, existing: dict, users: dict, unit_ids: dict,
                     position_ids: dict, result: ImportResult, dry_run: bool) -> None:
    now = timezone.now()
    # 1. Logins for new employees (username = NIP; they set a password via "forgot
    #    password"). make_password(None) is an unusable password and costs no hashing.
    new_users = [r for r in rows if r.nip not in users and not
                 (r.nip in existing and existing[r.nip][9])]
    if not dry_run:
        for chunk in chunks(new_users):
            User.objects.bulk_create([
                User(username=r.nip, email=r.email, password=make_password(None),
                     date_joined=now) for r in chunk])
        for chunk in chunks([r.nip for r in new_users]):
            for pk, username, email in User.objects.filter(username__in=chunk).values_list(
                    "pk", "username", "email"):
                users[username] = (pk, email)
        user_email_fix = [
            User(pk=users[r.nip][0], email=r.email) for r in rows
            if r.nip in users and r.email and users[r.nip][1] != r.email
        ]
        User.objects.bulk_update(user_email_fix, ["email"], batch_size=BATCH_SIZE)

    # 2. Employees. Classify every row against what is stored.
    pk_by_nip: dict[str, int] = {nip: values[0] for nip, values in existing.items()}
    file_nips = {r.nip for r in rows}
    outside = {r.supervisor_nip for r in rows if r.supervisor_nip} - file_nips - pk_by_nip.keys()
    for chunk in chunks(sorted(outside)):
        pk_by_nip.update(Employee.objects.filter(nip__in=chunk).values_list("nip", "pk"))
    new_rows: list[Row] = []
    changed_rows: list[Row] = []
    for r in rows:
        old = existing.get(r.nip)
        if old is None:
            new_rows.append(r)
            continue
        if r.contract_start is None and r.employment_type == EmploymentType.PPPK:
            r = r._replace(contract_start=old[11])  # not given: keep what is stored
        if not r.birth_place:
            r = r._replace(birth_place=old[12])  # not given: keep what is stored
        wanted = (r.name, r.employment_type, r.rank_id, position_ids.get(r.position_key),
                  unit_ids.get(r.unit_key), r.supervisor_nip or None, r.email, True,
                  r.contract_start, r.birth_place)
        if (old[2], old[3], old[4], old[5], old[6], old[7], old[8], old[10],
                old[11], old[12]) == wanted:
            result.unchanged += 1
        else:
            changed_rows.append(r)
    result.created, result.updated = len(new_rows), len(changed_rows)
    if dry_run:
        return

    # New employees are inserted level by level down the hierarchy, so each one's
    # supervisor already has a primary key (a supervisor may come later in the
    # file). Pure bulk_create: no UPDATE pass over new rows.
    pending = new_rows
    while pending:
        ready = [r for r in pending if not r.supervisor_nip or r.supervisor_nip in pk_by_nip]
        if not ready:  # cannot happen: cycles are refused in the second pass
            raise RuntimeError("supervisor cycle among new employees")
        for chunk in chunks(ready):
            created = Employee.objects.bulk_create([
                Employee(nip=r.nip, name=r.name, employment_type=r.employment_type,
                         rank_id=r.rank_id, position_id=position_ids[r.position_key],
                         unit_id=unit_ids[r.unit_key], email=r.email,
                         contract_start=r.contract_start, birth_place=r.birth_place,
                         user_id=users[r.nip][0],
                         supervisor_id=pk_by_nip.get(r.supervisor_nip))
                for r in chunk])
            if all(e.pk for e in created):  # PostgreSQL and SQLite >= 3.35 return ids
                pk_by_nip.update((e.nip, e.pk) for e in created)
            else:
                pk_by_nip.update(Employee.objects.filter(
                    nip__in=[r.nip for r in chunk]).values_list("nip", "pk"))
        pending = [r for r in pending if r.nip not in pk_by_nip]

    result.changed_ids = [pk_by_nip[r.nip] for r in new_rows] + [
        pk_by_nip[r.nip] for r in changed_rows]
    for chunk in chunks(changed_rows):
        _employees_update(
            [(pk_by_nip[r.nip], r.name, r.employment_type, r.rank_id,
              position_ids[r.position_key], unit_ids[r.unit_key],
              pk_by_nip.get(r.supervisor_nip) if r.supervisor_nip else None, r.email,
              r.contract_start.isoformat() if r.contract_start else None, r.birth_place)
             for r in chunk], now=now)

    # Existing employees without a login get one (linked by NIP).
    link = [Employee(pk=values[0], user_id=users[nip][0]) for nip, values in existing.items()
            if not values[9] and nip in users]
    Employee.objects.bulk_update(link, ["user_id"], batch_size=BATCH_SIZE)


def _employees_update(values: list[tuple], *, now: Any) -> None:
    """One UPDATE ... FROM (VALUES ...) per batch (PostgreSQL and SQLite >= 3.33).

    Django's bulk_update builds a CASE WHEN per row and field, which cost ~10 ms per
    row in the benchmark; this statement costs the database's time only."""
    if not values:
        return
    table = connection.ops.quote_name(Employee._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(now)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(values))
    # SQLite stores dates as ISO text (its CAST AS date would make a number of it).
    contract = "CAST(v.column9 AS date)" if connection.vendor == "postgresql" else "v.column9"
    params = [item for row in values for item in row]
    sql = (
        f"UPDATE {table} SET name = v.column2, employment_type = v.column3, "
        "rank_id = CAST(v.column4 AS bigint), position_id = CAST(v.column5 AS bigint), "
        "unit_id = CAST(v.column6 AS bigint), supervisor_id = CAST(v.column7 AS bigint), "
        f"email = v.column8, contract_start = {contract}, birth_place = v.column10, "
        "is_active = %s, updated_at = %s "
        f"FROM (VALUES {placeholders}) AS v "
        f"WHERE {table}.id = CAST(v.column1 AS bigint)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, stamp, *params])
