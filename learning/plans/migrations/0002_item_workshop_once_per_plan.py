"""A workshop is planned once per plan (it was once per plan and competency, so the
same workshop under two competencies counted its JP twice). Existing duplicates keep
their first item; the later copies are removed before the new constraint."""

from django.db import migrations, models


def drop_duplicate_workshops(apps, schema_editor):
    PlanItem = apps.get_model("plans", "PlanItem")
    seen = set()
    duplicates = []
    for pk, plan_id, workshop_id in (PlanItem.objects.filter(workshop__isnull=False)
                                     .order_by("plan_id", "workshop_id", "pk")
                                     .values_list("pk", "plan_id", "workshop_id")):
        if (plan_id, workshop_id) in seen:
            duplicates.append(pk)
        seen.add((plan_id, workshop_id))
    PlanItem.objects.filter(pk__in=duplicates).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('competencies', '0010_import_upload_private'),
        ('learning', '0008_session_cancelled_status'),
        ('plans', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='planitem',
            name='plans_item_workshop_once',
        ),
        migrations.RunPython(drop_duplicate_workshops, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='planitem',
            constraint=models.UniqueConstraint(condition=models.Q(('workshop__isnull', False)), fields=('plan', 'workshop'), name='plans_item_workshop_once_per_plan'),
        ),
    ]
