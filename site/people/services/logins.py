"""Logins and sessions: the login history a person sees, and HR ending a person's
sessions (allauth.usersessions keeps one row per live session)."""
from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.signals import user_logged_in
from allauth.core.internal.httpkit import get_client_ip
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from people.models import LoginRecord, User

LOGIN_RECORDS_KEPT = 50


@receiver(user_logged_in)
def login_record_on_login(sender: object, request: HttpRequest, user: User,
                          **kwargs: object) -> None:
    login_record(request, user)


def login_record(request: HttpRequest, user: User) -> LoginRecord:
    """Write down one login (time, client address, browser, whether a second factor
    was used) and forget the user's oldest beyond LOGIN_RECORDS_KEPT."""
    passed_second_factor = any(r.get("method") == "mfa"
                               for r in get_authentication_records(request, user))
    record = LoginRecord.objects.create(
        user=user, ip=get_client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
        second_factor=passed_second_factor)
    older = LoginRecord.objects.filter(user=user).values_list("pk", flat=True)[LOGIN_RECORDS_KEPT:]
    LoginRecord.objects.filter(pk__in=list(older)).delete()
    return record


@transaction.atomic
def sessions_end_all(user: User) -> int:
    """Log the user out everywhere: delete every session allauth knows of (their
    store entries and their rows). The number of sessions ended."""
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)
