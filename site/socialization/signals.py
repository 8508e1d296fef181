"""Side effects of publishing. The main flow never depends on these."""
from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from socialization.models import PolicyPage


@receiver(page_published, sender=PolicyPage)
def policy_published(sender, instance, revision=None, **kwargs) -> None:
    from socialization.services import policy_ack_state_on_publish

    policy_ack_state_on_publish(page=instance, revision=revision)


@receiver(post_save)
def section_page_created(sender, instance, created, raw=False, **kwargs) -> None:
    """/pelatihan/ may be created after our migration (by the learning demo): give the
    editor and approver groups their rights on it as soon as it exists."""
    from socialization.workflow import SECTION_MODELS, section_permissions_grant

    if not created or raw:
        return
    if (sender._meta.app_label, sender._meta.model_name) not in SECTION_MODELS:
        return
    Group = apps.get_model("auth", "Group")
    if Group.objects.filter(name__in=["HR Editor", "HR Approver"]).count() == 2:
        section_permissions_grant(apps, page_ids=[instance.pk])
