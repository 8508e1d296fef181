"""Wagtail admin: a "Acknowledgement report" button on policy pages."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from people.roles import user_is_hr
from socialization.models import PolicyPage


def _report_button(page, user, priority: int):
    is_policy = page.specific_class is not None and issubclass(page.specific_class, PolicyPage)
    if is_policy and user_is_hr(user):
        yield Button(
            _("Acknowledgement report"),
            reverse("socialization:report", args=[page.pk]),
            icon_name="table",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def policy_report_listing_button(page, user, next_url=None):
    yield from _report_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def policy_report_header_button(page, user, view_name, next_url=None):
    yield from _report_button(page, user, priority=80)


@hooks.register("before_serve_document")
def policy_attachment_access(document, request):
    """A document used on a policy page is served like the page: anonymous → login,
    outside the audience → 404 (a missing and a forbidden file look the same)."""
    from django.contrib.auth.views import redirect_to_login
    from django.http import Http404

    from socialization.selectors import policy_document_readable_by

    readable = policy_document_readable_by(document=document, user=request.user)
    if readable is None or readable:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
