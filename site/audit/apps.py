from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail's admin side: Bangkom's actions registered with Wagtail's log,
    the HR report, the before/after of admin edits and the role-change receivers.
    Services write entries with config.audit.audit_record (docs/audit.md)."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from audit import receivers
        from home.panels import register_hr_link

        receivers.connect()
        register_hr_link(label=_("Audit trail"), url_name="audit_trail", order=95,
                         description=_("Who decided what, when, from where and what "
                                       "changed; filter by person, action and period, "
                                       "and export."))
