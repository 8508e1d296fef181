"""Demo certificates: the README's demo employee (NIP 199405202019032004) finds the
certificates of their completed workshops on the home page at first login.
Idempotent (certificate_issue is), and honest: issued through the real service for
whatever completions the demo data holds, nothing made up."""
from __future__ import annotations

from learning.certificates.services import CertificateSubjectMissing, certificate_issue
from learning.certificates.subjects import WORKSHOP
from learning.models.completion import Completion
from people.demo import DEMO_NIPS, EMAIL_DOMAIN, REGENCY_NAME

DEMO_EMPLOYEE_NIP = DEMO_NIPS["employee"]  # 199405202019032004
TEMPLATE_DEFAULTS = {
    "issue_place": "Sukamaju",
    "signatory_name": "Drs. H. Suryadi Pranoto, M.Si.",
    "signatory_title": "Kepala BKPSDM Kabupaten Sukamaju",
    "signatory_nip": "197003121995031002",
}


AGENCY_IDENTITY = {
    "government": REGENCY_NAME.upper(),
    "agency": "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
    "address": f"Jl. Merdeka No. 1, Sukamaju 46111 · Telp. (0265) 321456 · bkpsdm.{EMAIL_DOMAIN}",
}
LOGO_TITLE = "Lambang Kabupaten Sukamaju (demo)"


def _demo_logo_png() -> bytes:
    """A made-up coat of arms (a shield with a star and rice ears), drawn here: the
    demo regency has no real one."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(20, 20), (220, 20), (220, 150), (120, 265), (20, 150)]
    draw.polygon(shield, fill=(22, 101, 52), outline=(196, 154, 36), width=10)
    star = [(120, 50), (133, 88), (173, 88), (141, 111), (153, 150), (120, 127), (87, 150),
            (99, 111), (67, 88), (107, 88)]
    draw.polygon(star, fill=(250, 204, 21))
    for x in (70, 170):
        for step in range(6):
            y = 165 - step * 16
            draw.ellipse((x - 9, y - 6, x + 9, y + 6), fill=(250, 204, 21))
    draw.rectangle((60, 190, 180, 205), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def agency_identity_seed() -> None:
    """The demo regency's kop: set once, left alone when HR has changed it."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from learning.certificates.models import AgencyIdentity

    identity = AgencyIdentity.load()
    if identity.agency:
        return
    Image = get_image_model()
    logo = Image.objects.filter(title=LOGO_TITLE).first()
    if logo is None:
        import io

        logo = Image(title=LOGO_TITLE)
        logo.file = ImageFile(io.BytesIO(_demo_logo_png()), name="lambang-sukamaju.png")
        logo.save()
    for field, value in AGENCY_IDENTITY.items():
        setattr(identity, field, value)
    identity.logo = logo
    identity.save()


def seed_demo(*, stdout) -> None:
    from learning.certificates.services import certificate_template_default

    agency_identity_seed()
    template = certificate_template_default(subject_kind=WORKSHOP)
    if not template.signatory_name:
        for field, value in TEMPLATE_DEFAULTS.items():
            setattr(template, field, value)
        template.save()
    refs = Completion.objects.filter(
        enrollment__employee__nip=DEMO_EMPLOYEE_NIP).values_list("enrollment_id", flat=True)
    issued = 0
    for ref in refs:
        try:
            certificate_issue(subject_kind=WORKSHOP, subject_ref=str(ref))
            issued += 1
        except CertificateSubjectMissing:
            continue
    stdout.write(f"learning.certificates.demo: {issued} certificates for the demo employee")
