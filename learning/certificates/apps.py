"""Certificates: HR-designed templates, frozen PDFs, QR verification (docs/certificates.md)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """A Django app of its own inside learning/ so its tables and migrations stay apart."""

    name = "learning.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        # The home panel and HR's link.
        from learning.certificates import (
            panels,  # noqa: F401
            personal_data,  # noqa: F401  (its part of the archive)
        )
