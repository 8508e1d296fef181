"""The public verification page names the issuing agency (as frozen in the
certificate, or the agency identity HR set, for a certificate issued before it was
recorded) and prints the number as one unbreakable token; a 390 px wide phone shows
it on one line (browser test)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from learning.certificates.models import AgencyIdentity, Certificate
from tests.conftest import ARTIFACTS, browser_quiesce
from tests.learning.certificates.helpers import completed, issue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_media")]


def _identity(**values) -> None:
    identity = AgencyIdentity.load()
    for field, value in values.items():
        setattr(identity, field, value)
    identity.save()


def test_the_issuer_is_named_and_frozen(client, django_assert_num_queries):
    _identity(government="PEMERINTAH KABUPATEN SUKAMAJU",
              agency="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA")
    certificate = issue(completed(name="Ani Rahma"))
    _identity(agency="Dinas Lain")  # renamed later: the issued certificate keeps its issuer
    with django_assert_num_queries(1):
        html = client.get(reverse("certificates:verify", args=[certificate.code])
                          ).content.decode()
    issuer = html.split('data-testid="verified-issuer">')[1].split("<")[0]
    assert issuer == ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia, "
                      "Pemerintah Kabupaten Sukamaju")
    number = html.split('data-testid="verified-number"')[0].rsplit("<dd", 1)[1]
    assert 'class="certificate-number"' in number


def test_an_older_certificate_names_the_current_identity(client):
    certificate = issue(completed())
    context = {k: v for k, v in certificate.context.items()
               if k not in {"agency", "government"}}
    Certificate.objects.filter(pk=certificate.pk).update(context=context)
    _identity(agency="BKPSDM Kabupaten Sukamaju")
    html = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert 'data-testid="verified-issuer">BKPSDM Kabupaten Sukamaju<' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_number_on_one_line_on_a_phone(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    _identity(government="PEMERINTAH KABUPATEN SUKAMAJU",
              agency="BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA")
    certificate = issue(completed(name="Ani Rahmawati Kusumaningrum"))
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{live_server.url}{reverse('certificates:verify', args=[certificate.code])}")
        number = tab.locator("[data-testid=verified-number]")
        assert number.inner_text() == certificate.number
        box = number.bounding_box()
        line = tab.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || "
                            "1.5 * parseFloat(getComputedStyle(el).fontSize)",
                            number.element_handle())
        assert box["height"] < 1.5 * line, (box, line)  # one line
        assert tab.evaluate("el => el.scrollWidth <= el.clientWidth", number.element_handle())
        assert "Badan Kepegawaian" in tab.inner_text("[data-testid=verified-issuer]")
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "certificate-verification-390.png"),
                       full_page=True)
    finally:
        browser_quiesce(context)
