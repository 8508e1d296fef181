"""Issue 13: every README login's first journey, in a real browser, on the real demo.

Seeds the demo exactly as `make run` does, logs in as each README login through the
real login form, and walks the pages that role uses first. The walk fails on any
English label in the Indonesian interface, any ISO date, any 4xx/5xx answer, and any
count that two pages show differently."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ARTIFACTS, browser_login, browser_quiesce

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ISO_DATE = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")
QUARTER_CODE = re.compile(r"\b20\d\d-T[1-4]\b")
# Words Indonesian text does not use; any of them in the visible text of a page served
# in Indonesian is an untranslated label (proper names are checked against ALLOWED).
ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|with|from|have|has|this|will|please|yet|not|no one|"
    r"enroll|enrolled|waitlist|submit|save|cancel|search|session|sessions|"
    r"training|approve|approved|reject|rejected|gap|gaps|completed|"
    r"show|download|view|home|log out|next|previous|page)\b",
    re.IGNORECASE,
)
ALLOWED = {
    # Names of things that are the same in both languages, or proper names in the demo.
    "Bangkom", "JP", "NIP", "PNS", "PPPK", "CSV", "XLSX", "QR", "BerAKHLAK", "e-learning",
    "E-Learning", "online", "Online",
}

# What each README login opens first (README "Demo logins"), in order.
JOURNEYS = {
    "employee": ["/", "/pelatihan/", "/belajar/pendaftaran-saya/", "/belajar/jp/",
                 "/kompetensi/saya/", "/sosialisasi/"],
    "supervisor": ["/", "/belajar/persetujuan/", "/pegawai/tim/", "/kompetensi/tim/"],
    "hr": ["/", "/hr/", "/kompetensi/analisis/", "/belajar/laporan/sesi/",
           "/belajar/laporan/unit/", "/sosialisasi-aksi/laporan/", "/pegawai/tim/"],
    "mentor": ["/", "/pelatihan/"],
    "pppk": ["/", "/belajar/jp/"],
}
# Pages that exist only once their feature has landed; walked when they answer.
OPTIONAL = {
    "employee": ["/belajar/rencana/", "/mentoring/"],
    "supervisor": ["/belajar/rencana/tim/"],
    "mentor": ["/mentoring/"],
    "hr": ["/mentoring/program/"],
}


def _english_in(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for match in ENGLISH_WORDS.finditer(line):
            word = match.group(0)
            if any(word in allowed for allowed in ALLOWED if word.lower() in allowed.lower()):
                continue
            found.append(line.strip()[:120])
            break
    return found


def _walk(tab, base: str, path: str, found: list[str], statuses: list[tuple[int, str]],
          *, who: str, optional: bool = False) -> str | None:
    problems: list[str] = []
    response = tab.goto(f"{base}{path}")
    tab.wait_for_load_state("networkidle")
    if response is None:
        found.append(f"{who} {path}: no response")
        return None
    if optional and response.status == 404:
        return None
    text = tab.inner_text("body")
    for code, url in statuses:
        if code >= 400:
            problems.append(f"{path}: {code} for {url}")
    statuses.clear()
    for pattern, what in ((ISO_DATE, "ISO date"), (QUARTER_CODE, "period code")):
        for match in pattern.finditer(text):
            problems.append(f"{path}: {what} {match.group(0)!r}")
    for line in _english_in(text):
        problems.append(f"{path}: English? {line!r}")
    name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "home"
    tab.screenshot(path=str(ARTIFACTS / f"journey-{who}-{name}.png"), full_page=True)
    found.extend(f"{who} {p}" for p in problems)
    return text


def _jp_total(tab) -> Decimal:
    raw = tab.locator("[data-testid=jp-total]").first.inner_text().strip()
    return Decimal(raw.replace(".", "").replace(",", "."))


def test_each_readme_login_walks_its_first_journey(page, browser, live_server):
    from people.demo import DEMO_LOGINS, DEMO_PASSWORD

    call_command("seed_demo")
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    base = page.base_url
    for login in DEMO_LOGINS:
        role = login["role"]
        if role not in JOURNEYS:
            continue
        context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        tab = context.new_page()
        tab.base_url = base
        statuses: list[tuple[int, str]] = []
        tab.on("response", lambda r, s=statuses: s.append((r.status, r.url))
               if r.url.startswith(base) else None)
        try:
            browser_login(tab, login["username"], DEMO_PASSWORD)
            statuses.clear()
            for path in JOURNEYS[role]:
                _walk(tab, base, path, problems, statuses, who=role)
            for path in OPTIONAL.get(role, []):
                _walk(tab, base, path, problems, statuses, who=role, optional=True)
            if role in ("employee", "pppk"):
                # The JP total on the home page is the JP page's total.
                tab.goto(f"{base}/")
                home_total = _jp_total(tab)
                tab.goto(f"{base}/belajar/jp/")
                if _jp_total(tab) != home_total:
                    problems.append(f"{role}: JP total differs between home and JP page")
            if role == "hr":
                _seats_agree(tab, base, problems)
        finally:
            browser_quiesce(context)
    Path(ARTIFACTS / "journey-problems.txt").write_text("\n".join(problems))
    assert not problems, "\n".join(problems[:60])


def _seats_agree(tab, base: str, problems: list[str]) -> None:
    """The session report and the catalog tell the same story for every session of
    a workshop without supervisor approval: the same seats left (one selector), and
    enrolled + seats left = capacity."""
    from learning.models import WorkshopSession

    tab.goto(f"{base}/belajar/laporan/sesi/")
    rows = tab.locator("[data-testid=session-report-row]")
    report = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        report[int(row.get_attribute("data-session-id"))] = (
            int(row.get_attribute("data-enrolled")), int(row.get_attribute("data-capacity")),
            int(row.get_attribute("data-seats-left")))
    sessions = (WorkshopSession.objects.filter(pk__in=report, is_cancelled=False,
                                               page__requires_supervisor_approval=False,
                                               page__live=True)
                .select_related("page"))
    compared = 0
    for session in sessions:
        tab.goto(f"{base}{session.page.url}")
        # The page's session article (id="sesi-<pk>"); ended ones show no seats.
        cell = tab.locator(f"#sesi-{session.pk} [data-seats-left]")
        if cell.count() == 0:
            continue
        compared += 1
        seats_left = int(cell.first.get_attribute("data-seats-left"))
        enrolled, capacity, report_seats_left = report[session.pk]
        if seats_left != report_seats_left or seats_left != capacity - enrolled:
            problems.append(
                f"seats: {session.page.title}: report {enrolled}/{capacity}, catalog "
                f"{seats_left} left, report {report_seats_left} left")
    if sessions and not compared:
        problems.append("seats: no upcoming session of the report found on its workshop page")
