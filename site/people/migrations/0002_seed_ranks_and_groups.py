"""Seed the golongan lists and the role groups. Ranks are data HR may edit.

PNS: the 17 golongan/ruang with their pangkat (domain.md §6.2).
PPPK: grades I–XVII (a separate scale; domain.md marks it unconfirmed)."""
from django.db import migrations

PNS_RANKS = [
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"), ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"), ("III/d", "Penata Tingkat I"), ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"), ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_RANKS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
              "XIV", "XV", "XVI", "XVII"]


def seed(apps, schema_editor):
    Rank = apps.get_model("people", "Rank")
    for order, (code, name) in enumerate(PNS_RANKS, start=1):
        Rank.objects.update_or_create(
            employment_type="PNS", code=code, defaults={"name": name, "order": order}
        )
    for order, code in enumerate(PPPK_RANKS, start=1):
        Rank.objects.update_or_create(
            employment_type="PPPK", code=code, defaults={"name": f"Golongan {code}", "order": order}
        )
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="HR")
    Group.objects.get_or_create(name="Mentor")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
