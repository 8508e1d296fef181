"""Certificate PDFs: HR's layout, filled with a certificate's frozen data, rendered
by WeasyPrint. A pure function of (template, data): storing is the service's job.

Speed (field notes, bench/certificates.py): one FontConfiguration per process, each
template version compiled once (layout split into parts, its CSS parsed once), a
small print stylesheet. Safety: HR's input never reaches a template engine
(placeholders.py), and the URL fetcher serves only our own fonts, the template's
images and data: URIs (the QR), so rendering never touches the network.
"""
from __future__ import annotations

import html
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import segno
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from learning.certificates.models import (
    AGENCY_LOGO_KEY,
    PAGE_SIZE_MM,
    CertificateTemplate,
    Orientation,
)
from learning.certificates.placeholders import CompiledLayout, layout_compile

logger = logging.getLogger(__name__)
# WeasyPrint logs every rendering step at INFO; one line per step per certificate
# would drown a worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONTS_DIR = Path(__file__).resolve().parent / "static" / "certificates" / "fonts"
FONT_FILES = {p.name for p in FONTS_DIR.glob("*.ttf")}

# Fonts shipped with the project (DejaVu, docs/certificates.md), addressed through
# our own scheme so nothing resolves them from the system or the network.
BASE_CSS = """
@font-face { font-family: "Bangkom Serif"; src: url("bangkom:font/DejaVuSerif.ttf"); }
@font-face { font-family: "Bangkom Serif"; font-weight: bold;
             src: url("bangkom:font/DejaVuSerif-Bold.ttf"); }
@font-face { font-family: "Bangkom Sans"; src: url("bangkom:font/DejaVuSans.ttf"); }
@font-face { font-family: "Bangkom Sans"; font-weight: bold;
             src: url("bangkom:font/DejaVuSans-Bold.ttf"); }
html { font-family: "Bangkom Serif", serif; font-size: 11pt; color: #111; }
body { margin: 0; }
[hidden] { display: none !important; }  /* data-if / data-unless (placeholders.py) */
img.qr { width: 30mm; height: 30mm; image-rendering: pixelated; }
img.logo { height: 22mm; }
"""


class RefusingURLFetcher(URLFetcher):
    """Serves our fonts, the template's Wagtail images and data: URIs; refuses
    everything else (http, https, file, ftp...). Refused URLs are recorded so
    tests and the preview can show them."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("bangkom:font/"):
            name = url.removeprefix("bangkom:font/")
            if name in FONT_FILES:
                return URLFetcherResponse(url, (FONTS_DIR / name).read_bytes(),
                                          {"Content-Type": "font/ttf"})
        if url.startswith("bangkom:image/"):
            image_id = url.removeprefix("bangkom:image/")
            if image_id.isdigit():
                return URLFetcherResponse(url, _image_bytes(int(image_id)))
        self.refused.append(url)
        raise ValueError(f"Certificates fetch only their own files, not {url!r}")


def _image_bytes(image_id: int) -> bytes:
    from wagtail.images import get_image_model

    image = get_image_model().objects.get(pk=image_id)
    with image.file.open("rb") as handle:
        return handle.read()


_local = threading.local()


def font_config() -> FontConfiguration:
    """One per process (and thread): 45–50 ms a render instead of 59–93 ms."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


@dataclass
class CompiledTemplate:
    layout: CompiledLayout
    stylesheets: list[CSS]
    logo_id: int | None


_compiled: dict[tuple[int | None, str], CompiledTemplate] = {}


def page_css(template: CertificateTemplate) -> str:
    width, height = PAGE_SIZE_MM.get(template.page_size, PAGE_SIZE_MM["A4"])
    if template.orientation == Orientation.LANDSCAPE:
        width, height = height, width
    background = (
        f'background: url("bangkom:image/{template.background_id}") no-repeat center;'
        " background-size: cover;" if template.background_id else ""
    )
    return f"@page {{ size: {width}mm {height}mm; margin: 12mm; {background} }}"


def template_compile(template: CertificateTemplate) -> CompiledTemplate:
    """The template's layout and stylesheets, compiled once per saved version."""
    key = (template.pk, f"{template.updated_at}")
    compiled = _compiled.get(key) if template.pk else None
    if compiled is None:
        fetcher = RefusingURLFetcher()
        config = font_config()
        stylesheets = [CSS(string=BASE_CSS + page_css(template), font_config=config,
                           url_fetcher=fetcher)]
        if template.css.strip():
            stylesheets.append(CSS(string=template.css, font_config=config,
                                   url_fetcher=fetcher))
        compiled = CompiledTemplate(layout=layout_compile(template.body_html),
                                    stylesheets=stylesheets, logo_id=template.logo_id)
        if template.pk:
            if len(_compiled) > 50:
                _compiled.clear()
            _compiled[key] = compiled
    return compiled


def qr_data_uri(url: str) -> str:
    """A PNG of one pixel per module, scaled up in the PDF without smoothing: a
    fraction of the time WeasyPrint spends drawing the same code as SVG paths
    (measured 5 ms against 270 ms)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=2)


# The preview's mark: over the whole page, so no sample can pass for a certificate.
WATERMARK_CSS = (
    "position: fixed; top: 38%; left: 0; right: 0; text-align: center;"
    " font-family: 'Bangkom Sans'; font-weight: bold; font-size: 120pt; letter-spacing: 20pt;"
    " color: rgba(200, 30, 30, 0.22); transform: rotate(-18deg);"
)


def certificate_html(*, template: CertificateTemplate, context: dict[str, str],
                     watermark: str = "") -> str:
    """The filled layout as a whole HTML document (what WeasyPrint renders);
    `watermark` (the preview's CONTOH) is printed across the page."""
    compiled = template_compile(template)
    markup = {"qr": f'<img class="qr" alt="QR" src="{qr_data_uri(context["verify_url"])}">'
              if context.get("verify_url") else ""}
    logo_id = compiled.logo_id or context.get(AGENCY_LOGO_KEY)
    if logo_id and str(logo_id).isdigit():
        markup["logo"] = f'<img class="logo" alt="" src="bangkom:image/{int(logo_id)}">'
    body = compiled.layout.fill(context, markup)
    if watermark:
        body += (f'<div class="watermark" style="{WATERMARK_CSS}">'
                 f"{html.escape(watermark)}</div>")
    return ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
            f"<title>Sertifikat</title></head><body>{body}</body></html>")


def certificate_pdf_render(
    *, template: CertificateTemplate, context: dict[str, str],
    fetcher: RefusingURLFetcher | None = None, watermark: str = "",
) -> bytes:
    """Render one certificate to PDF bytes. Never touches the network."""
    compiled = template_compile(template)
    fetcher = fetcher or RefusingURLFetcher()
    document = HTML(string=certificate_html(template=template, context=context,
                                            watermark=watermark),
                    url_fetcher=fetcher, base_url=None)
    pdf = document.write_pdf(stylesheets=compiled.stylesheets, font_config=font_config())
    if fetcher.refused:
        logger.warning("Certificate template %s asked for refused URLs: %s",
                       template.pk, fetcher.refused)
    return pdf


# The built-in design, the starting point of every kind's default template.
DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
DEFAULT_LAYOUT = (DEFAULTS_DIR / "layout.html").read_text(encoding="utf-8")
DEFAULT_CSS = (DEFAULTS_DIR / "style.css").read_text(encoding="utf-8")
