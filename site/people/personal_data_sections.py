"""People's own part of the personal-data archive (people/personal_data.py): the
employee record and the login behind it."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.exports import Kind
from people.models import Employee, EmploymentType, User
from people.personal_data import DataField, PersonalDataSection, register_personal_data_section

register_personal_data_section(PersonalDataSection(
    key="profil", title=_("Employee profile"), order=10,
    description=_("NIP, name, employment, golongan, position, unit and supervisor."),
    rows=lambda employee: Employee.objects.filter(pk=employee.pk),
    fields=(
        DataField("nip", _("NIP"), Kind.NIP),
        DataField("name", _("Name")),
        DataField("employment_type", _("Employment type"), Kind.CHOICE, EmploymentType),
        DataField("contract_start", _("Contract start (TMT PPPK)"), Kind.DATE),
        DataField("birth_place", _("Place of birth")),
        DataField("rank__code", _("Golongan")),
        DataField("rank__name", _("Pangkat")),
        DataField("position__name", _("Position")),
        DataField("unit__name", _("Unit")),
        DataField("supervisor__name", _("Direct supervisor")),
        DataField("email", _("Email")),
        DataField("is_active", _("Active"), Kind.BOOLEAN),
        DataField("created_at", _("Recorded at"), Kind.DATETIME),
        DataField("updated_at", _("Last changed at"), Kind.DATETIME),
    ),
))

register_personal_data_section(PersonalDataSection(
    key="akun", title=_("Login account"), order=11,
    description=_("The login: user name, email, when it was made and last used "
                  "(never the password)."),
    rows=lambda employee: User.objects.filter(employee=employee),
    fields=(
        DataField("username", _("User name")),
        DataField("email", _("Email")),
        DataField("is_active", _("Active"), Kind.BOOLEAN),
        DataField("date_joined", _("Made at"), Kind.DATETIME),
        DataField("last_login", _("Last login"), Kind.DATETIME),
    ),
))
