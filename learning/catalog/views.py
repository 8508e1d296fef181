"""Catalog interfaces: Wagtail's page view behind the catalog's shared page bodies, the context
of the catalog's Wagtail pages, session .ics downloads, the private calendar feed
and its settings page."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import PAGE_TEMPLATE_VAR
from wagtail.views import serve as wagtail_serve

from config.links import absolute_url
from learning.catalog import cache, ics, selectors, services
from learning.catalog.forms import CatalogFilterForm
from learning.catalog.layout import layout_fill, layout_for, role_flags
from learning.enrollment.eligibility import workshop_ineligibility_reasons
from learning.models.workshops import register_catalog_page_view
from people.context_processors import roles as roles_context
from people.decorators import employee_required
from people.models import Employee, EmploymentType, User
from people.roles import employee_for, employee_with_roles_for, user_is_hr, user_may_access_admin

PER_PAGE = 12


@dataclass
class Viewer:
    """What the header and the personal slots need to know about a logged-in user
    besides the user row itself: their employee record with position and golongan
    (what eligibility reads), their roles as templates see them (`bangkom_roles`)
    and whether Wagtail's admin is open to them (then their pages carry the
    editor's bar). The same on every page, so it is cached per user
    (learning.catalog.cache.viewer_store) until anything about people changes
    (the people token), at most MAX_AGE."""

    user_id: int
    employee: Employee | None
    roles: dict
    may_edit: bool
    # The record even when HR deactivated it (then `employee` is None), so the role
    # questions asked later in the request still see the deactivation (people.roles).
    record: Employee | None = None


def _viewer_load(request: HttpRequest, user) -> Viewer:
    """Three queries: the employee record (with whether they supervise anyone),
    the groups, the admin permission."""
    employee = employee_with_roles_for(user)  # also cached on the user
    # The roles exactly as the context processor computes them (one dict).
    roles = dict(roles_context(request)["bangkom_roles"])
    return Viewer(user_id=user.pk, employee=employee, roles=roles,
                  may_edit=user_may_access_admin(user),
                  record=User.employee.related.get_cached_value(user, None))


def _viewer_apply(request: HttpRequest, user, viewer: Viewer) -> None:
    User.employee.related.set_cached_value(user, viewer.record or viewer.employee)
    request._catalog_viewer = viewer


def _viewer(request: HttpRequest) -> tuple[object, Employee | None]:
    """The user and their employee record (with position and golongan), loaded
    once per request."""
    user = request.user
    if not user.is_authenticated:
        return user, None
    viewer = getattr(request, "_catalog_viewer", None)
    if viewer is None:
        viewer = _viewer_load(request, user)
        _viewer_apply(request, user, viewer)
    return user, viewer.employee


def page_serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view behind the catalog's shared page bodies: a catalog page
    whose body (the same for everyone of the viewer's audience) is cached and still
    valid (learning.catalog.cache) is answered before Wagtail routes the URL (site,
    page tree and view-restriction queries, most of such a page's cost), inside the
    layout kept for the viewer's kind (learning.catalog.layout), with the personal
    part filled in for this request. Everything else goes to Wagtail.

    One cache round trip finds the bodies, the viewer's cached facts and their
    enrollments; then a page from the cache costs the session and the user row."""
    if not cache.catalog_cache_enabled() or request.method != "GET":
        return wagtail_serve(request, path)
    user = request.user
    user_id = user.pk if user.is_authenticated else None
    lookup = cache.page_lookup(request, user_id=user_id)
    entries, viewer = lookup.entries, lookup.viewer
    request._catalog_enrollments = lookup.enrollments
    if user_id is not None:
        if viewer is None or viewer.user_id != user_id:
            viewer = _viewer_load(request, user)
            cache.viewer_store(request, user_id=user_id, viewer=viewer)
        _viewer_apply(request, user, viewer)
    audience = cache.audience_of(user=user, employee=viewer.employee if viewer else None)
    entry = entries.get(audience)
    if entry is not None:
        page = entry.page
        request.is_preview = False  # as Page.serve marks it
        body = catalog_body(request=request, entry=entry)
        template = page.get_template(request)
        if viewer is None or not viewer.may_edit:
            layout = layout_for(page_template=template, path=request.path,
                                authenticated=user_id is not None,
                                flags=role_flags(viewer.roles if viewer else None))
            return HttpResponse(layout_fill(layout, request=request, page=page, body=body))
        context = {PAGE_TEMPLATE_VAR: page, "self": page, "request": request,
                   "catalog_body": body, "bangkom_roles": viewer.roles}
        return TemplateResponse(request, template, context)
    response = wagtail_serve(request, path)
    cache.page_entry_store(request, response, audience=audience, user_id=user_id)
    return response


@register_catalog_page_view(name="serve")
def catalog_page_serve(*, request: HttpRequest, serve) -> HttpResponse:
    """Serve a catalog page (index or workshop), letting page_serve keep its shared
    body. Not "matching my gaps": it follows the employee's stored recommendations,
    which change without a catalog change."""
    if not request.GET.get("gap"):
        cache.page_cache_allow(request)
    return serve()


