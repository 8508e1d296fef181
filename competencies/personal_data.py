"""Competencies' part of the personal-data archive (people/personal_data.py):
appraisals, assessments, gaps and the Job Person Match."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from competencies.models import (
    Appraisal,
    Assessment,
    AssessmentSource,
    CompetencyGap,
    JobPersonMatch,
    Predicate,
    Rating,
)
from config.exports import Kind
from people.personal_data import DataField, PersonalDataSection, register_personal_data_section

_COMPETENCY = (DataField("competency__code", _("Competency code")),
               DataField("competency__name", _("Competency")))

register_personal_data_section(PersonalDataSection(
    key="penilaian_kinerja", title=_("Performance appraisals"), order=20,
    rows=lambda employee: Appraisal.objects.filter(employee=employee).order_by("period__code"),
    fields=(
        DataField("period__code", _("Period")),
        DataField("result_rating", _("Work result rating"), Kind.CHOICE, Rating),
        DataField("behaviour_rating", _("Work behaviour rating"), Kind.CHOICE, Rating),
        DataField("predicate", _("Predicate"), Kind.CHOICE, Predicate),
        DataField("predicate_was_derived", _("Predicate derived"), Kind.BOOLEAN),
        DataField("created_at", _("Recorded at"), Kind.DATETIME),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="asesmen", title=_("Competency assessments"), order=21,
    rows=lambda employee: Assessment.objects.filter(employee=employee).order_by(
        "competency__code", "-assessed_on", "source"),
    fields=(*_COMPETENCY,
            DataField("level", _("Level"), Kind.DECIMAL, places=1),
            DataField("source", _("Source"), Kind.CHOICE, AssessmentSource),
            DataField("assessed_on", _("Assessed on"), Kind.DATE)),
))

register_personal_data_section(PersonalDataSection(
    key="kesenjangan", title=_("Competency gaps"), order=22,
    rows=lambda employee: CompetencyGap.objects.filter(employee=employee).order_by(
        "competency__code"),
    fields=(*_COMPETENCY,
            DataField("required_level", _("Required level"), Kind.INTEGER),
            DataField("assessed_level", _("Assessed level"), Kind.DECIMAL),
            DataField("gap", _("Gap"), Kind.DECIMAL),
            DataField("priority", _("Priority"), Kind.DECIMAL),
            DataField("behaviour_flag", _("Behaviour flag"), Kind.BOOLEAN),
            DataField("computed_at", _("Computed at"), Kind.DATETIME)),
))

register_personal_data_section(PersonalDataSection(
    key="jpm", title=_("Job Person Match"), order=23,
    rows=lambda employee: JobPersonMatch.objects.filter(employee=employee),
    fields=(DataField("jpm_percent", _("JPM (%)"), Kind.DECIMAL),
            DataField("coverage", _("Coverage"), Kind.DECIMAL),
            DataField("standard_count", _("Competencies in the job standard"), Kind.INTEGER),
            DataField("assessed_count", _("Competencies assessed"), Kind.INTEGER),
            DataField("computed_at", _("Computed at"), Kind.DATETIME)),
))
