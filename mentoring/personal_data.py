"""Mentoring's part of the personal-data archive (people/personal_data.py): the
pairs the employee is in (as mentor or mentee), their goals and sessions."""
from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from mentoring.models import (
    MentoringGoal,
    MentoringPair,
    MentoringSession,
    PairStatus,
    SessionMode,
    SessionStatus,
)
from people.personal_data import (
    DataField,
    PersonalDataSection,
    file_extension,
    files_of,
    register_personal_data_section,
)


def _in_pair(employee, prefix: str = "") -> Q:  # type: ignore[no-untyped-def]
    return Q(**{f"{prefix}mentor": employee}) | Q(**{f"{prefix}mentee": employee})


register_personal_data_section(PersonalDataSection(
    key="mentoring_pasangan", title=_("Mentoring pairs"), order=50,
    rows=lambda employee: MentoringPair.objects.filter(_in_pair(employee)).order_by("pk"),
    fields=(
        DataField("id", _("Number")),
        DataField("program__name", _("Program")),
        DataField("mentor__name", _("Mentor")),
        DataField("mentee__name", _("Mentee")),
        DataField("status", _("Status"), Kind.CHOICE, PairStatus),
        DataField("approved_at", _("Approved at"), Kind.DATETIME),
        DataField("mentor_fit", _("Good fit (mentor)"), Kind.BOOLEAN),
        DataField("mentee_fit", _("Good fit (mentee)"), Kind.BOOLEAN),
        DataField("completed_at", _("Completed at"), Kind.DATETIME),
        DataField("ended_reason", _("Reason ended")),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="mentoring_tujuan", title=_("Mentoring goals"), order=51,
    rows=lambda employee: MentoringGoal.objects.filter(
        _in_pair(employee, "pair__")).order_by("pair_id", "pk"),
    fields=(
        DataField("pair_id", _("Pair")),
        DataField("competency__name", _("Competency")),
        DataField("success_criteria", _("Success criteria")),
        DataField("action_items", _("Action items")),
        DataField("final_level", _("Final level"), Kind.DECIMAL),
        DataField("met", _("Met"), Kind.BOOLEAN),
    ),
))


def _evidence(employee):  # type: ignore[no-untyped-def]
    rows = MentoringSession.objects.filter(_in_pair(employee, "pair__")).exclude(
        evidence="").order_by("pk")
    return files_of(rows, "evidence",
                    lambda row: f"bukti-sesi-{row.pk}{file_extension(row.evidence)}")


register_personal_data_section(PersonalDataSection(
    key="mentoring_sesi", title=_("Mentoring sessions"), order=52,
    rows=lambda employee: MentoringSession.objects.filter(
        _in_pair(employee, "pair__")).order_by("held_on", "pk"),
    fields=(
        DataField("id", _("Number")),
        DataField("pair_id", _("Pair")),
        DataField("held_on", _("Held on"), Kind.DATE),
        DataField("duration_minutes", _("Minutes"), Kind.INTEGER),
        DataField("mode", _("Mode"), Kind.CHOICE, SessionMode),
        DataField("topics", _("Topics")),
        DataField("notes", _("Notes")),
        DataField("agreed_actions", _("Agreed actions")),
        DataField("status", _("Status"), Kind.CHOICE, SessionStatus),
        DataField("dispute_reason", _("Reason disputed")),
        DataField("confirmed_at", _("Confirmed at"), Kind.DATETIME),
        DataField("rating", _("Rating"), Kind.INTEGER),
        DataField("rating_comment", _("Rating comment")),
        DataField("jp_awarded", _("JP awarded"), Kind.DECIMAL),
    ),
    files=_evidence,
))
