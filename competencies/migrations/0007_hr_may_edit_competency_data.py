"""Let the HR group edit the competency reference data and results in the Wagtail
admin ("Kompetensi" menu)."""
from django.db import migrations

MODELS = [
    "competency", "competencylevel", "jobstandarddefault", "jobstandard", "sourceweight",
    "corevalue", "corevaluecompetency", "appraisalperiod", "appraisal", "assessment",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    # Permissions are normally created after migrate (post_migrate): create them now.
    app_config = apps.get_app_config("competencies")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr, _ = Group.objects.get_or_create(name="HR")
    codenames = [f"{action}_{model}" for model in MODELS
                 for action in ("view", "add", "change", "delete")]
    codenames.append("view_importbatch")
    hr.permissions.add(*Permission.objects.filter(
        content_type__app_label="competencies", codename__in=codenames
    ))


class Migration(migrations.Migration):
    dependencies = [
        ("competencies", "0006_gap_table_lean"),
        ("people", "0002_seed_ranks_and_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
