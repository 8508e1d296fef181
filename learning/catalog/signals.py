"""Side effects of publishing a workshop page: its sessions' calendar SEQUENCE."""
from __future__ import annotations

from django.dispatch import receiver
from wagtail.signals import page_published

from learning.models import WorkshopPage


@receiver(page_published, sender=WorkshopPage, dispatch_uid="learning_catalog_calendar_sync")
def workshop_published(sender, instance: WorkshopPage, **kwargs) -> None:
    from learning.catalog.services import calendar_states_sync

    calendar_states_sync(workshop=instance)
