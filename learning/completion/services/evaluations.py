"""The participant's reaction evaluation of a completed session."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from learning.models import Enrollment
from learning.models.completion import Completion, Evaluation
from people.models import User


def evaluation_submit(
    *,
    enrollment: Enrollment,
    user: User,
    material: int,
    facilitator: int,
    organization: int,
    comment: str = "",
) -> Evaluation:
    """The participant's reaction evaluation: only by the participant, only after
    completion, once per enrollment (a second submit is refused)."""
    if enrollment.employee.user_id != user.pk:
        raise ValidationError(_("Only the participant can evaluate their session."))
    if not Completion.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("You can evaluate a session after you have completed it."))
    for value in (material, facilitator, organization):
        if value not in (1, 2, 3, 4, 5):
            raise ValidationError(_("Each rating must be from 1 to 5."))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                enrollment=enrollment, material=material, facilitator=facilitator,
                organization=organization, comment=comment.strip(),
            )
    except IntegrityError:
        raise ValidationError(_("You have already evaluated this session.")) from None
