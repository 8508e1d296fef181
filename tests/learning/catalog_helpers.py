"""Helpers for the catalog tests: published workshops with sessions."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from learning.catalog.selectors import catalog_index_get
from learning.models import LearningForm, WorkshopCompetency, WorkshopPage, WorkshopSession

_seq = itertools.count(1)


def competency(code: str, name: str | None = None):
    from competencies.models import Competency

    obj, _ = Competency.objects.get_or_create(
        code=code, defaults={"name": name or f"Kompetensi {code}", "type": "MANAGERIAL"})
    return obj


def session_values(*, starts_in: dt.timedelta = dt.timedelta(days=10), hours: int = 8,
                   capacity: int = 20, **fields) -> dict:
    now = timezone.now().replace(microsecond=0)
    starts = now + starts_in
    return {
        "starts_at": starts, "ends_at": starts + dt.timedelta(hours=hours),
        "capacity": capacity, "venue": "Aula BKPSDM",
        "registration_opens_at": now - dt.timedelta(days=1),
        "registration_closes_at": starts - dt.timedelta(hours=1),
        **fields,
    }


def publish_workshop(*, title: str | None = None, form_code: str = "pelatihan-teknis",
                     sessions: list[dict] | None = None, competencies: list = (),
                     publish: bool = True, **fields) -> WorkshopPage:
    """A workshop created the way editors do: add_child, then a published revision
    (so page_published fires and the search index is updated)."""
    n = next(_seq)
    page = WorkshopPage(
        title=title or f"Pelatihan Katalog {n}", slug=f"katalog-uji-{n}",
        code=f"KAT-{n}-{timezone.now():%H%M%S%f}",
        learning_form=LearningForm.objects.get(code=form_code), jp=Decimal(16), **fields,
    )
    page.sessions = [WorkshopSession(**values) for values in
                     (sessions if sessions is not None else [session_values()])]
    page.competencies = [WorkshopCompetency(competency=c, target_level=2) for c in competencies]
    index = catalog_index_get()
    if publish:
        index.add_child(instance=page)
        page.save_revision().publish()
    else:
        page.live = False
        index.add_child(instance=page)
        page.save_revision()
    page.refresh_from_db()
    return page
