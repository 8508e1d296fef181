"""HR's Wagtail admin screens and Wagtail's workflow emails speak Indonesian.

Wagtail's own id_ID catalog covers only part of the admin; site/wagtail_id supplies the
rest (docs/socialization.md "Admin in Indonesian"). These tests look for English words
that Indonesian does not use in what HR sees: the visible text of a declared list of
screens (and the title/aria-label of their buttons and links) and the notification
emails Wagtail sends during the "Persetujuan HR" workflow.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group

from tests.cms.socialization_factories import make_hr_publisher, make_policy
from tests.factories import UserFactory

# Common English words of the admin's UI that are not Indonesian words. Words Indonesian
# shares or borrows (status, menu, item, admin, email, format, tag, token, data, detail,
# alias, slug, URL, "No." as in "PermenPANRB No. 6") are deliberately absent.
ENGLISH_WORDS = frozenset("""
    a about actions active add added after ago all an and any approve approved are as at
    back be been before blocks by cancel cancelled changes child choose clear close
    collapse comment comments compare confirm copy create created current dashboard date
    default delete deleted descending ascending disable disabled documents download draft
    account awaiting edit edited editing enable guide language notifications review
    entire entries entry error errors expand explorer
    file filter filters first for from go has have help hello here history how if images
    in into is it items last latest layout learn live loading lock locked log main manage
    may minutes moderation more move moved my name need needs new newest next not of
    oldest on only open options or other our owner page pages pending previous privacy
    private public publish published publishing reject rejected remove reply reports
    request requested required results revision revisions save saved schedule scheduled
    search see select selected settings show site size snippet snippets sort started
    submit submitted subpages than that the there these this time title to toggle type
    unlock unpublish unpublished up update updated upload use used user users version
    view visible was were what when which who will with workflow workflows yes you your
""".split())
# Proper names and product names that may legitimately stand in Indonesian text.
ALLOWED = frozenset({"wagtail", "bangkom", "hr", "nip", "asn", "jp", "pdf", "csv", "xlsx"})


def english_words(text: str) -> list[str]:
    """English words found in the text, in order (lower-cased, each word once)."""
    found: list[str] = []
    text = re.sub(r"https?://\S+", " ", text)  # addresses are not labels
    for word in re.findall(r"[A-Za-z]+", text):
        low = word.lower()
        if (len(low) > 1 and low in ENGLISH_WORDS and low not in ALLOWED
                and low not in found):
            found.append(low)
    return found


def test_english_words_detects_english_and_passes_indonesian():
    """The detector itself can fail: it flags Wagtail's English and passes ours."""
    assert english_words("Collapse all · 2 page log entries") == [
        "collapse", "all", "page", "log", "entries"]
    assert english_words("Status halaman saat ini: Terbit · PermenPANRB No. 6") == []


# --- workflow notification emails -----------------------------------------------------
@pytest.mark.django_db
def test_workflow_emails_are_in_indonesian(settings, mailoutbox,
                                           django_capture_on_commit_callbacks):
    """Submitting to "Persetujuan HR", requesting changes and approving: every email
    Wagtail sends (subject, text and HTML body) is Indonesian and greets in Indonesian."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor = UserFactory(username="dewi.lestari", email="dewi@example.test")
    editor.groups.add(*Group.objects.filter(name__in=["HR", "HR Editor"]))
    approver = make_hr_publisher("budi.santoso")
    approver.email = "budi@example.test"
    approver.save()

    rejected = make_policy(title="Cuti Tahunan ASN", publish=False)
    approved = make_policy(title="Jam Kerja ASN", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        for page, action in ((rejected, "reject"), (approved, "approve")):
            page.save_revision(user=editor)
            state = page.get_workflow().start(page, editor).current_task_state
            state.task.specific.on_action(state, approver, action)

    subjects = [m.subject for m in mailoutbox]
    assert len(mailoutbox) >= 3, subjects  # submitted (x2), changes requested, approved
    for message in mailoutbox:
        html = next((c for c, kind in message.alternatives if kind == "text/html"), "")
        visible_html = re.sub(r"<[^>]+>|&\w+;", " ", re.sub(
            r"(?s)<(style|head)\b.*?</\1>", " ", html))
        for part in (message.subject, message.body, visible_html):
            assert english_words(part) == [], (message.subject, part)
        assert re.search(r"^(Yth\.|Halo) ", message.body, re.M), message.body
    text = " ".join(subjects)
    assert "diajukan" in text and "disetujui" in text and "ditolak" in text, subjects


# --- HR's screens in a real browser ---------------------------------------------------
def _visible_english(tab) -> list[str]:
    """English words (each with the text around it) in the visible text and in the
    title/aria-label of buttons and links."""
    labels = tab.evaluate("""() => Array.from(document.querySelectorAll(
        'button, a, [role=button], [role=menuitem], input[type=submit]'))
        .flatMap(el => [el.getAttribute('title'), el.getAttribute('aria-label')])
        .filter(Boolean).join(' | ')""")
    text = tab.locator("body").inner_text() + " | " + labels
    # The account's time zone picker lists zones by their (proper, English) names.
    text = re.sub(r"[\w/+-]+: GMT[+-][\d:]+ \([^)]*\)", " ", text)
    return [f"{word}: …{match.group(0)}…" for word in english_words(text)
            if (match := re.search(rf"(?i).{{0,30}}\b{word}\b.{{0,30}}", text))]


def _click_if_present(tab, selector: str) -> bool:
    target = tab.locator(selector)
    if target.count() and target.first.is_visible():
        target.first.click()
        tab.wait_for_timeout(300)
        return True
    return False


def _open_footer_menu(tab) -> None:
    """The publishing dropdown in the editor's footer (where the workflow actions are)."""
    _click_if_present(tab, "footer [data-w-dropdown-target='toggle']")


