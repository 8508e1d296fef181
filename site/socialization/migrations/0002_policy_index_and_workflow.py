"""Create the policy hub (/sosialisasi/) under the home page, and the HR publishing
workflow: "HR Editor" / "HR Approver" groups, their page permissions, and the
"Persetujuan HR" workflow on the home page. Idempotent."""
from django.db import migrations
from django.utils import timezone

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _path_step(number: int) -> str:
    digits = ""
    while number:
        number, rem = divmod(number, len(ALPHABET))
        digits = ALPHABET[rem] + digits
    return digits.rjust(STEPLEN, "0")


def _path_number(step: str) -> int:
    return int(step, len(ALPHABET))


def create_policy_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    PolicyIndexPage = apps.get_model("socialization", "PolicyIndexPage")
    if PolicyIndexPage.objects.exists():
        return
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return
    if Page.objects.filter(depth=3, path__startswith=home.path, slug="sosialisasi").exists():
        return  # someone made a page with that slug by hand; leave it alone
    # Treebeard's materialized path, computed by hand: migrations get historical
    # models without treebeard's add_child().
    last = (
        Page.objects.filter(depth=home.depth + 1, path__startswith=home.path)
        .order_by("-path").values_list("path", flat=True).first()
    )
    number = _path_number(last[-STEPLEN:]) + 1 if last else 1
    content_type, _ = ContentType.objects.get_or_create(
        app_label="socialization", model="policyindexpage"
    )
    now = timezone.now()
    PolicyIndexPage.objects.create(
        title="Sosialisasi Kebijakan",
        draft_title="Sosialisasi Kebijakan",
        slug="sosialisasi",
        content_type=content_type,
        path=home.path + _path_step(number),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}sosialisasi/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        intro="Kebijakan dan peraturan kepegawaian yang perlu Anda ketahui.",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def create_workflow(apps, schema_editor):
    from socialization.workflow import publishing_workflow_ensure

    publishing_workflow_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("socialization", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # /pelatihan/ is created there; run after it so its permissions are granted here.
        ("learning", "0005_catalog_calendar"),
    ]
    operations = [
        migrations.RunPython(create_policy_index, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
    ]
