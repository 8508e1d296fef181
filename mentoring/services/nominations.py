"""Who offers to mentor and who is nominated as a mentee, per program."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mentoring.models import MenteeNomination, MentoringProgram, MentorOptIn, ProgramStatus
from people.models import Employee, User


def mentor_opt_in(*, program: MentoringProgram, employee: Employee) -> MentorOptIn:
    """Idempotent: opting in twice keeps one row."""
    if program.status == ProgramStatus.CLOSED:
        raise ValidationError(_("This program is closed."))
    opt_in, _created = MentorOptIn.objects.get_or_create(program=program, employee=employee)
    return opt_in


def mentor_opt_out(*, program: MentoringProgram, employee: Employee) -> None:
    MentorOptIn.objects.filter(program=program, employee=employee).delete()


def mentee_nominate(
    *, program: MentoringProgram, employee: Employee, nominated_by: User, source: str
) -> MenteeNomination:
    """Put an employee forward as a mentee. Idempotent per (program, employee)."""
    if program.status == ProgramStatus.CLOSED:
        raise ValidationError(_("This program is closed."))
    if not employee.is_active:
        raise ValidationError(_("%(name)s is not an active employee.") % {"name": employee.name})
    nomination, _created = MenteeNomination.objects.get_or_create(
        program=program, employee=employee,
        defaults={"source": source, "nominated_by": nominated_by},
    )
    return nomination
