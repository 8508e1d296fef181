"""Let the HR group edit the agency identity (the certificate's kop and the issuer
on the verification page) in the Wagtail admin's settings."""
from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    # Content types and permissions are normally created after migrate (post_migrate);
    # create them now. The migration app registry's stub needs models_module set.
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr, _ = Group.objects.get_or_create(name="HR")
    hr.permissions.add(*Permission.objects.filter(
        content_type__app_label="certificates",
        codename__in=["view_agencyidentity", "change_agencyidentity"]))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_agency_identity"),
        ("people", "0002_seed_ranks_and_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
