"""PAdES signatures with a test CA made here (cryptography): issued PDFs are signed
when a PKCS#12 is configured, and the upload check reports the signature."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.learning.certificates.helpers import completed, issue, stored_pdf

pytestmark = pytest.mark.django_db


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "BKPSDM Uji")])


def make_p12(path, password: bytes) -> None:
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (x509.CertificateBuilder().subject_name(_name("CA Uji")).issuer_name(_name("CA Uji"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (x509.CertificateBuilder().subject_name(_name("Kepala BKPSDM Uji"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"uji", key, leaf, [ca], serialization.BestAvailableEncryption(password)))


@pytest.fixture
def signing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    p12 = tmp_path / "signer.p12"
    make_p12(p12, b"rahasia")
    settings.BANGKOM_CERTIFICATE_P12_PATH = str(p12)
    settings.BANGKOM_CERTIFICATE_P12_PASSWORD = "rahasia"
    cache.clear()


def test_issued_pdf_carries_a_valid_pades_signature(signing):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    certificate = issue(completed(name="Gita Lestari"))
    assert certificate.signed
    reader = PdfFileReader(io.BytesIO(stored_pdf(certificate)))
    [signature] = reader.embedded_signatures
    status = validate_pdf_signature(signature)
    assert status.intact and status.valid
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_upload_reports_the_signature(signing, client):
    certificate = issue(completed())
    data = stored_pdf(certificate)
    html = client.post(reverse("certificates:verify_upload"), {
        "file": SimpleUploadedFile("s.pdf", data, "application/pdf")}).content.decode()
    assert "hash-match" in html
    assert "Ditandatangani dengan sertifikat instansi ini" in html
    assert "TTE" not in html  # not a BSrE certificate: no TTE wording


def test_tte_wording_only_with_bsre(signing, client, settings):
    settings.BANGKOM_CERTIFICATE_SIGNER_IS_BSRE = True
    certificate = issue(completed())
    html = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "TTE" in html


def _with_annotation(data: bytes) -> bytes:
    """The signed PDF with a text note added after signing (an incremental update, as
    any PDF reader's "add comment" writes it): the signature still covers its own
    revision, so the signed bytes are intact."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref, _ = writer.find_page_for_modification(0)
    annotation = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject(
            [generic.FloatObject(v) for v in (50, 50, 300, 90)]),
        generic.NameObject("/Contents"): generic.TextStringObject("JP: 80"),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
    }))
    page = page_ref.get_object()
    page[generic.NameObject("/Annots")] = generic.ArrayObject([annotation])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_upload_says_a_file_changed_after_signing(signing, client):
    data = _with_annotation(stored_pdf(issue(completed())))
    html = client.post(reverse("certificates:verify_upload"), {
        "file": SimpleUploadedFile("s.pdf", data, "application/pdf")}).content.decode()
    assert "hash-no-match" in html
    state = html.split('data-testid="signature-state"')[1].split("</p>")[0]
    assert "diubah setelah ditandatangani" in state
    assert "tidak berubah" not in state


def test_upload_of_a_non_pdf_says_so(signing, client):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    html = client.post(reverse("certificates:verify_upload"), {
        "file": SimpleUploadedFile("foto.png", png, "image/png")}).content.decode()
    assert "Berkas ini bukan PDF" in html
    assert "tidak cocok" not in html and "hash-no-match" not in html
