"""The end of a pairing: the fit question, the mentor's final assessment, completion
and the certificate request."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competencies.models import Assessment, AssessmentSource
from mentoring.access import pair_check_active
from mentoring.models import MentoringPair, PairStatus, SessionStatus
from mentoring.services.pairs import pair_notify_queue
from people.models import Employee


@transaction.atomic
def pair_fit_answer(
    *, pair_id: int, employee: Employee, good_fit: bool, notify: bool = True
) -> MentoringPair:
    """Mentor or mentee answers "is this a good fit?" (after the first confirmed
    session). A "no" alerts HR."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair_id)
    pair_check_active(pair=pair)
    if not pair.sessions.filter(status=SessionStatus.CONFIRMED).exists():
        raise ValidationError(_("This question comes after the first confirmed session."))
    field = ("mentor_fit" if employee.pk == pair.mentor_id
             else "mentee_fit" if employee.pk == pair.mentee_id else None)
    if field is None:
        raise ValidationError(_("Only the mentor and the mentee answer this."))
    if getattr(pair, field) is not None:
        return pair
    setattr(pair, field, good_fit)
    pair.save(update_fields=[field, "updated_at"])
    if not good_fit and notify:
        pair_notify_queue(pair.pk, "misfit")
    return pair


@transaction.atomic
def pair_complete(
    *, pair_id: int, levels: dict[int, Decimal], met: dict[int, bool],
    today: dt.date | None = None,
) -> MentoringPair:
    """The mentor records the mentee's level per goal at the end. Each becomes an
    assessment with source MENTOR (dated today), the mentee's gaps are recomputed,
    the pairing is COMPLETED and its certificate requested. Needs every goal's level
    and at least one confirmed session."""
    today = today or timezone.localdate()
    pair = MentoringPair.objects.select_for_update().select_related("mentee").get(pk=pair_id)
    if pair.status != PairStatus.ACTIVE:
        raise ValidationError(_("Only an active pairing can be completed."))
    goals = list(pair.goals.all())
    if not goals:
        raise ValidationError(_("Agree at least one goal before completing."))
    if not pair.sessions.filter(status=SessionStatus.CONFIRMED).exists():
        raise ValidationError(_("A pairing needs a confirmed session to be completed."))
    for goal in goals:
        level = levels.get(goal.pk)
        if level is None or not Decimal(1) <= Decimal(level) <= Decimal(5):
            raise ValidationError(_("Give a level from 1 to 5 for every goal."))
    for goal in goals:
        goal.final_level = Decimal(levels[goal.pk]).quantize(Decimal("0.1"))
        goal.met = bool(met.get(goal.pk))
        goal.save(update_fields=["final_level", "met"])
        Assessment.objects.update_or_create(
            employee=pair.mentee, competency_id=goal.competency_id,
            source=AssessmentSource.MENTOR, assessed_on=today,
            defaults={"level": goal.final_level},
        )
    pair.status, pair.completed_at = PairStatus.COMPLETED, timezone.now()
    pair.save(update_fields=["status", "completed_at", "updated_at"])
    from competencies.gaps.services import gaps_recompute_enqueue

    gaps_recompute_enqueue(employee_ids=[pair.mentee_id])
    _request_certificate(pair)
    pair_notify_queue(pair.pk, "completed")
    return pair


def _request_certificate(pair: MentoringPair) -> None:
    """Ask the certificates app to issue the pairing's certificate after commit (the
    subject kind "MENTORING" is registered in mentoring/certificate_subject.py)."""
    from learning.certificates.tasks import certificate_issue_task

    certificate_issue_task.delay_on_commit(  # type: ignore[attr-defined]  # a DjangoTask
        "MENTORING", str(pair.pk))
