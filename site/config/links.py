"""Absolute links for emails and feeds: built from the configured SITE_URL, never from
a request (a Celery worker has none) nor from the Wagtail Site record's host and port."""
from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """SITE_URL + path ("/belajar/jp/" -> "https://bangkom.example.go.id/belajar/jp/")."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
