"""Read-side queries about people and the organization."""
from __future__ import annotations

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from people.models import Employee, LoginRecord, Unit, User
from people.roles import employee_for, user_is_hr


def employee_team_ids(*, supervisor: Employee, max_depth: int = 20) -> set[int]:
    """Ids of the supervisor's direct and indirect reports (not the supervisor).

    One query per level of the hierarchy (a regency is 4-6 levels deep), so the cost
    does not grow with the number of employees on a page."""
    found: set[int] = set()
    frontier = [supervisor.pk]
    for _ in range(max_depth):
        level = list(
            Employee.objects.filter(supervisor_id__in=frontier)
            .exclude(pk__in=found | {supervisor.pk})
            .values_list("pk", flat=True)
        )
        if not level:
            break
        found.update(level)
        frontier = level
    return found


def employee_list_visible_to(*, user: User) -> QuerySet[Employee]:
    """The employees whose records `user` may see: HR all, a supervisor their team
    (direct and indirect) and themselves, an employee only themselves."""
    if user_is_hr(user):
        return Employee.objects.all()
    me = employee_for(user)
    if me is None:
        return Employee.objects.none()
    return Employee.objects.filter(pk__in=employee_team_ids(supervisor=me) | {me.pk})


def employee_can_be_seen_by(*, employee: Employee, user: User) -> bool:
    """Whether `user` may see `employee`'s records (see employee_list_visible_to)."""
    if user_is_hr(user):
        return True
    me = employee_for(user)
    if me is None:
        return False
    return employee.pk == me.pk or employee.pk in employee_team_ids(supervisor=me)


def unit_descendant_ids(*, unit: Unit) -> set[int]:
    """The unit and every unit below it."""
    found, frontier = {unit.pk}, [unit.pk]
    while frontier:
        frontier = list(
            Unit.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.update(frontier)
    return found


def login_records_recent(*, user: User, limit: int = 20) -> list[LoginRecord]:
    """The user's latest logins, newest first (one query)."""
    return list(LoginRecord.objects.filter(user=user)[:limit])


def sessions_active(*, user: User) -> list[UserSession]:
    """The user's live sessions, newest first (one query): allauth's rows whose session
    has not expired. With a cache-only session engine expiry is the cache's business,
    and every row is listed (allauth purges dead ones when the person lists theirs)."""
    sessions = UserSession.objects.filter(user=user).order_by("-created_at")
    if settings.SESSION_ENGINE.endswith(("backends.db", "backends.cached_db")):
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        sessions = sessions.filter(session_key__in=live)
    return list(sessions)
