"""File storage for uploads that hold personal data (proofs of external learning,
HR's import files): outside MEDIA_ROOT, which DEBUG serves publicly and a production
web server usually does too. Such files are read only by access-checked views or by
the Celery workers, which must share the folder with the web processes."""
from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    location = getattr(settings, "BANGKOM_PRIVATE_MEDIA_ROOT", None) or (
        Path(settings.MEDIA_ROOT).parent / (Path(settings.MEDIA_ROOT).name + "-private")
    )
    return FileSystemStorage(location=location, base_url=None)
