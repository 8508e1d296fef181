"""Every mentoring string has its Indonesian translation, compiled."""
from __future__ import annotations

from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "mentoring/locale/id/LC_MESSAGES/django.po"


def test_every_mentoring_catalog_entry_is_translated():
    text = PO.read_text()
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]
    empty = [e for e in entries if e.rstrip().endswith('msgstr ""')
             or e.rstrip().endswith('msgstr[0] ""')]
    assert not empty, empty[:3]
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 5
