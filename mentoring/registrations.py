"""What mentoring contributes to learning's registries: offers of mentoring for gaps
(learning.recommendations.providers) and the MENTORING certificate subject
(learning.certificates.subjects). Imported from MentoringConfig.ready()."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Min, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.templatetags.durations import duration_text
from learning.certificates.subjects import (
    CertificateSubject,
    JpWithdrawal,
    register_certificate_jp_withdrawal,
    register_certificate_subject,
)
from learning.recommendations.providers import GapOffer, register_gap_offer_provider
from mentoring.models import (
    LIVE_PAIR_STATUSES,
    MentoringPair,
    MentoringProgram,
    MentoringSession,
    PairStatus,
    ProgramStatus,
    SessionStatus,
)


@register_gap_offer_provider(name="mentoring")
def mentoring_gap_offers(
    *, employee_ids: list[int], competency_ids: list[int],
    names: dict[int, str] | None = None,
) -> dict[tuple[int, int], list[GapOffer]]:
    """For each (employee, competency) whose competency is in focus in a running
    program: their mentor there if they have one, else the program to ask for.
    To the employee ("Anda"), or with `names` to someone else (their name).
    Two queries, whatever the number of employees."""
    today = timezone.localdate()
    focus: dict[int, list[tuple[int, str]]] = {}
    for program_id, name, comp in MentoringProgram.competencies.through.objects.filter(
        competency_id__in=competency_ids, mentoringprogram__status=ProgramStatus.RUNNING,
        mentoringprogram__end_date__gte=today,
    ).values_list("mentoringprogram_id", "mentoringprogram__name", "competency_id"):
        focus.setdefault(comp, []).append((program_id, name))
    if not focus:
        return {}
    mentors = {
        (program_id, mentee_id): mentor_name
        for program_id, mentee_id, mentor_name in MentoringPair.objects.filter(
            employee_filter(employee_ids), status__in=LIVE_PAIR_STATUSES,
            program_id__in={p for progs in focus.values() for p, _n in progs},
        ).values_list("program_id", "mentee_id", "mentor__name")
    }
    url = reverse("mentoring:home")
    offers: dict[tuple[int, int], list[GapOffer]] = {}
    for employee_id in employee_ids:
        for comp, programs in focus.items():
            for program_id, name in programs:
                mentor = mentors.get((program_id, employee_id))
                person = (names or {}).get(employee_id)
                if mentor:
                    reason = (_("The mentor of %(name)s in %(program)s can work on this gap "
                                "with them.") % {"name": person, "program": name} if person
                              else _("Your mentor in %(program)s can work on this gap with "
                                     "you.") % {"program": name})
                    offer = GapOffer(
                        kind="mentoring", title=_("Mentoring with %(mentor)s") % {
                            "mentor": mentor}, reason=reason, url=url)
                else:
                    reason = (_("This competency is in focus in a running mentoring program: "
                                "HR or the supervisor of %(name)s can nominate them.")
                              % {"name": person} if person
                              else _("This competency is in focus in a running mentoring "
                                     "program: ask HR or your supervisor to nominate you."))
                    offer = GapOffer(
                        kind="mentoring", title=_("Mentoring: %(program)s") % {"program": name},
                        reason=reason, url=url)
                offers.setdefault((employee_id, comp), []).append(offer)
    return offers


def employee_filter(employee_ids: list[int]):  # type: ignore[no-untyped-def]
    from competencies.gaps.sql import ids_q

    return ids_q("mentee_id", list(employee_ids))


@register_certificate_subject(kind="MENTORING")
def mentoring_pair_subject(ref: str) -> CertificateSubject:
    """A completed pairing: the mentee, the program, the period from the first
    confirmed session to completion, the JP credited. Extra placeholders: mentor,
    sessions, hours."""
    pair = MentoringPair.objects.select_related("program", "mentee", "mentor").get(pk=int(ref))
    if pair.status != PairStatus.COMPLETED:
        raise LookupError(f"Mentoring pair {ref} is not completed")
    confirmed = pair.sessions.filter(status=SessionStatus.CONFIRMED).aggregate(
        first=Min("held_on"), jp=Sum("jp_awarded"), minutes=Sum("duration_minutes"))
    end = timezone.localdate(pair.completed_at) if pair.completed_at else pair.program.end_date
    minutes = confirmed["minutes"] or 0
    return CertificateSubject(
        employee=pair.mentee,
        title=_("Mentoring: %(program)s") % {"program": pair.program.name},
        start_date=confirmed["first"] or pair.program.start_date,
        end_date=end,
        jp=confirmed["jp"] or Decimal("0"),
        cycle=str(pair.pk),
        extra={
            "mentor": pair.mentor.name,
            "sessions": pair.sessions.filter(status=SessionStatus.CONFIRMED).count(),
            "hours": duration_text(minutes),
        },
    )


@register_certificate_jp_withdrawal(kind="MENTORING")
def mentoring_pair_jp_withdraw(ref: str, *, reason: str, now: dt.datetime) -> JpWithdrawal:
    """HR revoked a pairing's certificate because the mentee was not entitled:
    withdraw the JP of every session of the pair credited to the ledger."""
    from learning.completion.services import jp_ledger_withdraw
    from learning.models.completion import JpLedgerSource

    session_ids = list(MentoringSession.objects.filter(pair_id=int(ref))
                       .values_list("pk", flat=True))
    return jp_ledger_withdraw(source=JpLedgerSource.MENTORING, source_refs=session_ids,
                              reason=reason, now=now)
