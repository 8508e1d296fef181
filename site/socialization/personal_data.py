"""Socialization's part of the personal-data archive (people/personal_data.py): the
policies the employee acknowledged and the questions they asked."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from people.personal_data import DataField, PersonalDataSection, register_personal_data_section
from socialization.models import Acknowledgement, PolicyQuestion

register_personal_data_section(PersonalDataSection(
    key="persetujuan_kebijakan", title=_("Policy acknowledgements"), order=15,
    rows=lambda employee: Acknowledgement.objects.filter(employee=employee).order_by(
        "acknowledged_at", "pk"),
    fields=(
        DataField("page__title", _("Policy")),
        DataField("revision_id", _("Revision"), Kind.INTEGER),
        DataField("acknowledged_at", _("Acknowledged at"), Kind.DATETIME),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="pertanyaan_kebijakan", title=_("Questions about policies"), order=16,
    rows=lambda employee: PolicyQuestion.objects.filter(author__employee=employee).order_by(
        "created_at", "pk"),
    fields=(
        DataField("page__title", _("Policy")),
        DataField("question", _("Question")),
        DataField("created_at", _("Asked at"), Kind.DATETIME),
        DataField("answer", _("Answer")),
        DataField("answered_at", _("Answered at"), Kind.DATETIME),
        DataField("is_published", _("Shown on the page"), Kind.BOOLEAN),
    ),
))
