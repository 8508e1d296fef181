"""Hostile query parameters never answer 5xx (issue 19, docs/foundation.md "Request
guards"): every GET URL of the URL × role matrix (tests/security/url_matrix.py), as
every role that may see it, with the parameters the view reads set to hostile values.

Which parameters a view reads is found three ways, so a new parameter is covered
without being declared here:

- **Read.** While the page is requested, `request.GET` records every key the view
  (or a form bound to it) looks up.
- **Offered.** The field names of the page's GET forms (filters, year pickers,
  search boxes) and the query keys of its links back to itself (pages, sorting).
- **Known.** The names Bangkom uses for its own parameters (`KNOWN`), for views that
  read them only in some states.

The hostile values: a NUL byte (PostgreSQL refuses it in text: DataError), years and
numbers out of range, text where a number goes, 5,000 characters, other scripts,
paths, an encoded NUL, and a key given twice; the first role that may see a page gets
them all, every other role the likeliest to crash (a number past every range). Each
value goes into all the page's parameters at once; where that is refused (a 4xx),
into each parameter alone, so one parameter's refusal cannot hide another's crash.

Each request runs in a rolled-back savepoint, as in the matrix test.
`FUZZ_ONLY=learning:jp_history,learning:plan_mine` limits the walk to those URLs. On PostgreSQL
this is the test that finds what SQLite accepts (a NUL byte in a search).
"""
from __future__ import annotations

import copy
import os
import time
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import Client, TestCase, override_settings
from django.utils.functional import cached_property

from tests.security import url_matrix as matrix
from tests.security.test_url_matrix import entry_path, rule_for, url_patterns
from tests.security.world import ROLES, world_build

KNOWN = ("tahun", "q", "page", "halaman", "sort", "unit", "format", "jenis")
# Each a value of every parameter; a list is the key given several times
# (?tahun=2026&tahun=abc: views reading getlist() see both).
HOSTILE = [
    "Budi\x00", "10000", "-5", "99999999999999999999", "abc", "x" * 5000,
    "Ünïcödé 中文 🙂", "../../etc/passwd", "%00", ["2026", "abc"],
]
# As every further role that may see the page (its own page, same parameters): the
# value most likely to crash, in all keys at once. A NUL byte is refused before any
# view runs, whoever asks (config.guards), so the first role's try covers it.
HOSTILE_BRIEF = ["99999999999999999999"]


class _RecordingQueryDict(QueryDict):
    """request.GET that remembers the keys looked up (reads, not iteration)."""

    seen: set[str] | None = None

    def _note(self, key):
        if _RecordingQueryDict.seen is not None and isinstance(key, str):
            _RecordingQueryDict.seen.add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


def _recording_get(request):
    from django.core.handlers.wsgi import get_bytes_from_wsgi

    raw = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")
    return _RecordingQueryDict(raw, encoding=request._encoding)


_RECORDING_GET = cached_property(_recording_get)
_RECORDING_GET.__set_name__(WSGIRequest, "GET")


class _OfferedKeys(HTMLParser):
    """Field names of a page's GET forms and query keys of its links to `path`."""

    def __init__(self, path: str):
        super().__init__()
        self.path, self.keys, self._in_get_form = path, set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form and attrs.get("name"):
            self.keys.add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            link = urlsplit(attrs["href"])
            if link.query and link.path in ("", self.path):
                self.keys.update(QueryDict(link.query).keys())

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _offered_keys(response, path: str) -> set[str]:
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return set()
    parser = _OfferedKeys(path)
    parser.feed(response.content.decode(errors="replace"))
    return parser.keys


