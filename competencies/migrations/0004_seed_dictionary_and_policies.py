"""Seed the managerial and socio-cultural dictionary (M.01–M.08, SK.01 with five
levels each), the default job standards, the BerAKHLAK values, the value→competency
mapping and the assessment source weights. Upserts by natural key, so it never
duplicates and never overwrites rows HR created; reversing leaves the data in place."""
from django.db import migrations

from competencies.migrations._seed_v1 import (
    CORE_VALUE_COMPETENCIES,
    CORE_VALUES,
    DICTIONARY,
    SOURCE_WEIGHTS,
    STANDARD_DEFAULTS,
)


def seed(apps, schema_editor):
    Competency = apps.get_model("competencies", "Competency")
    CompetencyLevel = apps.get_model("competencies", "CompetencyLevel")
    JobStandardDefault = apps.get_model("competencies", "JobStandardDefault")
    CoreValue = apps.get_model("competencies", "CoreValue")
    CoreValueCompetency = apps.get_model("competencies", "CoreValueCompetency")
    SourceWeight = apps.get_model("competencies", "SourceWeight")

    for code, name, type_, definition, levels in DICTIONARY:
        competency, _ = Competency.objects.get_or_create(
            code=code, defaults={"name": name, "type": type_, "definition": definition}
        )
        for level, description, indicators in levels:
            CompetencyLevel.objects.get_or_create(
                competency=competency,
                level=level,
                defaults={"description": description, "indicators": indicators},
            )
    for kind, level, required in STANDARD_DEFAULTS:
        for type_ in ("MANAGERIAL", "SOCIOCULTURAL"):
            JobStandardDefault.objects.get_or_create(
                position_kind=kind,
                position_level=level,
                competency_type=type_,
                defaults={"required_level": required, "is_seed": True},
            )
    for code, name, order, guides in CORE_VALUES:
        CoreValue.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "guides": guides}
        )
    for value_code, competency_code in CORE_VALUE_COMPETENCIES:
        CoreValueCompetency.objects.get_or_create(
            core_value=CoreValue.objects.get(code=value_code),
            competency=Competency.objects.get(code=competency_code),
        )
    for source, weight, max_age in SOURCE_WEIGHTS:
        SourceWeight.objects.get_or_create(
            source=source, defaults={"weight": weight, "max_age_days": max_age}
        )


class Migration(migrations.Migration):
    dependencies = [("competencies", "0003_gaps")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
