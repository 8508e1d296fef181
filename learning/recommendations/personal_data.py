"""Recommendations' part of the personal-data archive (people/personal_data.py): the
workshops suggested to the employee, the ones they dismissed and the ones their
supervisor assigned."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from learning.recommendations.models import (
    DismissalReason,
    Recommendation,
    RecommendationAssignment,
    RecommendationDismissal,
    RecommendationKind,
)
from people.personal_data import DataField, PersonalDataSection, register_personal_data_section

register_personal_data_section(PersonalDataSection(
    key="rekomendasi", title=_("Training recommendations"), order=35,
    rows=lambda employee: Recommendation.objects.filter(employee=employee).order_by(
        "kind", "rank"),
    fields=(
        DataField("workshop__title", _("Workshop")),
        DataField("kind", _("Kind"), Kind.CHOICE, RecommendationKind),
        DataField("rank", _("Rank"), Kind.INTEGER),
        DataField("score", _("Score"), Kind.DECIMAL),
        DataField("computed_at", _("Computed at"), Kind.DATETIME),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="rekomendasi_ditolak", title=_("Dismissed recommendations"), order=36,
    rows=lambda employee: RecommendationDismissal.objects.filter(employee=employee).order_by(
        "created_at", "pk"),
    fields=(
        DataField("workshop__title", _("Workshop")),
        DataField("kind", _("Kind"), Kind.CHOICE, RecommendationKind),
        DataField("reason", _("Reason"), Kind.CHOICE, DismissalReason),
        DataField("created_at", _("Dismissed at"), Kind.DATETIME),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="penugasan_pelatihan", title=_("Workshops assigned by the supervisor"), order=37,
    rows=lambda employee: RecommendationAssignment.objects.filter(employee=employee).order_by(
        "created_at", "pk"),
    fields=(
        DataField("workshop__title", _("Workshop")),
        DataField("assigned_by__name", _("Assigned by")),
        DataField("note", _("Note")),
        DataField("created_at", _("Assigned at"), Kind.DATETIME),
    ),
))
