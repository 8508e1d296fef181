"""Catalog interfaces: Wagtail's page view behind the catalog page cache, the context
of the catalog's Wagtail pages, session .ics downloads, the private calendar feed
and its settings page."""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.views import serve as wagtail_serve

from learning.catalog import cache, ics, selectors, services
from learning.catalog.forms import CatalogFilterForm
from people.roles import employee_for

PER_PAGE = 12


def page_serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view behind the catalog's page cache: a catalog page this
    browser session was shown, still valid (learning.catalog.cache), is answered
    before Wagtail routes the URL (site, page tree and view-restriction queries),
    which is most of such a page's cost. Everything else goes to Wagtail."""
    cached = cache.page_cache_response(request)
    if cached is not None:
        return cached
    return cache.page_cache_store(request, wagtail_serve(request, path))


def catalog_page_serve(*, request: HttpRequest, serve) -> HttpResponse:
    """Serve a catalog page (index or workshop), letting page_serve keep the result
    in the page cache. Not "matching my gaps": it follows the employee's stored
    recommendations, which change without a catalog change."""
    if not request.GET.get("gap"):
        cache.page_cache_allow(request)
    return serve()


def catalog_index_context(*, request: HttpRequest, page) -> dict:
    """Context for WorkshopIndexPage: the filter form and one page of results.

    The results are the same for everyone who asks the same question (except with
    "eligible for me", keyed per employee), so their rendered HTML is cached and
    shared (learning.catalog.cache: invalidated on every catalog change, and kept
    no longer than the next session start/end or workshop expiry)."""
    choices = cache.cached_get("catalog:choices", request=request)
    if choices is None:
        choices = selectors.catalog_filter_choices()
        cache.cached_set("catalog:choices", choices, request=request)
    form = CatalogFilterForm(request.GET or None, competencies=choices["competencies"],
                             learning_forms=choices["forms"])
    filters = form.filters() if request.GET else selectors.CatalogFilters()
    employee = employee_for(request.user)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "filter_form": form,
        "filters": filters,
        "querystring": querystring.urlencode(),
        "is_filtered": any([filters.query, filters.competency_id, filters.form_id,
                            filters.month, filters.seats_available, filters.eligible_only,
                            filters.matching_gaps]),
        "can_filter_eligible": employee is not None,
    }
    key_parts = [get_language(), request.get_host(), repr(filters), request.GET.get("page", ""),
                 employee.pk if (filters.eligible_only and employee) else ""]
    key = "catalog:results:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    # Results matching the employee's gaps follow their stored recommendations,
    # which change without a catalog change: not cached.
    personal = filters.matching_gaps
    found = None if personal else cache.cached_get(key, request=request)
    if found is None:
        until = selectors.catalog_next_change() if cache.catalog_cache_enabled() else None
        results = selectors.catalog_cards_queryset(
            selectors.catalog_search(filters=filters, employee=employee))
        page_obj = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
        context.update({"page_obj": page_obj,
                        "workshops": selectors.catalog_cards(workshops=page_obj.object_list)})
        html = render_to_string("learning/catalog/_results.html", {**context, "page": page},
                                request=request)
        found = (html, until)
        if not personal:
            cache.cached_set(key, found, request=request, until=until)
    html, until = found
    cache.request_valid_until(request, until)
    context["results_html"] = mark_safe(html)  # noqa: S308 - our own rendered template
    return context


def workshop_page_context(*, request: HttpRequest, page) -> dict:
    """Context for WorkshopPage: sessions with seats and this user's enrollment state."""
    employee = employee_for(request.user)
    detail = selectors.workshop_detail(workshop=page, employee=employee)
    if request.user.is_authenticated and detail.sessions:
        from learning.enrollment.selectors import session_states_for

        # One call for all sessions (the enrollment app keeps it to one or two queries).
        states = session_states_for(user=request.user,
                                    session_ids=[row.session.pk for row in detail.sessions])
        for row in detail.sessions:
            row.state = states.get(row.session.pk)
    cache.request_valid_until(
        request, selectors.workshop_next_change(workshop=page, sessions=detail.sessions))
    return {"detail": detail, "employee": employee}


@login_required
@require_GET
def session_ics(request: HttpRequest, session_id: int) -> HttpResponse:
    """One session as an .ics file (METHOD:PUBLISH), for any logged-in user who may
    see the workshop; 404 for sessions of unpublished, expired or private workshops."""
    session = selectors.session_get_for_calendar(session_id=session_id)
    if session is None:
        raise Http404
    event = ics.session_event(
        session=session, sequence=selectors.session_sequence(session),
        cancelled=session.is_cancelled,
        url=request.build_absolute_uri(session.page.get_url(request) or "/"),
    )
    body = ics.calendar_bytes(events=[event])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(session.page.title)[:60] or 'sesi'}-{session.starts_at:%Y%m%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """An employee's private feed, authenticated by the secret token in the URL
    (calendar apps send no cookies). Unknown or revoked token: 404."""
    employee = selectors.calendar_feed_employee(token=token)
    if employee is None:
        raise Http404
    site_root = request.build_absolute_uri("/")
    events = [
        ics.session_event(
            session=entry.session, sequence=entry.sequence, cancelled=entry.cancelled,
            tentative=entry.tentative,
            url=request.build_absolute_uri(entry.session.page.get_url(request) or site_root),
        )
        for entry in selectors.calendar_feed_entries(employee=employee)
    ]
    body = ics.calendar_bytes(events=events, name=_("Bangkom training"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The employee's own feed URL, with buttons to regenerate or revoke it."""
    employee = employee_for(request.user)
    if employee is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "regenerate":
            services.calendar_feed_token_regenerate(employee=employee)
            messages.success(request, _("A new calendar address was made. The old one no "
                                        "longer works."))
        elif action == "revoke":
            services.calendar_feed_token_revoke(employee=employee)
            messages.success(request, _("Your calendar address was turned off."))
        else:
            messages.error(request, _("Unknown action."))
        return redirect("learning:calendar_settings")
    from learning.models.workshops import CalendarFeedToken

    token = CalendarFeedToken.objects.filter(employee=employee).first()
    feed_url = (request.build_absolute_uri(
        reverse("learning:calendar_feed", kwargs={"token": token.token})) if token else "")
    return render(request, "learning/catalog/calendar_settings.html", {
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
    })


def bench_bare(request: HttpRequest) -> HttpResponse:
    """The baseline of bench/catalog.py: the same middleware, no work. Only when
    BANGKOM_BENCH_VIEWS is on."""
    if not getattr(settings, "BANGKOM_BENCH_VIEWS", False):
        raise Http404
    return HttpResponse("ok", content_type="text/plain")
