"""HR enrolls a list of people in one session (the "Daftarkan peserta" page): one
enrollment_enroll per row, each its own transaction, with a report per row."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from learning.enrollment.services import EnrollmentError, enrollment_enroll
from learning.models import EnrollmentStatus, WorkshopSession
from people.models import Employee, User


@dataclass
class BulkRow:
    row: int
    nip: str
    name: str
    outcome: str  # "enrolled" | "waitlisted" | "pending" | "refused"
    reason: str


def enrollment_bulk_create(
    *, session: WorkshopSession, rows: list[tuple[int, str]], enrolled_by: User,
) -> list[BulkRow]:
    """HR enrolls many people by NIP: (row number, NIP) pairs, already parsed.

    Each row is its own transaction: a refused row (unknown NIP, not eligible,
    already in) does not stop the others, and the report says why per row.
    HR-enrolled people skip supervisor approval but not capacity."""
    employees = {
        e.nip: e for e in Employee.objects.with_org().filter(nip__in=[nip for _, nip in rows])
    }
    report: list[BulkRow] = []
    for row, nip in rows:
        employee = employees.get(nip)
        if employee is None:
            report.append(BulkRow(row, nip, "", "refused", _("No employee with this NIP.")))
            continue
        try:
            result = enrollment_enroll(session=session, employee=employee,
                                       enrolled_by=enrolled_by, acknowledge_overlap=True)
        except EnrollmentError as exc:
            report.append(BulkRow(row, nip, employee.name, "refused", " ".join(exc.messages)))
            continue
        if not result.created:
            report.append(BulkRow(row, nip, employee.name, "refused",
                                  _("Already in this session (%(status)s).")
                                  % {"status": result.enrollment.get_status_display()}))
        elif result.enrollment.status == EnrollmentStatus.WAITLISTED:
            report.append(BulkRow(row, nip, employee.name, "waitlisted",
                                  _("The session is full.")))
        else:
            report.append(BulkRow(row, nip, employee.name, "enrolled", ""))
    return report
