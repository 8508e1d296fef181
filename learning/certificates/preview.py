"""The template preview: HR's design rendered with sample data (nothing is issued,
no number is taken), marked CONTOH across the page. The sample person is made up
(no employee's name or NIP: the NIP's appointment month 00 cannot exist); the agency
identity is the one HR has set, as the next certificate will show it."""
from __future__ import annotations

from django.utils import timezone

from learning.certificates.models import CertificateTemplate
from learning.certificates.placeholders import (
    date_id,
    nip_grouped,
    number_format,
    number_series,
    place_date_id,
)
from learning.certificates.rendering import certificate_pdf_render

WATERMARK = "CONTOH"

SAMPLE = {
    "name": "Nama Peserta Contoh, S.Kom.",
    "nip": nip_grouped("199001012000000000"),
    "birth_place": "Sukamaju",
    "birth_date": "1 Januari 1990",
    "birth_place_date": "Sukamaju, 1 Januari 1990",
    "pangkat": "Penata Muda",
    "golongan": "III/a",
    "pangkat_golongan": "Penata Muda (III/a)",
    "position": "Analis Sumber Daya Manusia Aparatur",
    "unit": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "title": "Pelatihan Penyusunan Analisis Jabatan",
    "start_date": "1 Desember 2026",
    "end_date": "3 Desember 2026",
    "dates": "1–3 Desember 2026",
    "place": "Aula BKPSDM Kabupaten Sukamaju",
    "jp": "15",
}


def template_preview_context(*, template: CertificateTemplate) -> dict[str, str]:
    today = timezone.localdate()
    series = number_series(pattern=template.number_pattern, code=template.code,
                           year=today.year, month=today.month)
    from learning.certificates.services import agency_identity_values, verify_url

    issue_date = date_id(today)
    return {
        **SAMPLE,
        "number": number_format(series=series, seq=7, digits=template.seq_digits),
        "issue_place": template.issue_place,
        "issue_date": issue_date,
        "issue_place_date": place_date_id(template.issue_place, issue_date),
        "valid_until": "",
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "signatory_nip": nip_grouped(template.signatory_nip),
        "verify_url": verify_url("CONTOH-pratinjau-bukan-sertifikat"),
        "tte": "",
        **agency_identity_values(),
    }


def template_preview_pdf(*, template: CertificateTemplate) -> bytes:
    return certificate_pdf_render(template=template,
                                  context=template_preview_context(template=template),
                                  watermark=WATERMARK)