def catalog_body(*, request: HttpRequest, entry: cache.PageEntry) -> SafeString:
    """The page body for this viewer: the shared body with its personal slots
    filled and their CSRF token in its forms. On a workshop page: the viewer's
    enrollment state and controls per session and whether they are eligible. Most
    viewers (not enrolled there, not HR, eligible, no PPPK cap warning) get the
    controls the entry rendered for them once; no query, except the viewer's unit
    chain when the workshop is limited to units and, once per catalog token, their
    enrollments."""
    token = cache.csrf_token_for(request)
    slots = {name for name, _arg in entry.body.slots}
    if not slots:
        return entry.body.assemble({}, csrf_token=token)
    user, employee = _viewer(request)
    parts: dict[tuple[str, str], str] = {}
    reasons = None
    if slots & {"eligibility", "session_actions"} and employee is not None:
        reasons = workshop_ineligibility_reasons(workshop=entry.page, employee=employee)
    if "session_actions" in slots:
        parts.update(_session_actions(request=request, entry=entry, user=user,
                                      employee=employee, ineligible=bool(reasons), token=token))
    if "eligibility" in slots:
        if reasons is None:
            reasons = workshop_ineligibility_reasons(workshop=entry.page, employee=employee)
        html = (entry.common["eligible"].assemble({}) if not reasons else
                get_template("learning/catalog/_eligibility.html").render({"reasons": reasons}))
        parts.update({slot: html for slot in entry.body.slots if slot[0] == "eligibility"})
    return entry.body.assemble(parts, csrf_token=token)


def _session_actions(*, request: HttpRequest, entry: cache.PageEntry, user, employee,
                     ineligible: bool, token: str) -> dict[tuple[str, str], str]:
    """Each session's enrollment controls for this viewer, by slot: those the entry
    rendered once when the viewer's state there is the common one (and the
    controls show no HR link or PPPK warning), else rendered for them."""
    from learning.enrollment.selectors import session_common_states, session_states_for

    viewer = getattr(request, "_catalog_viewer", None)
    roles = viewer.roles if viewer else {"is_hr": user_is_hr(user)}
    cap_warnings = _pppk_cap_warnings(employee=employee, entry=entry)
    states = session_states_for(user=user, session_ids=entry.session_ids,
                                shared=entry.sessions, mine=_viewer_enrollments(request, user))
    common_states = session_common_states(shared=entry.sessions)
    parts = {}
    for name, arg in entry.body.slots:
        if name != "session_actions":
            continue
        pk = int(arg)
        common = entry.common.get(f"session_actions:{pk}:{ineligible:d}")
        cap_warning = cap_warnings.get(pk, "")
        if (common is not None and not roles.get("is_hr") and not cap_warning
                and states.get(pk) == common_states[pk]):
            parts[(name, arg)] = common.assemble({}, csrf_token=token)
            continue
        parts[(name, arg)] = get_template("learning/enrollment/session_actions.html").render({
            "session": SessionRef(pk=pk), "state": states.get(pk),
            "bangkom_roles": roles, "ineligible": ineligible, "cap_warning": cap_warning,
            "next_path": request.get_full_path()}, request)
    return parts


def _viewer_enrollments(request: HttpRequest, user) -> dict:
    """The viewer's active enrollments by session id: from the catalog cache (read
    with the page in page_lookup) or one query, then kept there for their next
    workshop page until the catalog token changes (any enrollment renews it)."""
    from learning.enrollment.selectors import active_enrollments_for

    found = getattr(request, "_catalog_enrollments", None)
    if found is None:
        found = active_enrollments_for(user=user)
        if user.is_authenticated:
            cache.viewer_enrollments_store(request, user_id=user.pk, enrollments=found)
        request._catalog_enrollments = found
    return found


def _pppk_cap_warnings(*, employee: Employee | None,
                       entry: cache.PageEntry) -> dict[int, str]:
    """For a PPPK: by session, the warning that its JP would pass the cap (PP 49/2018)
    of the period they count in (the contract year containing the session's credit
    day, as the recommendations count it), with the JP that session really credits.
    Two queries, PPPK viewers only."""
    if employee is None or employee.employment_type != EmploymentType.PPPK or not entry.sessions:
        return {}
    from learning.completion.selectors.jp import jp_summaries_on
    from learning.completion.selectors.pppk_cap import pppk_cap_warning_text
    from learning.completion.services import session_jp
    from learning.models import WorkshopSession

    jp, credit_on = {}, {}
    for pk, row in entry.sessions.items():
        session = WorkshopSession(page=entry.page, starts_at=row["starts_at"],
                                  ends_at=row["ends_at"])
        jp[pk] = session_jp(session=session)
        credit_on[pk] = timezone.localdate(row["ends_at"])
    summaries = jp_summaries_on(employee=employee, days=sorted(set(credit_on.values())))
    return {pk: text for pk in entry.sessions
            if (text := pppk_cap_warning_text(summary=summaries[credit_on[pk]], jp=jp[pk]))}


