"""Admin edits with their before → after.

Wagtail's EditAction logs `wagtail.edit` for every snippet and model edit in the
admin (HR's edits of assessments, job standards, learning forms, mentoring programs,
certificate templates), but says only *that* something changed. This action logs the
same entry with the changed fields' old and new values, read from the validated form
(its `initial` is the object as it was, `cleaned_data` what HR typed). Registered for
every model through Wagtail's `register_actions` hook; pages keep Wagtail's own
EditPageAction (their revisions already hold every version).
"""
from __future__ import annotations

from django.db import transaction
from django.forms import ModelChoiceField, ModelMultipleChoiceField, PasswordInput
from wagtail.actions.edit import EditAction
from wagtail.log_actions import log

from config.audit import changes_between


def form_changes(form) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    """(before, after) of the form's changed fields; inline formsets not included."""
    if form is None:
        return {}, {}
    fields = [f for f in form.changed_data if f in form.cleaned_data
              and not _secret(form.fields[f], f)]
    return changes_between({f: _initial(form, f) for f in fields},
                           {f: form.cleaned_data.get(f) for f in fields})


def _secret(field, name: str) -> bool:
    # A user form's new password must never reach the log.
    return "password" in name or isinstance(field.widget, PasswordInput)


def _initial(form, name: str):  # type: ignore[no-untyped-def]
    # The form's initial holds a foreign key as its id; show the object, as after.
    value, field = form.initial.get(name), form.fields[name]
    if (value is not None and isinstance(field, ModelChoiceField)
            and not isinstance(field, ModelMultipleChoiceField)):
        return field.queryset.filter(pk=value).first() or value
    return value

class AuditedEditAction(EditAction):
    """EditAction whose log entry carries the edit's before → after."""

    @transaction.atomic
    def _edit(self, skip_permission_checks=False):  # type: ignore[no-untyped-def]
        log_action, self.log_action = self.log_action, None
        try:
            instance = super()._edit(skip_permission_checks=skip_permission_checks)
        finally:
            self.log_action = log_action
        if log_action:
            before, after = form_changes(self.form)
            data = {"before": before, "after": after} if after else {}
            subject_id = getattr(instance, "employee_id", None)
            if subject_id is not None:
                data["subject_id"] = subject_id
            log(instance=instance, action=log_action, user=self.user,
                revision=self.revision, content_changed=self.content_changed, data=data)
        return instance
