"""Mentoring emails, sent through config.notifications.notification_send (greeting by
name, a SITE_URL link, text and HTML). The pair and session events go out from
Celery tasks enqueued on commit by the service that changed the state; each is sent
once per recipient (a MentoringNotice row keyed by the event, the row's version and
the reader, so a retried task sends only what had not gone out). The texts are
written in the readers' language (Indonesian) whatever language the request had.
The weekly reminders are claimed by their MentoringReminder row
(services.reminders_send)."""
from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from config.notifications import Notice, notification_language, notification_send
from mentoring.models import MentoringNotice, MentoringPair, MentoringSession
from people.models import Employee
from people.roles import HR_GROUP


def _address(employee: Employee) -> str:
    return employee.email or (employee.user.email if employee.user_id else "")


def _hr_addresses() -> list[str]:
    group = Group.objects.filter(name=HR_GROUP).first()
    if group is None:
        return []
    return [u.email for u in group.user_set.filter(is_active=True) if u.email]


def _send(*, to: list[str], key: str | None, greet: str, subject: str,
          paragraphs: list[str], link: str) -> int:
    """One email; `key` (the event and its version) makes it once per reader.
    Returns the number of recipients it went to."""
    claim = (None if key is None
             else lambda: MentoringNotice.objects.create(key=f"{key}:{greet}"[:120]))
    sent = notification_send(
        to=to, once=claim,
        compose=lambda: Notice(subject=subject, paragraphs=paragraphs, greet=greet, link=link))
    return len([a for a in to if a]) if sent else 0


def _event_key(obj: MentoringPair | MentoringSession, kind: str) -> str:
    """The event's identity: the row saved just before the task was queued, so a
    retry has the same key and a later event of the same kind a new one."""
    return f"{type(obj).__name__}:{obj.pk}:{kind}:{obj.updated_at.timestamp()}"


def pair_notify(*, pair_id: int, kind: str) -> int:
    """kind: "approved" (both sides), "misfit" (HR: someone said it is not a good
    fit), "completed" (both). Returns the number of recipients."""
    pair = MentoringPair.objects.select_related(
        "program", "mentor__user", "mentee__user"
    ).get(pk=pair_id)
    with translation.override(notification_language()):
        return _pair_notice_send(pair, kind)


def _pair_notice_send(pair: MentoringPair, kind: str) -> int:
    key = _event_key(pair, kind)
    link = reverse("mentoring:pair_detail", args=[pair.pk])
    ctx = {"program": pair.program.name, "mentor": pair.mentor.name,
           "mentee": pair.mentee.name}
    if kind == "approved":
        sent = _send(to=[_address(pair.mentor)], key=key, greet=pair.mentor.name,
                     subject=_("Your mentee: %(mentee)s") % ctx, link=link, paragraphs=[
            _("HR has paired you with %(mentee)s as their mentor in %(program)s.") % ctx,
            _("Agree your goals and log each session in Bangkom.")])
        sent += _send(to=[_address(pair.mentee)], key=key, greet=pair.mentee.name,
                      subject=_("Your mentor: %(mentor)s") % ctx, link=link, paragraphs=[
            _("HR has paired you with %(mentor)s as your mentor in %(program)s.") % ctx,
            _("Agree your goals and confirm each session in Bangkom.")])
        return sent
    if kind == "misfit":
        return _send(to=_hr_addresses(), key=key, greet=_("HR team"),
                     subject=_("A mentoring pair is not a good fit"),
                     link=reverse("mentoring:hr_program", args=[pair.program_id]), paragraphs=[
            _("In %(program)s, the pair %(mentor)s → %(mentee)s was answered "
              "\"not a good fit\". You can re-pair them in the pair editor.") % ctx])
    if kind == "completed":
        return sum(
            _send(to=[_address(person)], key=key, greet=person.name,
                  subject=_("Mentoring completed: %(program)s") % ctx, link=link,
                  paragraphs=[_("The mentoring of %(mentee)s by %(mentor)s in %(program)s "
                                "is completed. Thank you.") % ctx])
            for person in (pair.mentor, pair.mentee))
    raise ValueError(kind)


def session_notify(*, session_id: int, kind: str) -> int:
    """kind: "logged" (the mentee: please confirm), "disputed" (the mentor and HR),
    "confirm_reminder" (the mentee; claimed by its MentoringReminder row), returns
    the number of recipients."""
    session = MentoringSession.objects.select_related(
        "pair__program", "pair__mentor__user", "pair__mentee__user"
    ).get(pk=session_id)
    with translation.override(notification_language()):
        return _session_notice_send(session, kind)


def _session_notice_send(session: MentoringSession, kind: str) -> int:
    pair = session.pair
    link = reverse("mentoring:session_detail", args=[session.pk])
    ctx = {"mentor": pair.mentor.name, "mentee": pair.mentee.name,
           "date": formats.date_format(session.held_on, "DATE_FORMAT"),
           "reason": session.dispute_reason}
    if kind in ("logged", "confirm_reminder"):
        return _send(
            to=[_address(pair.mentee)], greet=pair.mentee.name, link=link,
            key=_event_key(session, kind) if kind == "logged" else None,
            subject=_("Please confirm your mentoring session of %(date)s") % ctx,
            paragraphs=[_("%(mentor)s logged a mentoring session with you on %(date)s. "
                          "Confirm it (or dispute it) so it counts toward your hours and "
                          "JP.") % ctx])
    if kind == "disputed":
        key = _event_key(session, kind)
        subject = _("A mentoring session was disputed")
        disputed = _("%(mentee)s disputed the session of %(date)s: %(reason)s") % ctx
        sent = _send(to=[_address(pair.mentor)], key=key, greet=pair.mentor.name,
                     subject=subject, link=link,
                     paragraphs=[disputed, _("You can correct it in Bangkom.")])
        sent += _send(to=_hr_addresses(), key=key, greet=_("HR team"), subject=subject,
                      link=link,
                      paragraphs=[disputed, _("The mentor can correct it in Bangkom.")])
        return sent
    raise ValueError(kind)


def idle_remind(*, pair_id: int, weeks: int) -> int:
    """The weekly nudge to a mentor (claimed by its MentoringReminder row)."""
    pair = MentoringPair.objects.select_related("program", "mentor__user", "mentee").get(
        pk=pair_id)
    with translation.override(notification_language()):
        return _send(
            to=[_address(pair.mentor)], key=None, greet=pair.mentor.name,
            subject=_("Time for a mentoring session"),
            link=reverse("mentoring:pair_detail", args=[pair.pk]),
            paragraphs=[_("No session with %(mentee)s has been logged for %(weeks)d "
                          "weeks. Plan the next one and log it in Bangkom.")
                        % {"mentee": pair.mentee.name, "weeks": weeks}])
