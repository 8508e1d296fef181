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
    edit edited editing editor enable entire entries entry error errors expand explorer
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
        if low in ENGLISH_WORDS and low not in ALLOWED and low not in found:
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
