"""HR's audit trail report in the Wagtail admin (Laporan → Jejak audit).

It is Wagtail's site history report (the same log entries, filters, pagination and
CSV/XLSX export through config.exports) with what an audit needs on top:

- every entry, whoever may edit the object: the site history shows a non-superuser
  only the object types they hold a permission on, but HR audits decisions on
  enrollments, certificates and logins they never edit in the admin;
- filters by the person a decision is about ("Pegawai", by name or NIP) and by who
  made it ("Pelaku"), typed rather than a checkbox per user (thousands of them);
- columns for the client address and the before → after of each entry.

Read only: there is no view that edits or deletes an entry (Wagtail has none either,
and log entries are not registered in the Django admin).
"""
from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Q, Value, prefetch_related_objects
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter, DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.log_actions import registry as log_action_registry

from people.models import Employee, User
from people.nip import nip_normalize
from people.roles import user_is_hr

MAX_PEOPLE = 500  # people a name search may match; more is not a filter


def _employee_ids(text: str) -> list[int]:
    text = text.strip()
    nip = nip_normalize(text)
    return list(Employee.objects.filter(Q(name__icontains=text) | Q(nip=nip))
                .values_list("pk", flat=True)[:MAX_PEOPLE])


def _user_ids(text: str) -> list[int]:
    text = text.strip()
    return list(User.objects.filter(
        Q(employee__name__icontains=text) | Q(employee__nip=nip_normalize(text))
        | Q(username__iexact=text)).values_list("pk", flat=True)[:MAX_PEOPLE])


class AuditTrailFilterSet(WagtailFilterSet):
    person = django_filters.CharFilter(label=_("Employee (name or NIP)"),
                                       method="filter_person")
    actor = django_filters.CharFilter(label=_("Done by (name or NIP)"),
                                      method="filter_actor")
    action = django_filters.MultipleChoiceFilter(
        label=_("Action"), widget=CheckboxSelectMultiple)
    timestamp = django_filters.DateFromToRangeFilter(label=_("Period"),
                                                     widget=DateRangePickerWidget)
    object_type = ContentTypeFilter(label=_("Object type"), method="filter_object_type",
                                    queryset=lambda request: _content_types())
    label = django_filters.CharFilter(label=_("Object name"), lookup_expr="icontains")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = sorted(
            log_action_registry.get_choices(), key=lambda c: str(c[1]))

    def filter_person(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(data__subject_id__in=_employee_ids(value)) if value.strip() \
            else queryset

    def filter_actor(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(user_id__in=_user_ids(value)) if value.strip() else queryset

    def filter_object_type(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter_on_content_type(value)

    class Meta:
        from wagtail.models import ModelLogEntry

        model = ModelLogEntry
        fields: list[str] = []


def _content_types():  # type: ignore[no-untyped-def]
    from django.contrib.contenttypes.models import ContentType

    ids: set[int] = set()
    for log_model in log_action_registry.get_log_entry_models():
        ids.update(log_model.objects.all().get_content_type_ids())
    return ContentType.objects.filter(pk__in=ids).order_by("model")


def _changes(data: dict) -> str:
    before, after = data.get("before") or {}, data.get("after") or {}
    parts = []
    for key in list(before) + [k for k in after if k not in before]:
        old, new = before.get(key), after.get(key)
        parts.append(f"{key}: {'' if old is None else old} → {'' if new is None else new}")
    return "; ".join(parts)


class AuditTrailView(LogEntriesView):
    page_title = _("Audit trail")
    header_icon = "history"
    filterset_class = AuditTrailFilterSet
    results_template_name = "audit/audit_trail_results.html"
    index_url_name = "audit_trail"
    index_results_url_name = "audit_trail_results"
    list_export = ["timestamp", "user_display_name", "action", "label", "content_type",
                   "subject_name", "ip", "changes", "details"]
    export_headings = {
        "timestamp": _("Date/Time"),
        "user_display_name": _("Done by"),
        "action": _("Action"),
        "label": _("Object"),
        "content_type": _("Object type"),
        "subject_name": _("Employee"),
        "ip": _("IP address"),
        "changes": _("Changes (before → after)"),
        "details": _("Details"),
    }

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not user_is_hr(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self) -> str:
        return "jejak-audit"

    def get_filtered_queryset(self):  # type: ignore[no-untyped-def]
        # As LogEntriesView, but over every entry: HR audits all decisions.
        queryset = None
        self.log_models = list(log_action_registry.get_log_entry_models())
        for index, log_model in enumerate(self.log_models):
            sub = (log_model.objects.values("pk", "timestamp")
                   .annotate(log_model_index=Value(index, output_field=IntegerField())))
            sub = self.filter_queryset(sub).order_by()
            queryset = sub if queryset is None else queryset.union(sub, all=True)
        return queryset.order_by("-timestamp", "-pk")

    def decorate_paginated_queryset(self, queryset):  # type: ignore[no-untyped-def]
        entries = super().decorate_paginated_queryset(queryset)
        # Who by name (User.get_full_name reads the employee): one query for the page.
        prefetch_related_objects([e.user for e in entries if e.user_id], "employee")
        subject_ids = {e.data.get("subject_id") for e in entries if e.data}
        names = dict(Employee.objects.filter(pk__in=subject_ids - {None})
                     .values_list("pk", "name"))
        for entry in entries:
            data = entry.data or {}
            entry.subject_name = names.get(data.get("subject_id"), "")
            entry.ip = data.get("ip", "")
            entry.changes = _changes(data)
            entry.details = "; ".join(
                f"{k}: {v}" for k, v in data.items()
                if k not in ("ip", "before", "after", "subject_id"))
        return entries
