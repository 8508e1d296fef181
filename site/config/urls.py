from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern as WAGTAIL_SERVE_PATTERN

from learning.catalog import views as catalog_views
from people import views as people_views

urlpatterns = [
    # Wagtail's own login form is not rate-limited; send it through allauth's.
    path("cms/login/", people_views.admin_login_redirect, name="cms_login"),
    path("django-admin/login/", people_views.admin_login_redirect),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
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
    re_path("^(?!_util/)" + WAGTAIL_SERVE_PATTERN.removeprefix("^"), catalog_views.page_serve,
            name="catalog_page_serve"),
    path("", include(wagtail_urls)),
]
