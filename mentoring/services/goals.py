"""A pair's goals: one per competency in focus."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from competencies.models import Competency
from mentoring.access import pair_check_active
from mentoring.models import MentoringGoal, MentoringPair


def goal_add(
    *, pair: MentoringPair, competency: Competency, success_criteria: str, action_items: str = ""
) -> MentoringGoal:
    pair_check_active(pair=pair)
    if not success_criteria.strip():
        raise ValidationError(_("Say what success looks like."))
    try:
        with transaction.atomic():
            return MentoringGoal.objects.create(
                pair=pair, competency=competency, success_criteria=success_criteria.strip(),
                action_items=action_items.strip())
    except IntegrityError:
        raise ValidationError(_("This pair already has a goal for that competency.")) from None
