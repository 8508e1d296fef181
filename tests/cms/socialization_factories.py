"""Helpers for the socialization tests: policy pages with audiences."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from socialization.models import PolicyIndexPage, PolicyPage
from tests.factories import UserFactory

_seq = itertools.count(1)


def policy_index() -> PolicyIndexPage:
    """The hub page the data migration created."""
    return PolicyIndexPage.objects.get()


def make_policy(*, title: str | None = None, audience_all: bool = True, units=(),
                kinds=(), mandatory: bool = True, deadline: dt.date | None = None,
                publish: bool = True, summary: str = "Ringkasan kebijakan.",
                **fields) -> PolicyPage:
    n = next(_seq)
    page = PolicyPage(
        title=title or f"Kebijakan {n}", slug=f"kebijakan-{n}", summary=summary,
        regulation=f"PermenPANRB No. {n} Tahun 2022", audience_all=audience_all,
        audience_position_kinds=[str(k) for k in kinds], is_mandatory=mandatory,
        deadline=deadline or (timezone.localdate() + dt.timedelta(days=10)),
        live=publish, **fields,
    )
    policy_index().add_child(instance=page)
    if units:
        page.audience_units.set(units)
        page.save()
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def republish(page: PolicyPage, *, substantive: bool, title: str | None = None) -> PolicyPage:
    page = PolicyPage.objects.get(pk=page.pk)
    page.requires_reacknowledgement = substantive
    if title:
        page.title = title
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_hr_publisher(username: str = "hr.approver"):
    user = UserFactory(username=username)
    user.groups.add(*Group.objects.filter(name__in=["HR", "HR Approver", "HR Editor"]))
    return user


# --- transactional tests (browser, Celery worker) ---------------------------------------
@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker) -> str:
    """The migration-made rows (page tree, groups, ranks), serialized at setup."""
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", "") or (
            connection.creation.serialize_db_to_string())


@pytest.fixture(autouse=True)
def restore_migrated_data(migrated_data, django_db_blocker, request):
    """serialized_rollback is not always honoured here (Playwright runs the test in
    another context, where Django's connection object lacks the serialized copy), so
    an earlier transactional test may have flushed the tree: reload it if so."""
    from django.db import connection
    from wagtail.models import Page

    from people.models import Rank

    request.getfixturevalue("transactional_db")
    if not (Page.objects.exists() and Rank.objects.exists()):
        from django.core.management import call_command

        # The flush re-created content types and permissions; the copy has them too.
        # As TransactionTestCase does: keep sequences, no post_migrate.
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True,
                     reset_sequences=False)
        # Content types first: Wagtail's Page/Task __init__ look theirs up (creating
        # them if missing) while later rows are being built.
        import json

        rows = json.loads(migrated_data)
        first = [r for r in rows if r["model"] == "contenttypes.contenttype"]
        rest = [r for r in rows if r["model"] != "contenttypes.contenttype"]
        from django.contrib.contenttypes.models import ContentType

        for chunk in (first, rest):
            connection.creation.deserialize_db_from_string(json.dumps(chunk))
            ContentType.objects.clear_cache()
