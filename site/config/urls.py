from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve
from wagtail.urls import serve_pattern as WAGTAIL_SERVE_PATTERN

from learning.catalog import views as catalog_views
from people import views as people_views

urlpatterns = [
    # Every form that checks a password is allauth's, or throttled like it
    # (docs/foundation.md "Logins"; tests/people/test_login_throttle.py finds any new
    # one in this resolver). Wagtail's and Django admin's own login, password change
    # and password reset forms have no limits: send them to allauth's.
    path("cms/login/", people_views.admin_login_redirect, name="cms_login"),
    path("cms/password_reset/", people_views.password_reset_redirect),
    path("django-admin/login/", people_views.admin_login_redirect),
    path("django-admin/password_change/", people_views.password_change_redirect),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/authenticate_with_password/<int:restriction_id>/",
         people_views.view_restriction_password_throttled(
             wagtaildocs_serve.authenticate_with_password)),
    path("documents/", include(wagtaildocs_urls)),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("hr/", include("home.urls")),
    path("pegawai/", include("people.urls")),
    path("kompetensi/", include("competencies.urls")),
    path("belajar/", include("learning.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("sertifikat/", include("learning.certificates.urls")),
    path("sosialisasi-aksi/", include("socialization.urls")),
]

if settings.DEBUG:
    from django.views.static import serve as media_serve

    # Uploaded media, except Wagtail's documents folder: documents go through Wagtail's
    # checked view (/documents/<id>/<name>, socialization's before_serve_document
    # hook), or a restricted policy's attachment would be public at
    # /media/documents/<name>. Production web servers must skip that folder too
    # (docs/access.md).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?!documents/)(?P<path>.*)$",
                media_serve, {"document_root": settings.MEDIA_ROOT}),
    ]

# Wagtail serves every other path from the page tree (/, /sosialisasi/, /pelatihan/);
# its page view goes through the catalog's page cache first (a cached
# catalog page is answered before Wagtail routes the URL). The pattern is Wagtail's
# own serve pattern minus its _util/ views, and reversing "wagtail_serve" is unchanged.
urlpatterns += [
    path("_util/login/", people_views.frontend_login_redirect),
    path("_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
         people_views.view_restriction_password_throttled(
             wagtail_views.authenticate_with_password)),
    re_path("^(?!_util/)" + WAGTAIL_SERVE_PATTERN.removeprefix("^"), catalog_views.page_serve,
            name="catalog_page_serve"),
    path("", include(wagtail_urls)),
]
