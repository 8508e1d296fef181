"""The default certificate as a person holds it: rendered for a demo-like
certificate, rasterised (test-artifacts/certificate-default-layout.png, to look at
beside a real Indonesian training certificate), its text in the order of one (kop,
SERTIFIKAT, number, "diberikan kepada", the person, the training, place and date,
signatory), the kop's logo drawn, the QR decoding to the verification page; and no
label or comma left dangling when a value is unknown."""
from __future__ import annotations

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from learning.certificates.demo import AGENCY_IDENTITY, TEMPLATE_DEFAULTS, _demo_logo_png
from learning.certificates.models import AgencyIdentity
from learning.certificates.services import certificate_template_default
from learning.completion.certificate_subject import WORKSHOP
from people.models import EmploymentType, Rank
from tests.conftest import ARTIFACTS
from tests.learning.certificates.helpers import completed, issue, pdf_text, stored_pdf
from tests.learning.completion_world import make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_media")]


def _agency_identity(*, with_logo: bool = True) -> None:
    identity = AgencyIdentity.load()
    for field, value in AGENCY_IDENTITY.items():
        setattr(identity, field, value)
    if with_logo:
        logo = get_image_model()(title="Lambang")
        logo.file = ImageFile(io.BytesIO(_demo_logo_png()), name="lambang.png")
        logo.save()
        identity.logo = logo
    identity.save()


def _template(**fields):
    template = certificate_template_default(subject_kind=WORKSHOP)
    for field, value in {**TEMPLATE_DEFAULTS, **fields}.items():
        setattr(template, field, value)
    template.save()
    return template


def _in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position} in:\n{text}"
        position = found + len(part)


def test_default_certificate_layout(settings):
    settings.SITE_URL = "https://bangkom.sukamajukab.go.id"
    _agency_identity()
    _template()
    enrollment = completed(
        name="Dewi Lestari", nip="199405202019032004", birth_place="Sukamaju",
        session=make_session(title="Pelatihan Literasi Digital bagi ASN"))
    certificate = issue(enrollment)
    pdf = stored_pdf(certificate)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1  # everything on one page
    text = pdf_text(pdf)
    _in_order(text, [
        "PEMERINTAH KABUPATEN SUKAMAJU",
        "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "Jl. Merdeka No. 1",
        "SERTIFIKAT",
        f"Nomor: {certificate.number}",
        "diberikan kepada",
        "Dewi Lestari",
        "NIP", "19940520 201903 2 004",
        "Tempat, tanggal lahir", "Sukamaju, 20 Mei 1994",
        "Pangkat/golongan", "(III/a)",
        "telah mengikuti",
        "Pelatihan Literasi Digital bagi ASN",
        "JP",
        f"Sukamaju, {certificate.context['issue_date']}",
        "Kepala BKPSDM Kabupaten Sukamaju",
        "Drs. H. Suryadi Pranoto, M.Si.",
        "NIP 19700312 199503 1 002",
    ])
    # The kop's coat of arms and the QR code are the page's two images.
    assert len(reader.pages[0].images) == 2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=60 / 72).to_pil()
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "certificate-default-layout.png")
    big = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil()
    codes = [r.text for r in zxingcpp.read_barcodes(big)]
    assert codes == [f"https://bangkom.sukamajukab.go.id/sertifikat/verifikasi/{certificate.code}/"]


def test_unknown_values_leave_no_empty_lines():
    """No place of issue, no signatory NIP, a PPPK without a known place of birth (no
    date in a PPPK number either), no agency identity yet: none of their labels print."""
    _template(issue_place="", signatory_nip="")
    pppk = completed(name="Nur Aini", nip="199608172022012001",
                     employment_type=EmploymentType.PPPK,
                     rank=Rank.objects.filter(employment_type=EmploymentType.PPPK).first())
    certificate = issue(pppk)
    text = pdf_text(stored_pdf(certificate))
    assert "Tempat, tanggal lahir" not in text
    assert "NIP 1" not in text and "\nNIP\n" not in text.replace(" ", "")
    issue_date = certificate.context["issue_date"]
    assert issue_date in text and f", {issue_date}" not in text
    assert "Pindai kode QR" in text  # the rest is there
    assert len(pypdf.PdfReader(io.BytesIO(stored_pdf(certificate))).pages) == 1


def test_birth_place_only_with_what_is_known():
    _template()
    certificate = issue(completed(nip="199405202019032004"))  # no place of birth known
    text = pdf_text(stored_pdf(certificate))
    assert "Tempat, tanggal lahir" in text and "20 Mei 1994" in text
    assert ", 20 Mei 1994" not in text


def test_templates_untouched_since_the_old_design_get_the_new_one():
    """The data migration upgrades templates HR never changed and leaves HR's own."""
    import importlib

    from django.apps import apps

    from learning.certificates.models import CertificateTemplate
    from learning.certificates.rendering import DEFAULT_CSS, DEFAULT_LAYOUT

    migration = importlib.import_module(
        "learning.certificates.migrations.0006_builtin_design_with_kop")
    untouched = CertificateTemplate.objects.create(
        name="Lama", subject_kind="WORKSHOP", body_html=migration.OLD_LAYOUT,
        css=migration.OLD_CSS)
    edited = CertificateTemplate.objects.create(
        name="Milik HR", subject_kind="MENTORING",
        body_html=migration.OLD_LAYOUT.replace("SERTIFIKAT", "PIAGAM"), css=migration.OLD_CSS)
    migration.upgrade(apps, None)
    untouched.refresh_from_db()
    edited.refresh_from_db()
    assert (untouched.body_html, untouched.css) == (DEFAULT_LAYOUT, DEFAULT_CSS)
    assert "PIAGAM" in edited.body_html and 'data-if="nip"' not in edited.body_html
