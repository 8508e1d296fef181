"""A fast path to create many published workshops at once (benchmarks and
query-count tests). Creating Wagtail pages one by one through add_child and a
revision takes ~0.3 s each; this writes the treebeard paths itself and inserts in
batches. Pages made here have no revision and are not in the search index.

Not for production content: editors create workshops in the Wagtail admin.
"""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from learning.catalog.cache import catalog_changed
from learning.models import (
    LearningForm,
    SessionSeats,
    WorkshopCompetency,
    WorkshopIndexPage,
    WorkshopPage,
    WorkshopSession,
)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
BATCH = 200


def _step(n: int) -> str:
    out = ""
    for _ in range(STEPLEN):
        n, rem = divmod(n, len(ALPHABET))
        out = ALPHABET[rem] + out
    return out


def _step_value(step: str) -> int:
    value = 0
    for ch in step:
        value = value * len(ALPHABET) + ALPHABET.index(ch)
    return value


@transaction.atomic
def workshops_bulk_create(
    *, index: WorkshopIndexPage, count: int, sessions_per_workshop: int = 3,
    competencies: list | None = None, form: LearningForm | None = None,
    code_prefix: str = "BULK", capacity: int = 30, taken: int = 0,
    start: dt.datetime | None = None,
) -> list[int]:
    """Create `count` live workshops under `index`, each with sessions a week apart
    (the first `start` or a week from now) and, when given, the competencies
    (cycled). Returns the new page ids."""
    form = form or LearningForm.objects.order_by("pk").first()
    start = start or timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    now = timezone.now()
    ct = ContentType.objects.get_for_model(WorkshopPage)
    children = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    first_step = _step_value(last[-STEPLEN:]) + 1 if last else 1
    base_pages = []
    for i in range(count):
        slug = f"{code_prefix.lower()}-{uuid.uuid4().hex[:10]}"
        title = f"Pelatihan {code_prefix} {i + 1:04d}"
        base_pages.append(Page(
            title=title, draft_title=title,
            slug=slug, content_type=ct, path=index.path + _step(first_step + i),
            depth=index.depth + 1, numchild=0, url_path=f"{index.url_path}{slug}/",
            locale_id=index.locale_id, live=True, has_unpublished_changes=False,
            first_published_at=now, last_published_at=now, translation_key=uuid.uuid4(),
        ))
    created = Page.objects.bulk_create(base_pages, batch_size=BATCH)
    if any(p.pk is None for p in created):  # backends that do not return ids
        paths = [p.path for p in base_pages]
        ids = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
        for p in created:
            p.pk = p.id = ids[p.path]
    fields = WorkshopPage._meta.local_concrete_fields
    rows = []
    for i, page in enumerate(created):
        rows.append(WorkshopPage(
            page_ptr_id=page.pk, code=f"{code_prefix}-{page.pk}", learning_form=form,
            jp=Decimal(8 + i % 5 * 4), provider="BPSDM Provinsi",
            description="<p>Pelatihan untuk uji beban katalog.</p>",
            eligible_position_kinds=[], min_attendance_percent=100,
        ))
    for offset in range(0, len(rows), BATCH):
        # Multi-table inheritance rules out bulk_create; insert the child rows raw.
        WorkshopPage.objects._insert(rows[offset:offset + BATCH], fields=fields, raw=True)
    Page.objects.filter(pk=index.pk).update(numchild=children.count())
    sessions = []
    for page in created:
        for n in range(sessions_per_workshop):
            starts = start + dt.timedelta(days=7 * n, hours=page.pk % 5)
            sessions.append(WorkshopSession(
                page_id=page.pk, sort_order=n, starts_at=starts,
                ends_at=starts + dt.timedelta(hours=8), capacity=capacity,
                venue="Aula BKPSDM", registration_opens_at=now - dt.timedelta(days=1),
                registration_closes_at=starts - dt.timedelta(hours=1),
            ))
    sessions = WorkshopSession.objects.bulk_create(sessions, batch_size=BATCH)
    if taken and sessions and sessions[0].pk:
        SessionSeats.objects.bulk_create(
            [SessionSeats(session_id=s.pk, taken=taken) for s in sessions], batch_size=BATCH)
    if competencies:
        WorkshopCompetency.objects.bulk_create([
            WorkshopCompetency(page_id=page.pk, competency=competencies[i % len(competencies)],
                               target_level=2, sort_order=0)
            for i, page in enumerate(created)
        ], batch_size=BATCH)
    catalog_changed()  # bulk inserts send no signal
    return [p.pk for p in created]
