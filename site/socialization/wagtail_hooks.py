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
