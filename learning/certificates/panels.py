"""The "My certificates" panel on the employee's home page and HR's link.
Imported from CertificatesConfig.ready()."""
from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from home.panels import register_home_panel, register_hr_link
from learning.certificates.selectors import certificates_for_employee
from people.roles import employee_for


@register_home_panel(template="certificates/panel.html", order=27)
def certificates_panel(request: HttpRequest) -> dict | None:
    """The employee's newest certificates with download links. One query; hidden
    when there are none."""
    employee = employee_for(request.user)
    if employee is None:
        return None
    certificates = certificates_for_employee(employee=employee, limit=5)
    return {"certificates": certificates} if certificates else None


register_hr_link(
    label=_("Certificates"), url_name="certificates:hr_index", order=45,
    description=_("Issue a session's certificates, download them as a ZIP, revoke or "
                  "correct one."),
)
