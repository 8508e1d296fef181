"""What an employee's own JP page lists besides the ledger (their learning done
elsewhere, the evaluations still to fill), and HR's verification queue."""
from __future__ import annotations

from django.db.models import QuerySet

from learning.models import Enrollment
from learning.models.completion import ExternalLearning, ExternalLearningStatus
from people.models import Employee


def external_learning_for(*, employee: Employee) -> QuerySet[ExternalLearning]:
    return ExternalLearning.objects.filter(employee=employee).select_related("learning_form")


def evaluations_pending_for(*, employee: Employee, limit: int = 10) -> list[Enrollment]:
    """Completed enrollments the employee has not evaluated yet. One query."""
    return list(
        Enrollment.objects.filter(employee=employee, completion__isnull=False,
                                  evaluation__isnull=True)
        .select_related("session__page").order_by("-session__ends_at")[:limit]
    )


def external_learning_queue() -> QuerySet[ExternalLearning]:
    """Submissions waiting for HR, oldest first."""
    return ExternalLearning.objects.filter(
        status=ExternalLearningStatus.SUBMITTED
    ).select_related("employee__unit", "learning_form").order_by("created_at", "pk")
