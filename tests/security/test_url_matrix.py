"""Every URL pattern × every role, compared with the declared matrix
(tests/security/url_matrix.py; docs/access.md explains it and how to add an entry).

One world (world.py, built once in setUpTestData) where every object id in a URL
belongs to someone other than the requesting user. Every request runs in a savepoint
that is rolled back, so requests cannot affect each other; a POST that the matrix
says is refused must also leave the database exactly as it was.

Run `MATRIX_DISCOVER=1 pytest tests/security -q -s` to print the outcomes actually
observed, as matrix rows (to review, never to paste blindly).
"""
from __future__ import annotations

import copy
import hashlib
import os
import re
import time
from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse

from people.models import Employee
from tests.security import url_matrix as matrix
from tests.security.world import ROLES, USER_ID_BASE, world_build

MATRIX_FILE = "tests/security/url_matrix.py"
ADMIN_LOGINS = ("/cms/login/", "/django-admin/login/")
# Tables a refused POST must not change: the project's apps and the Wagtail rows they
# build on (pages, revisions, documents, groups).
WATCHED_APPS = ("people", "socialization", "home", "learning", "competencies", "mentoring",
                "certificates", "plans", "recommendations", "wagtailcore", "wagtaildocs", "auth",
                "mfa", "usersessions")


@dataclass(frozen=True)
class Pattern:
    route: str            # the full route, as ResolverMatch.route gives it
    name: str | None      # "namespace:name", or None
    arg_names: tuple[str, ...]
    positional: int       # unnamed regex groups (e.g. Wagtail's document URL)

    @property
    def key(self) -> str:
        return self.name or self.route


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, Wagtail's and Django's admin included."""

    def walk(patterns, prefix: str, namespace: str, names: tuple, positional: int):
        for p in patterns:
            regex = p.pattern.regex
            here_names = names + tuple(regex.groupindex)
            here_pos = positional + (regex.groups - len(regex.groupindex))
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns, here_names,
                                here_pos)
            elif isinstance(p, URLPattern):
                yield Pattern(route=prefix + str(p.pattern),
                              name=f"{namespace}{p.name}" if p.name else None,
                              arg_names=here_names, positional=here_pos)

    return list(walk(get_resolver().url_patterns, "", "", (), 0))


def rule_for(pattern: Pattern) -> matrix.Entry | list[matrix.Entry] | matrix.PrefixRule | None:
    if pattern.key in matrix.ENTRIES:
        return matrix.ENTRIES[pattern.key]
    for prefix, rule in matrix.PREFIX_RULES.items():
        if pattern.route.startswith(prefix):
            return rule
    return None


def _sample_from_route(route: str) -> str:
    """A path for an unnamed admin pattern: placeholders for its arguments."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<[^>]+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
    path = path.replace(".*", "x").replace("^", "").replace("$", "")
    return "/" + path


def admin_path(pattern: Pattern) -> str:
    """A path reaching an admin pattern with placeholder arguments (the refusal under
    test happens before any lookup)."""
    if pattern.name:
        n = len(pattern.arg_names) + pattern.positional
        for placeholder in ("1", "x"):
            try:
                if pattern.positional:
                    return reverse(pattern.name, args=[placeholder] * n)
                return reverse(pattern.name,
                               kwargs=dict.fromkeys(pattern.arg_names, placeholder))
            except NoReverseMatch:
                continue
    return _sample_from_route(pattern.route)


def admin_group(pattern: Pattern) -> str:
    """The group of an admin pattern: its namespace (wagtailsnippets_competencies_corevalue,
    wagtailadmin_pages…), else its first two path segments (cms/dismissibles)."""
    if pattern.name and ":" in pattern.name:
        return pattern.name.rsplit(":", 1)[0]
    return "/".join(pattern.route.split("/")[:2])


