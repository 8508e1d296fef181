"""Replace Wagtail's placeholder root page with Bangkom's HomePage, and give the HR
group access to the Wagtail admin (only HR reaches it)."""
from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    Page.objects.filter(depth=2, slug="home").delete()
    homepage_ct, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale, _ = Locale.objects.get_or_create(language_code="id")
    homepage = HomePage.objects.create(
        title="Bangkom",
        draft_title="Bangkom",
        slug="home",
        content_type=homepage_ct,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro="<p>Pengembangan kompetensi ASN: sosialisasi kebijakan, pelatihan, "
        "analisis kesenjangan kompetensi dan mentoring.</p>",
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": homepage, "site_name": "Bangkom"},
    )


def grant_hr_admin_access(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    hr, _ = Group.objects.get_or_create(name="HR")
    hr.permissions.add(access)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("people", "0002_seed_ranks_and_groups"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [
        migrations.RunPython(create_homepage, migrations.RunPython.noop),
        migrations.RunPython(grant_hr_admin_access, migrations.RunPython.noop),
    ]
