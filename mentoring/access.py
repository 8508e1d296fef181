"""Who may see and do what in mentoring. Views ask these; tests/mentoring/
test_access.py checks them per role, with forged ids of other pairs.

- a pair, its goals and its sessions (notes included): the pair's mentor, its mentee
  and HR; nobody else, not the mentee's supervisor, not other employees (404, so ids
  reveal nothing);
- logging or correcting a session, the final levels: the mentor;
- confirming or disputing a session: the mentee;
- programs, matching, the pair editor and reports: HR (403 for others);
- and only while the pair is active (`pair_check_active`): on a pair HR ended or
  removed, a completed one or one still proposed, the mentor and the mentee change
  nothing (no session logged, corrected, confirmed or disputed, no goal, no "good
  fit?" answer), so no JP is earned after HR ended it.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from mentoring.models import MentoringPair, MentoringSession, PairStatus
from people.models import User
from people.roles import employee_for, user_is_hr

MENTOR, MENTEE, HR = "mentor", "mentee", "hr"


def _role(pair: MentoringPair, user: User) -> str | None:
    me = employee_for(user)
    if me is not None and me.pk == pair.mentor_id:
        return MENTOR
    if me is not None and me.pk == pair.mentee_id:
        return MENTEE
    if user_is_hr(user):
        return HR
    return None


def pair_get_for_participant(*, pair_id: int, user: User) -> tuple[MentoringPair, str]:
    """The pair and the user's role in it (mentor, mentee or hr); 404 for anyone
    else."""
    pair = (
        MentoringPair.objects.select_related("program", "mentor__unit", "mentee__unit",
                                             "mentor__position", "mentee__position")
        .filter(pk=pair_id).first()
    )
    role = _role(pair, user) if pair and user.is_authenticated else None
    if role is None:
        raise Http404
    return pair, role


def session_get_for_participant(*, session_id: int, user: User) -> tuple[MentoringSession, str]:
    """The session and the user's role in its pair; 404 for anyone else."""
    session = (
        MentoringSession.objects.select_related("pair__program", "pair__mentor", "pair__mentee")
        .filter(pk=session_id).first()
    )
    role = _role(session.pair, user) if session and user.is_authenticated else None
    if role is None:
        raise Http404
    return session, role


def require_role(role: str, *allowed: str) -> None:
    """PermissionDenied unless the user's role in the pair is one of `allowed`."""
    if role not in allowed:
        raise PermissionDenied


def mentoring_check_hr(*, user: User) -> None:
    if not user_is_hr(user):
        raise PermissionDenied


def pair_check_active(*, pair: MentoringPair) -> None:
    """ValidationError unless the pair is active: every write of the mentor or the
    mentee (sessions, confirmations, disputes, goals, the fit answer) asks this one
    function, so an ended pair stays as HR left it."""
    if pair.status == PairStatus.ACTIVE:
        return
    if pair.status == PairStatus.ENDED:
        raise ValidationError(_("This pairing was ended by HR; nothing in it can be changed."))
    if pair.status == PairStatus.COMPLETED:
        raise ValidationError(_("This pairing is completed; nothing in it can be changed."))
    raise ValidationError(_("This pairing is not approved by HR yet."))