def entry_path(pattern: Pattern, entry: matrix.Entry, world) -> str:
    fillers = {**matrix.ARGUMENTS, **entry.kwargs}
    missing = [a for a in pattern.arg_names if a not in fillers]
    if missing or (pattern.positional and len(entry.kwargs) != pattern.positional):
        raise AssertionError(
            f"{pattern.key}: no value for URL argument(s) {missing or pattern.positional}: "
            f"add kwargs={{name: lambda world: ...}} to its entry in {MATRIX_FILE}")
    if not pattern.name:
        path = _sample_from_route(pattern.route)
    elif pattern.positional:
        path = reverse(pattern.name, args=[str(f(world)) for f in entry.kwargs.values()])
    else:
        path = reverse(pattern.name, kwargs={a: fillers[a](world) for a in pattern.arg_names})
    return path + (f"?{entry.query}" if entry.query else "")


def classify(response, *, anonymous: bool) -> str:
    """An outcome of the matrix for a response."""
    code = response.status_code
    if 200 <= code < 300:
        return matrix.OK
    if code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith("/akun/login/"):
            return matrix.LOGIN
        if location.startswith("/akun/2fa/"):
            return matrix.SECOND_FACTOR
        if location.startswith(ADMIN_LOGINS):
            # The admins' login redirects go to allauth's login for anonymous users and
            # answer 403 to a logged-in user (people.views.admin_login_redirect, whose
            # own entry, cms_login, checks exactly that).
            return matrix.LOGIN if anonymous else matrix.DENIED
        return matrix.REDIRECT
    return str(code)


def matches(expected: str, actual: str) -> bool:
    if expected == matrix.REACHED:
        return actual not in (matrix.LOGIN, matrix.DENIED)
    return expected == actual


