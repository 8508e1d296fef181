"""Helpers for the enrollment tests: a live workshop page with sessions."""
from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from learning.models import LearningForm, WorkshopIndexPage, WorkshopPage, WorkshopSession

_seq = itertools.count(1)


def catalog_index() -> WorkshopIndexPage:
    index = WorkshopIndexPage.objects.first()
    if index is not None:
        return index
    from home.models import HomePage

    home = HomePage.objects.first()
    index = WorkshopIndexPage(title="Katalog Pelatihan", slug="pelatihan")
    home.add_child(instance=index)
    return index


def make_workshop(*, title: str | None = None, requires_approval: bool = False,
                  **fields) -> WorkshopPage:
    n = next(_seq)
    form = LearningForm.objects.first() or LearningForm.objects.create(
        code="pelatihan-teknis", name="Pelatihan teknis", category="KLASIKAL",
        jp_unit="PROGRAM",
    )
    page = WorkshopPage(
        title=title or f"Pelatihan Uji {n}", slug=f"pelatihan-uji-{n}-{timezone.now():%H%M%S%f}",
        code=f"UJI-{n}-{timezone.now():%H%M%S%f}", learning_form=form, jp=8,
        requires_supervisor_approval=requires_approval, **fields,
    )
    catalog_index().add_child(instance=page)
    return page


def make_session(*, workshop: WorkshopPage | None = None, capacity: int = 2,
                 starts_in: dt.timedelta = dt.timedelta(days=7),
                 hours: int = 6, **fields) -> WorkshopSession:
    workshop = workshop or make_workshop()
    now = timezone.now()
    starts = now + starts_in
    values = {
        "registration_opens_at": now - dt.timedelta(days=1),
        "registration_closes_at": starts - dt.timedelta(hours=1),
        **fields,
    }
    return WorkshopSession.objects.create(
        page=workshop, starts_at=starts, ends_at=starts + dt.timedelta(hours=hours),
        capacity=capacity, venue="Aula BKPSDM", **values,
    )


def run_on_commit_now(monkeypatch) -> None:
    """Tests run inside a transaction that never commits, so after-commit tasks
    would never run: run the (eager) tasks at once instead."""
    import celery.contrib.django.task as celery_django_task

    class _Now:
        @staticmethod
        def on_commit(func, using=None, robust=False):
            func()

    import config.celery

    monkeypatch.setattr(celery_django_task, "transaction", _Now)
    monkeypatch.setattr(config.celery, "transaction", _Now)  # BangkomTask.delay_on_commit
