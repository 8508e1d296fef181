"""Writing the demo people (idempotent): rows are compared field by field before saving,
so a second run writes nothing and `updated_at` does not move."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from people.demo.generator import JOB_CLASS, demo_people
from people.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, LOGIN_BY_ROLE, demo_birth_place
from people.models import Employee, Position, Rank, Unit, User
from people.roles import HR_GROUP, MENTOR_GROUP


def _save_if_changed(obj: Any, values: dict[str, Any]) -> bool:
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for key in changed:
        setattr(obj, key, values[key])
    if changed:
        obj.save()
    return bool(changed)


@transaction.atomic
def seed_demo(*, stdout) -> None:
    """Create or bring up to date the demo regency's units, positions, employees and
    logins. Idempotent: a second run writes nothing."""
    units_spec, positions_spec, people = demo_people()
    counts = {"units": 0, "positions": 0, "employees": 0, "users": 0}

    units = {u.name.lower(): u for u in Unit.objects.all()}
    for name, parent in units_spec:
        parent_id = units[parent.lower()].pk if parent else None
        unit = units.get(name.lower())
        if unit is None:
            unit = units[name.lower()] = Unit.objects.create(name=name, parent_id=parent_id)
            counts["units"] += 1
        elif _save_if_changed(unit, {"parent_id": parent_id}):
            counts["units"] += 1

    positions = {p.name.lower(): p for p in Position.objects.all()}
    for name, (kind, level) in positions_spec.items():
        values = {"kind": kind, "level": level, "job_class": JOB_CLASS[level or kind]}
        position = positions.get(name.lower())
        if position is None:
            positions[name.lower()] = Position.objects.create(name=name, **values)
            counts["positions"] += 1
        elif _save_if_changed(position, values):
            counts["positions"] += 1

    ranks = {(r.employment_type, r.code): r for r in Rank.objects.all()}
    groups = {g.name: g for g in Group.objects.filter(name__in=[HR_GROUP, MENTOR_GROUP])}
    users = {u.username: u for u in User.objects.filter(username__in=[p.nip for p in people])}
    employees = {e.nip: e for e in Employee.objects.filter(nip__in=[p.nip for p in people])}
    demo_usernames = {login["username"] for login in DEMO_LOGINS}

    # The superuser first: on a fresh database every demo login's id is then one more
    # than its employee's, so a view that mixes up user and employee ids cannot work
    # on the demo by coincidence (tests/people/test_demo.py).
    admin = User.objects.filter(username="admin").first()
    login = LOGIN_BY_ROLE["admin"]
    if admin is None:
        User.objects.create_superuser("admin", login["email"], DEMO_PASSWORD)
        counts["users"] += 1

    for person in people:  # heads come before their staff
        user = users.get(person.nip)
        if user is None:
            user = User(username=person.nip, email=person.email)
            if person.nip in demo_usernames:
                user.set_password(DEMO_PASSWORD)
            else:
                # Real employees set their own password through "forgot password".
                user.set_unusable_password()
            user.save()
            users[person.nip] = user
            counts["users"] += 1
        elif _save_if_changed(user, {"email": person.email}):
            counts["users"] += 1
        for group in person.groups:
            user.groups.add(groups[group])
        values = {
            "name": person.name,
            "employment_type": person.employment_type,
            "rank_id": ranks[(person.employment_type, person.rank)].pk,
            "position_id": positions[person.position.lower()].pk,
            "unit_id": units[person.unit.lower()].pk,
            "supervisor_id": employees[person.supervisor_nip].pk
            if person.supervisor_nip else None,
            "email": person.email,
            "birth_place": demo_birth_place(person.nip),
            "user_id": user.pk,
            "is_active": True,
            # A PPPK's NIP carries the year of appointment; contracts start in March
            # in this regency, so the JP cap counts from 1 March.
            "contract_start": dt.date(int(person.nip[8:12]), 3, 1)
            if person.employment_type == "PPPK" else None,
        }
        employee = employees.get(person.nip)
        if employee is None:
            employees[person.nip] = Employee.objects.create(nip=person.nip, **values)
            counts["employees"] += 1
        elif _save_if_changed(employee, values):
            counts["employees"] += 1

    stdout.write(
        "people: {units} units, {positions} positions, {employees} employees, "
        "{users} logins created or updated ({total} employees in the demo)".format(
            total=len(people), **counts)
    )
