"""Development plans' part of the personal-data archive (people/personal_data.py)."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from learning.plans.models import Plan, PlanItem, PlanItemKind, PlanStatus
from people.personal_data import DataField, PersonalDataSection, register_personal_data_section

register_personal_data_section(PersonalDataSection(
    key="rencana", title=_("Development plans"), order=40,
    rows=lambda employee: Plan.objects.filter(employee=employee).order_by("year"),
    fields=(
        DataField("year", _("Year"), Kind.INTEGER),
        DataField("status", _("Status"), Kind.CHOICE, PlanStatus),
        DataField("revision", _("Revision"), Kind.INTEGER),
        DataField("approved_revision", _("Approved revision"), Kind.INTEGER),
        DataField("submitted_at", _("Submitted at"), Kind.DATETIME),
        DataField("updated_at", _("Last changed at"), Kind.DATETIME),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="rencana_butir", title=_("Development plan items"), order=41,
    rows=lambda employee: PlanItem.objects.filter(plan__employee=employee).order_by(
        "plan__year", "quarter", "pk"),
    fields=(
        DataField("plan__year", _("Year"), Kind.INTEGER),
        DataField("kind", _("Kind"), Kind.CHOICE, PlanItemKind),
        DataField("title", _("Title")),
        DataField("competency__name", _("Competency")),
        DataField("workshop__title", _("Workshop")),
        DataField("learning_form__name", _("Form of development")),
        DataField("quarter", _("Quarter"), Kind.INTEGER),
        DataField("planned_jp", _("Planned JP"), Kind.DECIMAL),
    ),
))