@dataclass(frozen=True)
class SessionRef:
    """What the enrollment controls template reads of a session: its id."""

    pk: int


@register_catalog_page_view(name="index")
def catalog_index_context(*, request: HttpRequest, page) -> dict:
    """Context for WorkshopIndexPage: the filter form and one page of results,
    rendered as the page body shared by everyone of the viewer's audience asking
    the same question (per employee with "eligible for me").

    The results are also cached by the question itself (whatever the order of the
    query string's parameters), shared likewise (learning.catalog.cache: invalidated
    on every catalog change, and kept no longer than the next session start/end or
    workshop expiry)."""
    user, employee = _viewer(request)
    audience = cache.audience_of(user=user, employee=employee)
    choices = cache.cached_get("catalog:choices", request=request)
    if choices is None:
        choices = selectors.catalog_filter_choices()
        cache.cached_set("catalog:choices", choices, request=request)
    form = CatalogFilterForm(request.GET or None, competencies=choices["competencies"],
                             learning_forms=choices["forms"])
    filters = form.filters() if request.GET else selectors.CatalogFilters()
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "page": page,
        "audience": audience,
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
        html = render_to_string("learning/catalog/_results.html", {
            **context, "page_obj": page_obj,
            "workshops": selectors.catalog_cards(workshops=page_obj.object_list)})
        found = (html, until)
        if not personal:
            cache.cached_set(key, found, request=request, until=until)
    html, until = found
    cache.request_valid_until(request, until)
    context["results_html"] = mark_safe(html)  # noqa: S308 - our own rendered template
    body = cache.shared_render("learning/catalog/_index_body.html", context)
    entry = cache.PageEntry(page=page, body=body)
    cache.page_entry_offer(request, entry)
    return {"catalog_body": catalog_body(request=request, entry=entry)}


@register_catalog_page_view(name="workshop")
def workshop_page_context(*, request: HttpRequest, page) -> dict:
    """Context for WorkshopPage: the body shared by everyone of the viewer's
    audience (description, sessions with seats, competencies, who may join), and
    the viewer's own enrollment state and eligibility in its slots."""
    from learning.enrollment.selectors import session_shared_states

    user, employee = _viewer(request)
    audience = cache.audience_of(user=user, employee=employee)
    detail = selectors.workshop_detail(workshop=page, employee=None)
    body = cache.shared_render("learning/catalog/_workshop_body.html", {
        "page": page, "detail": detail, "path": request.path, "audience": audience,
    })
    cache.request_valid_until(
        request, selectors.workshop_next_change(workshop=page, sessions=detail.sessions))
    sessions = session_shared_states(session_ids=[row.session.pk for row in detail.sessions])
    entry = cache.PageEntry(page=page, body=body, sessions=sessions,
                            common=_common_parts(request=request, audience=audience,
                                                 sessions=sessions))
    cache.page_entry_offer(request, entry)
    return {"catalog_body": catalog_body(request=request, entry=entry)}


def _common_parts(*, request: HttpRequest, audience: str,
                  sessions: dict[int, dict]) -> dict[str, cache.SharedBody]:
    """The personal parts most viewers of a workshop page share, rendered once with
    the body: each session's enrollment controls for a viewer who is not enrolled
    there, not HR and not its facilitator (eligible or not), and "you are eligible"."""
    if audience == "anonymous":
        return {}
    from learning.enrollment.selectors import session_common_states

    common = {"eligible": cache.shared_render("learning/catalog/_eligibility.html",
                                              {"reasons": []})}
    for pk, state in session_common_states(shared=sessions).items():
        for ineligible in (False, True):
            common[f"session_actions:{pk}:{ineligible:d}"] = cache.shared_render(
                "learning/enrollment/session_actions.html", {
                    "session": SessionRef(pk=pk), "state": state,
                    "bangkom_roles": {"is_hr": False}, "ineligible": ineligible,
                    "cap_warning": "", "next_path": request.get_full_path()})
    return common


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
        url=absolute_url(session.page.get_url(request) or "/"),
    )
    body = ics.calendar_bytes(events=[event])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    day = timezone.localdate(session.starts_at)  # the day people read, not UTC's
    filename = f"{slugify(session.page.title)[:60] or 'sesi'}-{day:%Y%m%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """An employee's private feed, authenticated by the secret token in the URL
    (calendar apps send no cookies). Unknown or revoked token: 404."""
    employee = selectors.calendar_feed_employee(token=token)
    if employee is None:
        raise Http404
    events = [
        ics.session_event(
            session=entry.session, sequence=entry.sequence, cancelled=entry.cancelled,
            tentative=entry.tentative,
            url=absolute_url(entry.session.page.get_url(request) or "/"),
        )
        for entry in selectors.calendar_feed_entries(employee=employee)
    ]
    body = ics.calendar_bytes(events=events, name=_("Bangkom training"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@employee_required
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
    feed_url = (absolute_url(
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
