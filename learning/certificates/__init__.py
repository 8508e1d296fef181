"""Certificates: HR-designed templates, frozen PDFs, QR verification (docs/certificates.md)."""
