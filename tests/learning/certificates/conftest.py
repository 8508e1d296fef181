from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture
def certificate_media(settings, tmp_path):
    """PDFs in the test's own folder, verification links on the test server, a fresh
    rate-limit cache. Not autouse: the real-worker test shares the worker's MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://testserver"
    cache.clear()