@override_settings(BANGKOM_BENCH_VIEWS=False)
class ParameterFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = world_build()

    def setUp(self):
        cache.clear()
        self.addCleanup(cache.clear)
        self.clients: dict[str, Client] = {}
        for role in ROLES:
            client = Client(raise_request_exception=True)
            if self.world.users[role] is not None:
                client.force_login(self.world.users[role])
            self.clients[role] = client

    def _get(self, role: str, path: str, query: str) -> tuple[object, str]:
        """(the response or None, its status or the exception), in a rolled-back
        savepoint; the session cookie is restored for the next request."""
        client = self.clients[role]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            try:
                response = client.get(f"{path}?{query}" if query else path)
                if response.streaming:
                    b"".join(response.streaming_content)
                return response, str(response.status_code)
            except Exception as exc:  # noqa: BLE001 - reported as the outcome
                return None, f"500 ({type(exc).__name__}: {str(exc)[:100]})"
            finally:
                transaction.set_rollback(True)
                client.cookies = cookies

    def _targets(self):
        """(URL key, path, roles that may GET it) for every page of the matrix."""
        for pattern in url_patterns():
            rule = rule_for(pattern)
            if rule is None or isinstance(rule, matrix.PrefixRule):
                continue  # the admins' screens are Wagtail's and Django's own
            for entry in rule if isinstance(rule, list) else [rule]:
                if entry.shadowed or entry.query:
                    continue
                allowed = [r for r in ROLES if entry.get[r] == matrix.OK]
                if allowed:
                    yield pattern.key, entry_path(pattern, entry, self.world), allowed

    def _fuzz(self, role: str, path: str, keys: list[str], baseline: str,
              values: list, *, alone: bool) -> list[str]:
        """The 5xx answers of `path` as `role`: each value in every key at once;
        where that is refused (4xx while the bare page was not), in each key alone,
        so one key's refusal cannot hide another's crash. A NUL byte is refused
        whichever key holds it (config.guards): no need to try it alone."""
        crashes = []
        for value in values:
            tries = [urlencode(dict.fromkeys(keys, value), doseq=True)]
            while tries:
                query = tries.pop()
                _response, status = self._get(role, path, query)
                self.requests += 1
                if status.startswith("5"):
                    crashes.append(f"{path}?{query[:100]} as {role}: {status}")
                elif (alone and status.startswith("4") and status != baseline
                        and len(keys) > 1 and "\x00" not in str(value)
                        and query.count("&") >= len(keys) - 1):
                    tries = [urlencode({key: value}, doseq=True) for key in keys]
        return crashes

    def test_no_hostile_query_parameter_answers_5xx(self):
        problems, started, self.requests = [], time.perf_counter(), 0
        slowest: list[tuple[float, str, str]] = []
        seen: set[str] = set()
        with mock.patch.object(WSGIRequest, "GET", _RECORDING_GET):
            _RecordingQueryDict.seen = seen
            try:
                only = os.environ.get("FUZZ_ONLY", "")  # e.g. "learning:jp_history"
                for key, path, allowed in self._targets():
                    if only and key not in only.split(","):
                        continue
                    for role in allowed:
                        url_started = time.perf_counter()
                        seen.clear()
                        response, baseline = self._get(role, path, "")
                        self.requests += 1
                        if baseline.startswith("5"):
                            problems.append(f"{key} {path} as {role}: {baseline}")
                            continue
                        offered = _offered_keys(response, path) if response else set()
                        keys = sorted((set(KNOWN) | seen | offered) - {"csrfmiddlewaretoken"})
                        first = role == allowed[0]
                        problems += [f"{key} {crash}" for crash in self._fuzz(
                            role, path, keys, baseline, HOSTILE if first else HOSTILE_BRIEF,
                            alone=first)]
                        slowest.append((time.perf_counter() - url_started, key, role))
            finally:
                _RecordingQueryDict.seen = None
        elapsed = time.perf_counter() - started
        print(f"\nparameter fuzz: {self.requests} requests in {elapsed:.1f} s; slowest: "  # noqa: T201
              + ", ".join(f"{k} as {r} {t:.1f} s" for t, k, r in sorted(slowest)[-8:]))
        assert self.requests > (10 if only else 500)  # the walk reached the matrix
        assert not problems, "hostile parameters answered 5xx:\n" + "\n".join(problems)
