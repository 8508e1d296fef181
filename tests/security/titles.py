"""Every page has its own title (tests/security/test_url_matrix.py checks it): each GET
URL of the URL × role matrix, requested as a role that may see it, names its page in
<title> — never the bare "Bangkom" nor "Bangkom · Bangkom" — and two different kinds
of page never share a title."""
from __future__ import annotations

import html
import os
import re

from tests.security import url_matrix as matrix
from tests.security.world import ROLES

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# URL names that are one kind of page and share its title.
SAME_PAGE = [
    # allauth's password flows: the form, its key link and "done" are one page each.
    ["account_change_password", "account_reset_password_from_key",
     "account_reset_password_from_key_done"],
    ["account_reset_password", "account_reset_password_done"],
    # The verification result repeats the upload form: one verification page.
    ["certificates:verify", "certificates:verify_upload"],
    # "Confirm access" before a sensitive change: by password or by a second factor.
    ["account_reauthenticate", "mfa_reauthenticate"],
]


def _title(response) -> str | None:
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    body = response.content.decode()
    if "<html" not in body:
        return None  # a fragment a page loads (job progress), not a page
    found = TITLE.search(body)
    return html.unescape(" ".join(found.group(1).split())) if found else ""


def title_problems(*, world, clients) -> list[str]:
    """Pages without their own title: every GET page of the matrix, as the first role
    that may see it (UrlMatrixTests.test_every_page_has_its_own_title)."""
    from tests.security.test_url_matrix import entry_path, rule_for, url_patterns

    titles: dict[str, str] = {}
    problems = []
    for pattern in url_patterns():
        rule = rule_for(pattern)
        if (rule is None or isinstance(rule, matrix.PrefixRule)
                or pattern.route.startswith(tuple(matrix.PREFIX_RULES))):
            continue  # the admins' own screens (also those with an entry) title themselves
        for entry in rule if isinstance(rule, list) else [rule]:
            if entry.shadowed:
                continue
            role = next((r for r in ROLES if entry.get[r] == matrix.OK), None)
            if role is None:
                continue
            response = clients[role].get(entry_path(pattern, entry, world))
            title = _title(response) if response.status_code == 200 else None
            if title is None:
                continue  # a file, a feed, JSON, a fragment
            titles.setdefault(pattern.key, title)
            if title in ("", "Bangkom", "Bangkom · Bangkom") or not title.endswith("Bangkom"):
                problems.append(f"{pattern.key} as {role}: {title!r}")
    by_title: dict[str, list[str]] = {}
    for key, title in titles.items():
        by_title.setdefault(title, []).append(key)
    for title, keys in by_title.items():
        if len(keys) > 1 and sorted(keys) not in [sorted(s) for s in SAME_PAGE]:
            problems.append(f"{keys} share the title {title!r}")
    if os.environ.get("TITLES_DISCOVER"):
        print("\n".join(f"{k}: {t}" for k, t in sorted(titles.items())))  # noqa: T201
    if len(titles) < 40:
        problems.append(f"only {len(titles)} pages were walked")
    return problems
