"""Let the HR group design, edit and preview certificate templates in the Wagtail
admin (a snippet): only the superuser could."""
from django.db import migrations

from people.group_grants import crud, hr_permissions_grant


def grant(apps, schema_editor):
    hr_permissions_grant(apps, app_label="certificates", codenames=crud("certificatetemplate"))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_builtin_design_with_kop"),
        ("people", "0002_seed_ranks_and_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
