"""PAdES signatures (pyHanko) on certificate PDFs, when the agency configures a
signing certificate: BANGKOM_CERTIFICATE_P12_PATH and _P12_PASSWORD (a PKCS#12 file,
e.g. the agency's BSrE certificate). Without it PDFs are not signed and the product
speaks only of "verifikasi keaslian" (the QR check), never of a TTE (domain.md §7).

`BANGKOM_CERTIFICATE_SIGNER_IS_BSRE=true` says the configured certificate was issued
by BSrE (BSSN); only then do pages call the signature a TTE.
"""
from __future__ import annotations

import asyncio
import io
import threading
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

_lock = threading.Lock()


def signing_configured() -> bool:
    return bool(getattr(settings, "BANGKOM_CERTIFICATE_P12_PATH", ""))


def signer_is_bsre() -> bool:
    return signing_configured() and bool(
        getattr(settings, "BANGKOM_CERTIFICATE_SIGNER_IS_BSRE", False))


@lru_cache(maxsize=4)
def _signer(path: str, password: str):
    from pyhanko.sign import signers

    with open(path, "rb") as handle:
        data = handle.read()
    return signers.SimpleSigner.load_pkcs12_data(
        data, other_certs=[], passphrase=password.encode() if password else None)


def pdf_sign_if_configured(pdf: bytes) -> tuple[bytes, bool]:
    """(the PDF with a PAdES B-B signature, True) when a signing certificate is
    configured, else (pdf, False). Raises when it is configured but unusable: a
    certificate must not silently go out unsigned."""
    if not signing_configured():
        return pdf, False
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(settings.BANGKOM_CERTIFICATE_P12_PATH,
                     getattr(settings, "BANGKOM_CERTIFICATE_P12_PASSWORD", ""))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES,
        reason="Sertifikat Bangkom", md_algorithm="sha256",
    )
    with _lock:  # pyHanko runs an event loop per call; keep one at a time per process
        out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue(), True


@dataclass(frozen=True)
class SignatureReport:
    """What the verification page says about an uploaded file's signature."""

    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    trusted: bool = False  # the signer chains to the configured certificate's CA
    signer: str = ""
    signed_at: str = ""
    modified_after: bool = False  # something was appended after signing


def pdf_signature_report(pdf: bytes) -> SignatureReport:
    """Check the last signature in an uploaded PDF: is it intact, and does its
    signer chain to the agency's configured certificate (its CA or itself)?"""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
        from pyhanko_certvalidator import ValidationContext
    except ImportError:  # pragma: no cover
        return SignatureReport(signed=False)
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:
        return SignatureReport(signed=False)
    if not embedded:
        return SignatureReport(signed=False)
    sig = embedded[-1]
    trust = _trust_roots()
    context = ValidationContext(trust_roots=trust, allow_fetching=False) if trust else None
    try:
        with _lock:
            status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception:
        return SignatureReport(signed=True)
    finally:
        asyncio.set_event_loop(None)
    return SignatureReport(
        signed=True, intact=bool(status.intact and status.valid),
        trusted=bool(trust) and bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=str(status.signer_reported_dt or ""),
        # Anything appended after signing (an annotation, a form value, a new page)
        # leaves the signed revision intact but makes the file differ from what was
        # signed: the signature no longer covers the entire file.
        modified_after=(status.coverage != SignatureCoverageLevel.ENTIRE_FILE
                        or status.docmdp_ok is False),
    )


def _trust_roots() -> list:
    """The configured signer's certificate chain (its CA and itself) as trust
    roots: an uploaded file is trusted when signed by our certificate."""
    if not signing_configured():
        return []
    signer = _signer(settings.BANGKOM_CERTIFICATE_P12_PATH,
                     getattr(settings, "BANGKOM_CERTIFICATE_P12_PASSWORD", ""))
    return [signer.signing_cert, *signer.cert_registry]