def fingerprint() -> str:
    """A digest of every row of the watched tables."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.app_label not in WATCHED_APPS or model._meta.proxy:
            continue
        digest.update(model._meta.label.encode())
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def pass_second_factor(client: Client, user) -> None:
    """Mark a force_login session as allauth marks one that passed its authenticator
    app at login (people.second_factor.session_passed_second_factor)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()}, {"method": "mfa", "at": time.time(),
                                                    "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


# HR and superusers need a second factor here (production's default), so the row
# `hr_no_mfa` shows what a session without one reaches: its account pages only.
@override_settings(BANGKOM_BENCH_VIEWS=False, BANGKOM_MFA_REQUIRED_FOR_HR=True)
class UrlMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = world_build()

    def setUp(self):
        # The catalog's page cache and allauth's counters live in the cache: start and
        # leave it empty, so no other test sees pages rendered for this world.
        cache.clear()
        self.addCleanup(cache.clear)
        self.clients: dict[str, Client] = {}
        for role in ROLES:
            client = Client(raise_request_exception=True)
            if self.world.users[role] is not None:
                client.force_login(self.world.users[role])
                if role in ("hr", "superuser"):
                    pass_second_factor(client, self.world.users[role])
            self.clients[role] = client

    def _request(self, role: str, method: str, path: str, data: dict, *,
                 check_unchanged: bool) -> str:
        """Request in a savepoint that is rolled back; the outcome, "changed the
        database" when a refused request left a trace, or the exception raised."""
        client = self.clients[role]
        # A request may log out, rotate or flush the session; the savepoint restores
        # the rows, and this restores the cookie, so the next request is the same user.
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            try:
                if method == "GET":
                    response = client.get(path)
                else:
                    response = client.post(path, data)
                outcome = classify(response, anonymous=role == "anonymous")
                if check_unchanged and fingerprint() != self.baseline:
                    outcome += " (and changed the database)"
            except Exception as exc:  # noqa: BLE001 - reported as the outcome
                outcome = f"error {type(exc).__name__}: {str(exc)[:80]}"
            finally:
                transaction.set_rollback(True)
                client.cookies = cookies
        return outcome

    def _walk(self, *, admin: bool) -> list[str]:
        problems, discovered = [], []
        self.seconds: dict[str, float] = {}
        admitted_groups: set[str] = set()
        for pattern in url_patterns():
            rule = rule_for(pattern)
            in_admin = pattern.route.startswith(tuple(matrix.PREFIX_RULES))
            if rule is None or in_admin != admin:
                continue
            is_admin = isinstance(rule, matrix.PrefixRule)
            checks = []  # (path, method, expected row, POST body, roles to check unchanged)
            if is_admin:
                checks.append((admin_path(pattern), "GET", rule.row, {}, ()))
            else:
                for entry in rule if isinstance(rule, list) else [rule]:
                    if entry.shadowed:
                        if self._answers(pattern, admin_path(pattern)):
                            problems.append(f"{pattern.key}: declared shadowed but reachable")
                        continue
                    path = entry_path(pattern, entry, self.world)
                    checks.append((path, "GET", entry.get, {}, ()))
                    if entry.post is not None:
                        data = {k: v(self.world) if callable(v) else v
                                for k, v in entry.data.items()}
                        checks.append((path, "POST", entry.post, data, entry.unchanged))
            for path, method, expected, data, unchanged in checks:
                if not self._answers(pattern, path):
                    if not is_admin:
                        problems.append(f"{pattern.key}: {path} is answered by another "
                                        f"pattern; give its entry other kwargs in {MATRIX_FILE}")
                    continue  # shadowed by an earlier pattern (e.g. cms/login/): unreachable
                actual = {}
                for role in ROLES:
                    if expected[role] == matrix.REACHED:
                        # The admins' gate is per include: every pattern is checked to
                        # refuse, admission once per group (docs/access.md).
                        group = (role, admin_group(pattern))
                        if group in admitted_groups:
                            continue
                        admitted_groups.add(group)
                    refused = expected[role] in (matrix.LOGIN, matrix.DENIED, matrix.MISSING,
                                                 matrix.NOT_ALLOWED, matrix.SECOND_FACTOR)
                    refused = refused or role in unchanged
                    started = time.perf_counter()
                    actual[role] = self._request(
                        role, method, path, data,
                        check_unchanged=method == "POST" and refused)
                    self.seconds[role] = (self.seconds.get(role, 0)
                                          + time.perf_counter() - started)
                    if not matches(expected[role], actual[role]):
                        problems.append(f"{pattern.key} {method} {path} as {role}: expected "
                                        f"{expected[role]}, got {actual[role]}")
                discovered.append(f"{pattern.key} {method} {path}: {actual}")
        if os.environ.get("MATRIX_DISCOVER"):
            print("\n".join(discovered))  # noqa: T201
            print({role: round(t, 1) for role, t in self.seconds.items()})  # noqa: T201
        return problems

    @staticmethod
    def _answers(pattern: Pattern, path: str) -> bool:
        """Whether `path` reaches `pattern` (and not an earlier one shadowing it)."""
        match = resolve(path.split("?")[0])
        if pattern.name:
            return match.view_name == pattern.name
        return match.route.replace("^", "") == pattern.route.replace("^", "")

    def test_every_url_has_an_entry(self):
        """A new URL fails here until the matrix says who may use it."""
        patterns = url_patterns()
        missing = [p for p in patterns if rule_for(p) is None]
        assert not missing, (
            f"URL patterns without an entry in {MATRIX_FILE} (add one line each, see "
            "docs/access.md):\n" + "\n".join(
                f"  {p.key!r}  (/{p.route})" for p in missing))
        names = {p.key for p in patterns}
        stale = sorted(set(matrix.ENTRIES) - names)
        assert not stale, f"entries in {MATRIX_FILE} for URL names that no longer exist: {stale}"

    def test_project_urls_per_role(self):
        """GET (and POST where declared) every project URL as every role."""
        self.baseline = fingerprint()
        problems = self._walk(admin=False)
        assert not problems, "URL × role matrix mismatches:\n" + "\n".join(problems)

    def test_admin_urls_per_role(self):
        """Every Wagtail and Django admin pattern is behind the admin's gate."""
        self.baseline = fingerprint()
        problems = self._walk(admin=True)
        assert not problems, "admin URL × role mismatches:\n" + "\n".join(problems)

    def test_every_page_has_its_own_title(self):
        from tests.security.titles import title_problems

        problems = title_problems(world=self.world, clients=self.clients)
        assert not problems, "pages without their own title:\n" + "\n".join(problems)

    def test_user_ids_differ_from_employee_ids(self):
        """A view mixing a user id with an employee id cannot pass by coincidence."""
        employees = list(Employee.objects.values_list("pk", "user_id"))
        assert employees
        assert all(user_id != pk for pk, user_id in employees)
        assert max(pk for pk, _ in employees) < USER_ID_BASE
        assert min(user_id for _, user_id in employees) >= USER_ID_BASE
        assert connection.vendor in ("sqlite", "postgresql")
