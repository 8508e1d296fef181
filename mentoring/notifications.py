"""Mentoring emails, in Indonesian (the site's language), plain text. Each is sent
from a Celery task enqueued on commit by the service that changed the state, which is
status-guarded, so a double click sends once."""
from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from config.links import absolute_url
from mentoring.models import MentoringPair, MentoringSession
from people.models import Employee
from people.roles import HR_GROUP


def _address(employee: Employee) -> str:
    return employee.email or (employee.user.email if employee.user_id else "")


def _hr_addresses() -> list[str]:
    group = Group.objects.filter(name=HR_GROUP).first()
    if group is None:
        return []
    return [u.email for u in group.user_set.filter(is_active=True) if u.email]


def _send(to: list[str], subject: str, lines: list[str]) -> int:
    to = [a for a in to if a]
    if not to:
        return 0
    body = "\n\n".join([*lines, _("Bangkom — competency development")])
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return len(to)


def _url(name: str, pk: int) -> str:
    return absolute_url(reverse(name, args=[pk]))


def pair_notify(*, pair_id: int, kind: str) -> int:
    """kind: "approved" (both sides), "misfit" (HR: someone said it is not a good
    fit), "completed" (both). Returns the number of recipients."""
    pair = MentoringPair.objects.select_related(
        "program", "mentor__user", "mentee__user"
    ).get(pk=pair_id)
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {"program": pair.program.name, "mentor": pair.mentor.name,
               "mentee": pair.mentee.name, "url": _url("mentoring:pair_detail", pair.pk)}
        if kind == "approved":
            sent = _send([_address(pair.mentor)], _("Your mentee: %(mentee)s") % ctx, [
                _("HR has paired you with %(mentee)s as their mentor in %(program)s.") % ctx,
                _("Agree your goals and log each session here: %(url)s") % ctx])
            sent += _send([_address(pair.mentee)], _("Your mentor: %(mentor)s") % ctx, [
                _("HR has paired you with %(mentor)s as your mentor in %(program)s.") % ctx,
                _("Agree your goals and confirm each session here: %(url)s") % ctx])
            return sent
        if kind == "misfit":
            return _send(_hr_addresses(), _("A mentoring pair is not a good fit"), [
                _("In %(program)s, the pair %(mentor)s → %(mentee)s was answered "
                  "\"not a good fit\". You can re-pair them in the pair editor.") % ctx,
                _url("mentoring:hr_program", pair.program_id)])
        if kind == "completed":
            return _send([_address(pair.mentor), _address(pair.mentee)],
                         _("Mentoring completed: %(program)s") % ctx,
                         [_("The mentoring of %(mentee)s by %(mentor)s in %(program)s is "
                            "completed. Thank you.") % ctx, ctx["url"]])
    raise ValueError(kind)


def session_notify(*, session_id: int, kind: str) -> int:
    """kind: "logged" (the mentee: please confirm), "disputed" (the mentor and HR),
    "confirm_reminder" (the mentee), returns the number of recipients."""
    session = MentoringSession.objects.select_related(
        "pair__program", "pair__mentor__user", "pair__mentee__user"
    ).get(pk=session_id)
    pair = session.pair
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {"mentor": pair.mentor.name, "mentee": pair.mentee.name,
               "date": formats.date_format(session.held_on, "DATE_FORMAT"),
               "url": _url("mentoring:session_detail", session.pk),
               "reason": session.dispute_reason}
        if kind in ("logged", "confirm_reminder"):
            subject = (_("Please confirm your mentoring session of %(date)s") % ctx)
            return _send([_address(pair.mentee)], subject, [
                _("%(mentor)s logged a mentoring session with you on %(date)s. Confirm it "
                  "(or dispute it) so it counts toward your hours and JP: %(url)s") % ctx])
        if kind == "disputed":
            return _send([_address(pair.mentor), *_hr_addresses()],
                         _("A mentoring session was disputed"), [
                _("%(mentee)s disputed the session of %(date)s: %(reason)s") % ctx,
                _("The mentor can correct it here: %(url)s") % ctx])
    raise ValueError(kind)


def idle_remind(*, pair_id: int, weeks: int) -> int:
    pair = MentoringPair.objects.select_related("program", "mentor__user", "mentee").get(
        pk=pair_id)
    with translation.override(settings.LANGUAGE_CODE):
        ctx = {"mentee": pair.mentee.name, "weeks": weeks,
               "url": _url("mentoring:pair_detail", pair.pk)}
        return _send([_address(pair.mentor)], _("Time for a mentoring session"), [
            _("No session with %(mentee)s has been logged for %(weeks)d weeks. "
              "Plan the next one and log it here: %(url)s") % ctx])
