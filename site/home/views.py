import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from home.panels import hr_links
from people.roles import user_is_hr

logger = logging.getLogger(__name__)


@login_required
def hr_dashboard(request: HttpRequest) -> HttpResponse:
    if not user_is_hr(request.user):
        raise PermissionDenied
    links = []
    for link in hr_links():
        try:
            links.append((link, reverse(link.url_name)))
        except NoReverseMatch:
            # One app's broken registration must not take HR's whole dashboard down.
            logger.error("HR link %r does not resolve; hidden", link.url_name)
    return render(request, "home/hr_dashboard.html", {"links": links})
