"""Learning's part of the personal-data archive (people/personal_data.py): the
enrollments with their outcome, the JP ledger and learning done elsewhere (with the
proofs the employee uploaded)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from learning.models import (
    Enrollment,
    EnrollmentStatus,
    ExternalLearning,
    ExternalLearningStatus,
    JpLedgerEntry,
    JpLedgerSource,
)
from people.personal_data import (
    DataField,
    PersonalDataSection,
    file_extension,
    files_of,
    register_personal_data_section,
)

register_personal_data_section(PersonalDataSection(
    key="pendaftaran", title=_("Enrollments"), order=30,
    description=_("Every enrollment in a workshop session, with its attendance, "
                  "post-test score, completion and evaluation."),
    rows=lambda employee: Enrollment.objects.filter(employee=employee).order_by(
        "session__starts_at", "pk"),
    fields=(
        DataField("session__page__title", _("Workshop")),
        DataField("session__starts_at", _("Session starts"), Kind.DATETIME),
        DataField("session__ends_at", _("Session ends"), Kind.DATETIME),
        DataField("status", _("Status"), Kind.CHOICE, EnrollmentStatus),
        DataField("created_at", _("Enrolled at"), Kind.DATETIME),
        DataField("decided_at", _("Decided at"), Kind.DATETIME),
        DataField("decision_reason", _("Reason given")),
        DataField("cancelled_at", _("Cancelled at"), Kind.DATETIME),
        DataField("post_test__score", _("Post-test score"), Kind.DECIMAL),
        DataField("completion__completed_at", _("Completed at"), Kind.DATETIME),
        DataField("completion__attendance_percent", _("Attendance (%)"), Kind.DECIMAL),
        DataField("completion__jp_awarded", _("JP awarded"), Kind.DECIMAL),
        DataField("evaluation__material", _("Evaluation: material"), Kind.INTEGER),
        DataField("evaluation__facilitator", _("Evaluation: facilitator"), Kind.INTEGER),
        DataField("evaluation__organization", _("Evaluation: organization"), Kind.INTEGER),
        DataField("evaluation__comment", _("Evaluation: comment")),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="jp", title=_("JP ledger"), order=31,
    description=_("Every entry of the yearly JP ledger, withdrawn ones included."),
    rows=lambda employee: JpLedgerEntry.objects.filter(employee=employee).order_by(
        "year", "occurred_on", "pk"),
    fields=(
        DataField("year", _("Year"), Kind.INTEGER),
        DataField("occurred_on", _("Date"), Kind.DATE),
        DataField("source", _("Source"), Kind.CHOICE, JpLedgerSource),
        DataField("description", _("Description")),
        DataField("learning_form__name", _("Form of development")),
        DataField("jp", _("JP"), Kind.DECIMAL),
        DataField("withdrawn_at", _("Withdrawn at"), Kind.DATETIME),
        DataField("withdrawn_jp", _("JP withdrawn"), Kind.DECIMAL),
        DataField("withdrawn_reason", _("Reason for withdrawal")),
    ),
))


def _proofs(employee):  # type: ignore[no-untyped-def]
    rows = ExternalLearning.objects.filter(employee=employee).exclude(proof="").order_by("pk")
    return files_of(rows, "proof", lambda row: f"bukti-{row.pk}{file_extension(row.proof)}")


register_personal_data_section(PersonalDataSection(
    key="pembelajaran_luar", title=_("Learning done elsewhere"), order=32,
    rows=lambda employee: ExternalLearning.objects.filter(employee=employee).order_by(
        "start_date", "pk"),
    fields=(
        DataField("id", _("Number")),
        DataField("title", _("Title")),
        DataField("provider", _("Provider")),
        DataField("learning_form__name", _("Form of development")),
        DataField("start_date", _("Start date"), Kind.DATE),
        DataField("end_date", _("End date"), Kind.DATE),
        DataField("jp_claimed", _("JP claimed"), Kind.DECIMAL),
        DataField("jp_awarded", _("JP awarded"), Kind.DECIMAL),
        DataField("status", _("Status"), Kind.CHOICE, ExternalLearningStatus),
        DataField("verified_at", _("Verified at"), Kind.DATETIME),
        DataField("rejection_reason", _("Reason for rejection")),
    ),
    files=_proofs,
))
