"""Catalog: calendar state and feed tokens, the LearningForm seed (domain.md §2.3-2.4)
and the catalog index page at /pelatihan/ under the home page."""
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

D = Decimal
# (code, name, category, jp_unit, jp_per_unit, international_jp_per_unit,
#  international_multiplier, max_jp_per_month, requires_evidence, is_confirmed)
FORMS = [
    ("pendidikan", "Pendidikan formal (tugas belajar)", "PENDIDIKAN", "PROGRAM", None, None, "1.00", None, True, True),
    ("pelatihan-struktural-kepemimpinan", "Pelatihan struktural kepemimpinan", "KLASIKAL", "PROGRAM", None, None, "1.00", None, False, True),
    ("pelatihan-manajerial", "Pelatihan manajerial", "KLASIKAL", "PROGRAM", None, None, "1.20", None, False, True),
    ("pelatihan-teknis", "Pelatihan teknis", "KLASIKAL", "PROGRAM", None, None, "1.20", None, False, True),
    ("pelatihan-fungsional", "Pelatihan fungsional", "KLASIKAL", "PROGRAM", None, None, "1.20", None, False, True),
    ("pelatihan-sosial-kultural", "Pelatihan sosial kultural", "KLASIKAL", "PROGRAM", None, None, "1.20", None, False, True),
    ("seminar", "Seminar / konferensi / sarasehan", "KLASIKAL", "DAY", "4", "6", "1.00", None, False, True),
    ("workshop", "Workshop / lokakarya", "KLASIKAL", "DAY", "5", "7", "1.00", None, False, True),
    ("kursus", "Kursus", "KLASIKAL", "DAY", "4", None, "1.00", None, False, False),
    ("penataran", "Penataran", "KLASIKAL", "DAY", "4", None, "1.00", None, False, False),
    ("bimtek", "Bimbingan teknis (bimtek)", "KLASIKAL", "DAY", "4", None, "1.00", None, False, False),
    ("sosialisasi", "Sosialisasi", "KLASIKAL", "DAY", "4", None, "1.00", None, False, False),
    ("klasikal-lainnya", "Pelatihan klasikal lainnya", "KLASIKAL", "PROGRAM", None, None, "1.00", None, False, False),
    ("coaching", "Coaching", "NONKLASIKAL", "SESSION", "2", None, "1.00", "4", True, False),
    ("mentoring", "Mentoring", "NONKLASIKAL", "SESSION", "2", None, "1.00", "4", True, False),
    ("e-learning", "E-learning", "NONKLASIKAL", "ACTIVITY", "3", None, "1.00", None, True, False),
    ("pelatihan-jarak-jauh", "Pelatihan jarak jauh (PJJ)", "NONKLASIKAL", "ACTIVITY", "4", None, "1.00", None, True, False),
    ("detasering", "Detasering (secondment)", "NONKLASIKAL", "ACTIVITY", "20", None, "1.00", None, True, False),
    ("pembelajaran-alam-terbuka", "Pembelajaran alam terbuka (outbound)", "NONKLASIKAL", "ACTIVITY", "4", None, "1.00", None, True, False),
    ("patok-banding", "Patok banding (benchmarking)", "NONKLASIKAL", "ACTIVITY", "10", None, "1.00", None, True, False),
    ("pertukaran", "Pertukaran PNS dengan pegawai swasta/BUMN/BUMD", "NONKLASIKAL", "ACTIVITY", "20", None, "1.00", None, True, False),
    ("belajar-mandiri", "Belajar mandiri (self development)", "NONKLASIKAL", "DAY", "2", None, "1.00", None, True, False),
    ("komunitas-belajar", "Komunitas belajar (community of practice)", "NONKLASIKAL", "ACTIVITY", "2", None, "1.00", None, True, False),
    ("bimbingan-di-tempat-kerja", "Bimbingan di tempat kerja", "NONKLASIKAL", "PROGRAM", None, None, "1.00", None, True, False),
    ("magang", "Magang / praktik kerja", "NONKLASIKAL", "ACTIVITY", "20", None, "1.00", None, True, False),
    ("nonklasikal-lainnya", "Pelatihan nonklasikal lainnya", "NONKLASIKAL", "PROGRAM", None, None, "1.00", None, True, False),
]


