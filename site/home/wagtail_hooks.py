"""Deleting in the Wagtail admin what other rows still need (PROTECT foreign keys):
a policy that employees have acknowledged, a BerAKHLAK value or an appraisal period
that appraisals use, a workshop's enrollments… Django refuses such a delete with
ProtectedError, which the admin views do not catch (a 500). These hooks ask Django's
own deletion collector first, as Django's admin does, and explain in the user's
language what still refers to the object; nothing is deleted.

Generic on purpose: every page type and snippet gets it, including those that other
apps add later (registered with order=100, after app-specific hooks such as
learning's refusal to delete a workshop with enrollments). Models may say what to do
instead with a `delete_protected_hint` attribute (a lazy string); pages default to
"unpublish it".
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.db.models import Model, QuerySet
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page


def delete_protected_uses(*, objects: Iterable[Model] | QuerySet) -> list[tuple[str, int]]:
    """What would stop deleting `objects` (with everything their delete cascades to):
    (verbose name, count) per model of the protecting rows, or [] when the delete
    can go ahead. The same collector Django's delete uses, so the answer matches."""
    if not isinstance(objects, QuerySet):
        objects = list(objects)
        if not objects:
            return []
    model = objects.model if isinstance(objects, QuerySet) else type(objects[0])
    collector = NestedObjects(using=router.db_for_write(model))
    collector.collect(objects)
    counts = Counter(type(obj) for obj in collector.protected)
    return [
        (str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural), n)
        for model, n in sorted(counts.items(), key=lambda item: item[0]._meta.label)
    ]


def delete_protected_message(*, obj: Model, uses: list[tuple[str, int]], hint: str) -> str:
    what = ", ".join(f"{n} {name}" for name, n in uses)
    message = _("“%(object)s” cannot be deleted: %(uses)s still refer to it.") % {
        "object": obj, "uses": what,
    }
    return f"{message} {hint}".strip()


def _page_hint(page: Page) -> str:
    hint = getattr(page.specific_class, "delete_protected_hint", None)
    return str(hint) if hint else _(
        "Unpublish the page instead: readers no longer see it and its history is kept."
    )


def _snippet_hint(objects: list[Model]) -> str:
    hint = getattr(type(objects[0]), "delete_protected_hint", None)
    return str(hint) if hint else _(
        "They are records that must be kept; change or remove them first if they are "
        "really wrong."
    )


@hooks.register("before_delete_page", order=100)
def refuse_deleting_protected_page(request, page):
    uses = delete_protected_uses(objects=page.get_descendants(inclusive=True))
    if not uses:
        return None
    message = delete_protected_message(obj=page, uses=uses, hint=_page_hint(page))
    if request.method != "POST":
        messages.warning(request, message)
        return None
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_delete_snippet", order=100)
def refuse_deleting_protected_snippets(request, instances):
    instances = list(instances)
    if not instances:
        return None
    refused = [(obj, uses) for obj in instances if (uses := delete_protected_uses(objects=[obj]))]
    if not refused:
        return None
    hint = _snippet_hint(instances)
    for obj, uses in refused:
        text = delete_protected_message(obj=obj, uses=uses, hint=hint)
        (messages.error if request.method == "POST" else messages.warning)(request, text)
    if request.method != "POST":
        return None
    if len(instances) > 1:
        messages.error(request, ngettext(
            "Nothing was deleted: %(n)d of the chosen items is still in use.",
            "Nothing was deleted: %(n)d of the chosen items are still in use.",
            len(refused)) % {"n": len(refused)})
        return redirect(request.get_full_path())
    edit_url = AdminURLFinder(request.user).get_edit_url(instances[0])
    return redirect(edit_url or request.get_full_path())


@hooks.register("before_bulk_action", order=100)
def refuse_bulk_deleting_protected_pages(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    refused = []
    for page in objects:
        uses = delete_protected_uses(objects=page.get_descendants(inclusive=True))
        if uses:
            refused.append(delete_protected_message(obj=page, uses=uses, hint=_page_hint(page)))
    if not refused or request.method != "POST":
        for text in refused:
            messages.warning(request, text)
        return None
    for text in refused:
        messages.error(request, text)
    messages.error(request, capfirst(ngettext(
        "nothing was deleted: %(n)d of the chosen pages is still in use.",
        "nothing was deleted: %(n)d of the chosen pages are still in use.",
        len(refused)) % {"n": len(refused)}))
    return redirect(request.get_full_path())
