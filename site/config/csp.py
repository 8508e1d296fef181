"""Content-Security-Policy (django-csp): strict for Bangkom's own pages, with the
allowances Wagtail's and Django's admin need under their URL prefixes.

The front-end policy (CONTENT_SECURITY_POLICY in settings) allows scripts and
stylesheets from this site only, and inline <script>/<style> only with the
request's nonce (`{{ request.csp_nonce }}`); inline event handlers (onclick=...)
are refused. Our templates use static files (static/js/bangkom.js). Style
*attributes* are allowed (progress-bar widths and heat-map colours are data): they
cannot run script.

The admins are third-party code that we do not template: Wagtail's page editor
needs inline scripts and styles, image uploads show blob: previews, the embed
chooser shows the video sites' thumbnails, and its preview shows pages in a
same-origin iframe. Measured in tests/cms/test_csp.py, which
listens for violations in Chromium on the front end and in the page editor.
"""
from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIXES = ("/cms/", "/django-admin/")

# Replaces the same directives of the front-end policy on admin pages.
ADMIN_DIRECTIVES = {
    # The page editor runs inline <script>s (InlinePanel, StreamField and comment
    # set-up) and Wagtail's vendor.js inserts <style> elements: measured, 9 scripts
    # and 4 styles refused on a workshop's edit view without these. No eval needed.
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}


class BangkomCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase,
                         report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            admin = {**ADMIN_DIRECTIVES, "img-src": [
                *ADMIN_DIRECTIVES["img-src"], *settings.CSP_EMBED_IMAGE_ORIGINS]}
            parts.replace = {**admin, **(parts.replace or {})}
            # A nonce next to 'unsafe-inline' would switch 'unsafe-inline' off.
            parts.nonce = None
        return parts

