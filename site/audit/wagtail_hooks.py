"""The audit trail in Wagtail: Bangkom's actions in Wagtail's log registry, admin
edits with their before → after, and HR's report (docs/audit.md)."""
from __future__ import annotations

from django.db import models
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from audit.actions import AuditedEditAction
from audit.views import AuditTrailView
from config.audit import ACTIONS
from people.roles import user_is_hr


@hooks.register("register_log_actions")
def bangkom_log_actions(actions) -> None:  # type: ignore[no-untyped-def]
    for code, label in ACTIONS.items():
        actions.register_action(code, label, label)


@hooks.register("register_actions")
def audited_edit_action(registry) -> None:  # type: ignore[no-untyped-def]
    # On models.Model, replacing Wagtail's EditAction there; Page keeps EditPageAction.
    registry.register(models.Model, AuditedEditAction)


@hooks.register("register_admin_urls")
def audit_trail_urls() -> list:
    return [
        path("reports/jejak-audit/", AuditTrailView.as_view(), name="audit_trail"),
        path("reports/jejak-audit/results/", AuditTrailView.as_view(results_only=True),
             name="audit_trail_results"),
    ]


class AuditTrailMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return user_is_hr(request.user)


@hooks.register("register_reports_menu_item")
def audit_trail_menu_item() -> MenuItem:
    return AuditTrailMenuItem(_("Audit trail"), reverse("audit_trail"),
                              icon_name="history", order=1000)