def _open_side_panel(name: str):
    def open_panel(tab) -> None:
        _click_if_present(tab, f"[data-side-panel-toggle='{name}']")
    return open_panel


_open_status_panel = _open_side_panel("status")


def _open_request_changes(tab) -> None:
    """The approver's "request changes" dialog (asks for a comment)."""
    _open_footer_menu(tab)
    _click_if_present(tab, "footer button[data-workflow-action-name='reject']")


def _open_sidebar_menu(label: str):
    def open_menu(tab) -> None:
        tab.locator("nav button.sidebar-menu-item__link", has_text=label).first.click()
        tab.wait_for_timeout(400)
    return open_menu


def _open_row_actions(tab) -> None:
    """The "..." menu of the first row of a listing."""
    _click_if_present(tab, "tbody [data-w-dropdown-target='toggle']")


def _open_header_actions(tab) -> None:
    """The page's "..." actions menu in the header."""
    _click_if_present(tab, "header [data-w-dropdown-target='toggle']")


def _make_document_and_image() -> None:
    import io

    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    get_document_model().objects.create(
        title="PermenPANRB No. 6 Tahun 2022",
        file=ContentFile(b"%PDF-1.4 contoh", name="permenpanrb-6-2022.pdf"))
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    get_image_model().objects.create(
        title="Foto pelatihan", file=ImageFile(buffer, name="pelatihan.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hr_screens_show_no_english(page, live_server):
    from wagtail.images import get_image_model

    from competencies.models import Competency, CoreValue
    from tests.cms.socialization_factories import policy_index
    from tests.conftest import ARTIFACTS, browser_login
    from tests.factories import PASSWORD

    approver = make_hr_publisher("rina.approver")
    editor = UserFactory(username="dewi.lestari")
    editor.groups.add(*Group.objects.filter(name__in=["HR", "HR Editor"]))
    index = policy_index()
    published = make_policy(title="Pengelolaan Kinerja Pegawai ASN")
    submitted = make_policy(title="Cuti Tahunan ASN", publish=False)
    submitted.save_revision(user=editor)
    submitted.get_workflow().start(submitted, editor)
    _make_document_and_image()
    competency = Competency.objects.order_by("pk").first()
    core_value = CoreValue.objects.order_by("pk").first()

    screens: list[tuple[str, str, object]] = [
        ("dashboard", "/cms/", None),
        ("reports-menu", "/cms/", _open_sidebar_menu("Laporan")),
        ("help-menu", "/cms/", _open_sidebar_menu("Bantuan")),
        ("explorer", f"/cms/pages/{index.pk}/", None),
        ("explorer-row-actions", f"/cms/pages/{index.pk}/", _open_row_actions),
        ("edit-publishing-menu", f"/cms/pages/{published.pk}/edit/", _open_footer_menu),
        ("edit-status-panel", f"/cms/pages/{published.pk}/edit/", _open_status_panel),
        ("edit-checks-panel", f"/cms/pages/{published.pk}/edit/", _open_side_panel("checks")),
        ("edit-comments-panel", f"/cms/pages/{published.pk}/edit/",
         _open_side_panel("comments")),
        ("edit-actions-menu", f"/cms/pages/{published.pk}/edit/", _open_header_actions),
        ("approver-workflow-actions", f"/cms/pages/{submitted.pk}/edit/", _open_footer_menu),
        ("approver-request-changes", f"/cms/pages/{submitted.pk}/edit/",
         _open_request_changes),
        ("history", f"/cms/pages/{published.pk}/history/", None),
        ("workflow-history", f"/cms/pages/{submitted.pk}/workflow_history/", None),
        ("add-subpage", f"/cms/pages/{index.pk}/add_subpage/", None),
        ("search", "/cms/pages/search/?q=ASN", None),
        ("unpublish-confirm", f"/cms/pages/{published.pk}/unpublish/", None),
        ("delete-confirm", f"/cms/pages/{published.pk}/delete/", None),
        ("copy", f"/cms/pages/{published.pk}/copy/", None),
        ("move", f"/cms/pages/{published.pk}/move/", None),
        ("workflow-report", "/cms/reports/workflow/", None),
        ("workflow-tasks-report", "/cms/reports/workflow_tasks/", None),
        ("locked-pages", "/cms/reports/locked/", None),
        ("aging-pages", "/cms/reports/aging-pages/", None),
        ("site-history", "/cms/reports/site-history/", None),
        ("snippets", "/cms/snippets/", None),
        ("competencies", "/cms/snippets/competencies/competency/", None),
        ("competency-edit", f"/cms/snippets/competencies/competency/edit/{competency.pk}/",
         _open_footer_menu),
        ("core-values", "/cms/snippets/competencies/corevalue/", None),
        ("core-value-edit", f"/cms/snippets/competencies/corevalue/edit/{core_value.pk}/",
         None),
        ("appraisal-periods", "/cms/snippets/competencies/appraisalperiod/", None),
        ("documents", "/cms/documents/", None),
        ("documents-row-actions", "/cms/documents/", _open_row_actions),
        ("images", "/cms/images/", None),
        ("image-edit", f"/cms/images/{get_image_model().objects.get().pk}/", None),
        ("account", "/cms/account/", None),
    ]
    browser_login(page, approver.username, PASSWORD)
    ARTIFACTS.mkdir(exist_ok=True)
    found: dict[str, list[str]] = {}
    for name, path, prepare in screens:
        response = page.goto(f"{page.base_url}{path}")
        assert response is not None and response.status == 200, (name, path)
        page.wait_for_load_state("networkidle")
        if prepare:
            prepare(page)
        page.screenshot(path=str(ARTIFACTS / f"admin-id-{name}.png"), full_page=True)
        words = _visible_english(page)
        if words:
            found[name] = words
    assert found == {}, found


# --- catalog coverage ---------------------------------------------------------------
# Msgids whose Indonesian is the same text (names, loanwords, bare placeholders), and
# the page-translation messages, unreachable while WAGTAIL_I18N_ENABLED is False.
SAME_IN_INDONESIAN = {
    "Tag", "URL", "Alias", "item", "Status", "Status: ", "ID", "Format", "Token", "Admin",
    "Administrator", "slug", "port", "status", "%(range_start)s - %(range_end)s",
    "%(field_label)s:", "Status %(status)s", "%(status_display)s %(task_name)s %(started_at)s",
    "%(related_model_name)s %(field_label)s", "Wagtail API v2", "Wagtail API v3",
    "Wagtail frontend cache", "Wagtail routablepage", "Wagtail sitemaps",
    "%(time_zone_option)s: %(localized_time_zone_label)s",
}
HR_APPS = {"wagtail", "wagtail.admin", "wagtail.snippets", "wagtail.documents",
           "wagtail.images", "wagtail.users"}


def test_every_wagtail_string_hr_meets_has_indonesian():
    """Every msgid of the Wagtail apps behind HR's screens translates to Indonesian,
    in Python (django) and JavaScript (djangojs) alike; see `manage.py wagtail_id_missing`."""
    from wagtail_id.management.commands.wagtail_id_missing import missing_msgids

    missing = [
        (app, msgid) for domain in ("django", "djangojs")
        for app, _ctxt, msgid in missing_msgids(domain)
        if app in HR_APPS and msgid not in SAME_IN_INDONESIAN
        and "translation" not in msgid and "The URL you entered" not in msgid
    ]
    assert missing == []
