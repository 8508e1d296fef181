"""Let the HR group edit the learning forms (jalur) and their JP rules in the Wagtail
admin (a snippet): only the superuser could."""
from django.db import migrations

from people.group_grants import crud, hr_permissions_grant


def grant(apps, schema_editor):
    hr_permissions_grant(apps, app_label="learning", codenames=crud("learningform"))


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0009_jp_ledger_entry_withdrawal"),
        ("people", "0002_seed_ranks_and_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
