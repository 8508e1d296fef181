"""Side effects of the audit trail (style: signals only for decoupled side effects).

- Every log entry written while serving a request gets the client's address
  (`data["ip"]`), Wagtail's own entries (page publish, snippet edit, user edit)
  included: they are written deep inside Wagtail, which knows nothing of Bangkom.
- Role and permission changes are recorded wherever they are made (the Wagtail user
  and group editors, the Django admin, a shell, a migration run by a person): group
  membership, a group's permissions, a user's own permissions, and the superuser,
  staff and active flags. They are changes to Django's auth tables, so a receiver on
  those tables is the one place that sees them all. Grants made by data migrations
  are not: they are the release's (its code and history say who decided them), and
  logging them mid-migration created content types out of order, which broke the
  test database's serialized copy (auth.group under two ids).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import (
    m2m_changed,
    post_migrate,
    post_save,
    pre_migrate,
    pre_save,
)

from config.audit import audit_record, current_ip

ROLE_FLAGS = ("is_superuser", "is_staff", "is_active")
# True from pre_migrate to post_migrate (`migrate` is running in this process) and
# while a database snapshot is reloaded (role_changes_unrecorded).
_migrating = False


def _migration_started(**kwargs) -> None:  # type: ignore[no-untyped-def]
    global _migrating
    _migrating = True


def _migration_ended(**kwargs) -> None:  # type: ignore[no-untyped-def]
    global _migrating
    _migrating = False


@contextmanager
def role_changes_unrecorded() -> Iterator[None]:
    """Reloading saved rows (a test database's serialized copy, loaddata of a dump)
    replays group memberships and permissions: a restore, not a decision."""
    global _migrating
    before, _migrating = _migrating, True
    try:
        yield
    finally:
        _migrating = before


def log_entry_add_ip(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if instance.pk is not None:
        return
    ip = current_ip()
    if ip and "ip" not in (instance.data or {}):
        instance.data = {**(instance.data or {}), "ip": ip}


def _label(obj) -> str:  # type: ignore[no-untyped-def]
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return str(obj)


def _names(model, pks) -> list[str]:  # type: ignore[no-untyped-def]
    objects = model.objects.filter(pk__in=pks)
    if model is Permission:
        objects = objects.select_related("content_type")
    return sorted(_label(o) for o in objects)


def _employee_of(user):  # type: ignore[no-untyped-def]
    from people.roles import employee_for

    return employee_for(user)


def m2m_role_change(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """A group joined or left, a permission given or taken (post_add/post_remove;
    post_clear arrives after a pre_clear that remembered what was there)."""
    from people.models import User

    if _migrating:
        return
    if action == "pre_clear":
        field = {User.groups.through: "groups", User.user_permissions.through:
                 "user_permissions", Group.permissions.through: "permissions"}[sender]
        instance._audit_cleared = set(getattr(instance, field).values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_audit_cleared", set())
    if not pk_set:
        return
    what = "groups" if sender is User.groups.through else "permissions"
    verb = "added" if action == "post_add" else "removed"
    if reverse:
        # Group.user_set.add(user) / Permission.group_set.add(group): one entry
        # per changed object, so each user's or group's trail is complete.
        for target in model.objects.filter(pk__in=pk_set):
            _role_record(target, what, verb, [_label(instance)])
        return
    _role_record(instance, what, verb, _names(model, pk_set))


def _role_record(target, what: str, verb: str, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    from people.models import User

    subject = _employee_of(target) if isinstance(target, User) else None
    audit_record(target, "bangkom.role.change", user=None, subject=subject,
                 before={what: names} if verb == "removed" else {},
                 after={what: names} if verb == "added" else {})


def user_flags_remember(sender, instance, update_fields=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    # A login saves last_login alone: no query for that.
    if _migrating or instance.pk is None or (
            update_fields and not set(update_fields) & set(ROLE_FLAGS)):
        return
    old = sender.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first()
    instance._audit_flags = old


def user_flags_record(sender, instance, created, **kwargs) -> None:  # type: ignore[no-untyped-def]
    old = getattr(instance, "_audit_flags", None)
    if created or not old:
        return
    new = {f: getattr(instance, f) for f in ROLE_FLAGS}
    before = {f: old[f] for f in ROLE_FLAGS if old[f] != new[f]}
    if before:
        audit_record(instance, "bangkom.role.change", user=None,
                     subject=_employee_of(instance), before=before,
                     after={f: new[f] for f in before})
    instance._audit_flags = new


def connect() -> None:
    from wagtail.models import ModelLogEntry, PageLogEntry

    from people.models import User

    # Wagtail's two log models (its registry would scan every app's hooks this early).
    for log_model in (ModelLogEntry, PageLogEntry):
        pre_save.connect(log_entry_add_ip, sender=log_model,
                         dispatch_uid=f"audit_ip_{log_model._meta.label}")
    for through in (User.groups.through, User.user_permissions.through,
                    Group.permissions.through):
        m2m_changed.connect(m2m_role_change, sender=through,
                            dispatch_uid=f"audit_roles_{through._meta.label}")
    pre_migrate.connect(_migration_started, dispatch_uid="audit_migrating")
    post_migrate.connect(_migration_ended, dispatch_uid="audit_migrated")
    pre_save.connect(user_flags_remember, sender=User, dispatch_uid="audit_flags_before")
    post_save.connect(user_flags_record, sender=User, dispatch_uid="audit_flags_after")
