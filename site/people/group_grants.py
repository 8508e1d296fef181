"""Granting model permissions to the HR group from data migrations: each app that
defines data HR owns grants HR its permissions in a migration of its own
(docs/foundation.md "Roles")."""
from __future__ import annotations

HR_GROUP_NAME = "HR"  # people.roles.HR_GROUP; migrations must not import models code


def hr_permissions_grant(apps, *, app_label: str, codenames: list[str]) -> None:
    """Give the HR group these permissions of `app_label`, creating the app's content
    types and permissions first: Django creates them only after migrate
    (post_migrate), too late for a migration that runs on a fresh database."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # the migration registry's stub needs it set
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr, _ = Group.objects.get_or_create(name=HR_GROUP_NAME)
    found = Permission.objects.filter(content_type__app_label=app_label,
                                      codename__in=codenames)
    missing = set(codenames) - set(found.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"{app_label}: no permission {sorted(missing)}")
    hr.permissions.add(*found)


def crud(*models: str) -> list[str]:
    """view/add/change/delete codenames of the given model names."""
    return [f"{action}_{model}" for model in models
            for action in ("view", "add", "change", "delete")]
