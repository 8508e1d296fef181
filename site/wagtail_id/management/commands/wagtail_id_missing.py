"""List the Wagtail msgids that still show in English to an Indonesian user.

Reads the English catalogs Wagtail ships (wagtail/**/locale/en/LC_MESSAGES/*.po) and asks
Django's translation machinery, as the running project has it (our wagtail_id catalog
first, then Wagtail's id_ID), for each msgid. Run it after upgrading Wagtail and translate
what it prints into site/wagtail_id/locale/id/LC_MESSAGES/django.po (djangojs msgids into
locale/id/LC_MESSAGES/djangojs.po), then `msgfmt -o django.mo django.po` in that folder.
"""
from __future__ import annotations

import re
from pathlib import Path

import wagtail
from django.core.management.base import BaseCommand
from django.utils import translation
from django.views.i18n import JavaScriptCatalog

_ENTRY = re.compile(
    r'(?:^msgctxt "(?P<ctxt>(?:[^"\\]|\\.)*)"\n)?^msgid "(?P<id>(?:[^"\\]|\\.)*)"\n'
    r'(?P<more>(?:^"(?:[^"\\]|\\.)*"\n)*)'
    r'(?:^msgid_plural "(?P<plural>(?:[^"\\]|\\.)*)"\n(?:^"(?:[^"\\]|\\.)*"\n)*)?',
    re.M)


def _unescape(text: str) -> str:
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape")


def wagtail_msgids(domain: str) -> list[tuple[str | None, str, str | None, str]]:
    """(context, msgid, msgid_plural, app) for every msgid of Wagtail's English catalogs."""
    root = Path(wagtail.__file__).parent
    found = []
    for po in sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
        app = str(po.parents[3].relative_to(root.parent)).replace("/", ".")
        for m in _ENTRY.finditer(po.read_text(encoding="utf-8")):
            msgid = _unescape(m["id"] + "".join(re.findall(r'^"(.*)"$', m["more"], re.M)))
            if msgid:
                found.append((m["ctxt"] and _unescape(m["ctxt"]), msgid,
                               m["plural"] and _unescape(m["plural"]), app))
    return found


def missing_msgids(domain: str = "django", language: str = "id"):
    """The msgids whose Indonesian lookup returns the English text unchanged."""
    if domain == "djangojs":
        catalog = JavaScriptCatalog(packages=["wagtail.admin"])
        catalog.translation = translation.trans_real.DjangoTranslation(
            language, domain="djangojs", localedirs=catalog.get_paths(["wagtail.admin"]))
        lookup = catalog.translation
    else:
        lookup = translation.trans_real.translation(language)
    missing = []
    for ctxt, msgid, plural, app in wagtail_msgids(domain):
        key = f"{ctxt}\x04{msgid}" if ctxt else msgid
        if plural:
            got = lookup.ngettext(key, plural, 1)
        else:
            got = lookup.gettext(key)
        if got in (msgid, key):
            missing.append((app, ctxt, msgid))
    return missing


class Command(BaseCommand):
    help = "List the Wagtail admin strings that have no Indonesian translation."

    def add_arguments(self, parser):
        parser.add_argument("--app", help="only this Wagtail app, e.g. wagtail.admin")

    def handle(self, *args, app=None, **options):
        total = 0
        for domain in ("django", "djangojs"):
            for found_app, ctxt, msgid in missing_msgids(domain):
                if app and found_app != app:
                    continue
                total += 1
                context = f" [{ctxt}]" if ctxt else ""
                self.stdout.write(f"{domain}\t{found_app}{context}\t{msgid}")
        self.stdout.write(f"missing: {total}")