def seed_learning_forms(apps, schema_editor):
    LearningForm = apps.get_model("learning", "LearningForm")
    for order, row in enumerate(FORMS):
        code, name, category, unit, jp, intl_jp, mult, max_month, evidence, confirmed = row
        # get_or_create: never overwrite what HR has edited.
        LearningForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "category": category, "jp_unit": unit,
                "jp_per_unit": D(jp) if jp else None,
                "international_jp_per_unit": D(intl_jp) if intl_jp else None,
                "international_multiplier": D(mult),
                "max_jp_per_month": D(max_month) if max_month else None,
                "requires_evidence": evidence, "is_confirmed": confirmed, "order": order,
            },
        )


ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node alphabet
STEPLEN = 4


def _next_step(last: str | None) -> str:
    if last is None:
        return "0001"
    value = 0
    for ch in last:
        value = value * len(ALPHABET) + ALPHABET.index(ch)
    value += 1
    out = ""
    for _ in range(STEPLEN):
        value, rem = divmod(value, len(ALPHABET))
        out = ALPHABET[rem] + out
    return out


def create_catalog_index(apps, schema_editor):
    """Historical models have no treebeard API, so the materialised path is computed
    by hand: the next free step under the home page."""
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    WorkshopIndexPage = apps.get_model("learning", "WorkshopIndexPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    home = HomePage.objects.order_by("path").first()
    if home is None or WorkshopIndexPage.objects.exists():
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if children.filter(slug="pelatihan").exists():
        return
    last = children.order_by("-path").values_list("path", flat=True).first()
    path = home.path + _next_step(last[-STEPLEN:] if last else None)
    ct, _ = ContentType.objects.get_or_create(app_label="learning", model="workshopindexpage")
    now = timezone.now()
    WorkshopIndexPage.objects.create(
        title="Katalog Pelatihan", draft_title="Katalog Pelatihan", slug="pelatihan",
        content_type=ct, path=path, depth=home.depth + 1, numchild=0,
        url_path=f"{home.url_path}pelatihan/", locale_id=home.locale_id, live=True,
        has_unpublished_changes=False, first_published_at=now, last_published_at=now,
        intro="<p>Pelatihan, workshop, seminar dan bimtek untuk mengembangkan "
        "kompetensi Anda. Cari menurut kompetensi, bentuk pengembangan atau bulan.</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):

    dependencies = [
        ("learning", "0002_sessionseats_enrollment"),
        ("people", "0002_seed_ranks_and_groups"),
        ("home", "0002_create_homepage"),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeedToken",
            fields=[
                ("employee", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="calendar_feed_token", serialize=False, to="people.employee", verbose_name="employee")),
                ("token", models.CharField(max_length=64, unique=True, verbose_name="token")),
                ("created_at", models.DateTimeField(auto_now=True, verbose_name="created at")),
            ],
            options={"verbose_name": "calendar feed token", "verbose_name_plural": "calendar feed tokens"},
        ),
        migrations.CreateModel(
            name="SessionCalendarState",
            fields=[
                ("session", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="calendar_state", serialize=False, to="learning.workshopsession", verbose_name="session")),
                ("sequence", models.PositiveIntegerField(default=0, verbose_name="sequence")),
                ("fingerprint", models.CharField(max_length=64, verbose_name="fingerprint")),
                ("changed_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
            ],
            options={"verbose_name": "session calendar state", "verbose_name_plural": "session calendar states"},
        ),
        migrations.RunPython(seed_learning_forms, migrations.RunPython.noop),
        migrations.RunPython(create_catalog_index, migrations.RunPython.noop),
    ]
