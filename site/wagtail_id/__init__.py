"""Indonesian strings for the Wagtail admin screens HR uses.

Wagtail's own id_ID catalogs translate only part of the admin. This app holds only a
catalog (site/wagtail_id/locale/id/LC_MESSAGES/django.po) and is listed in
INSTALLED_APPS before the Wagtail apps, so Django's translation lookup finds our
msgstr first and falls back to Wagtail's for everything we leave out. The admin's
JavaScript strings are in the project catalog locale/id/LC_MESSAGES/djangojs.po, which
Wagtail's jsi18n view (Django's JavaScriptCatalog) reads through LOCALE_PATHS.
"""
