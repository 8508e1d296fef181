"""End to end in a real browser: HR publishes a policy in the Wagtail admin, an
employee in its audience sees it on their home page, acknowledges it, and HR's
report shows the acknowledgement."""
from __future__ import annotations

import re

import pytest
from django.utils import timezone

from socialization.models import Acknowledgement, PolicyPage
from tests.cms.socialization_factories import (  # noqa: F401  (fixtures)
    make_hr_publisher,
    migrated_data,
    policy_index,
    restore_migrated_data,
)
from tests.conftest import ARTIFACTS, browser_login, browser_quiesce
from tests.factories import PASSWORD, EmployeeFactory

# live_server needs committed data; serialized_rollback restores the migration-made
# pages and groups that the flush after a transactional test removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_hr_publishes_employee_acknowledges_hr_sees_report(page, browser, live_server):
    hr = make_hr_publisher()
    employee = EmployeeFactory(name="Dewi Lestari")
    index = policy_index()

    # 1. HR (also an HR Approver) writes and publishes the policy in the Wagtail admin.
    browser_login(page, hr.username, PASSWORD)
    page.goto(f"{page.base_url}/cms/pages/add/socialization/policypage/{index.pk}/")
    page.fill("#id_title", "Pengelolaan Kinerja Pegawai ASN")
    page.fill("#id_summary", "SKP disusun bersama atasan; dialog kinerja tiap triwulan.")
    page.fill("#id_regulation", "PermenPANRB No. 6 Tahun 2022")
    page.check("#id_is_mandatory")
    deadline = timezone.localdate().replace(year=timezone.localdate().year + 1)
    page.fill("#id_deadline", deadline.isoformat())
    page.keyboard.press("Escape")
    page.screenshot(path=str(ARTIFACTS / "socialization-admin-form.png"), full_page=True)
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.click("button[name='action-publish']")
    page.wait_for_load_state("networkidle")
    policy = PolicyPage.objects.get(title="Pengelolaan Kinerja Pegawai ASN")
    assert policy.live, "the approver's publish should make the page live"
    page.screenshot(path=str(ARTIFACTS / "socialization-admin-published.png"), full_page=True)

    # 2. The employee sees it as mandatory on their home page, opens it, acknowledges.
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.base_url = page.base_url
    try:
        browser_login(tab, employee.nip, PASSWORD)
        tab.goto(f"{tab.base_url}/")
        todo = tab.locator("[data-testid=policy-todo]")
        assert "Pengelolaan Kinerja Pegawai ASN" in todo.inner_text()
        tab.screenshot(path=str(ARTIFACTS / "socialization-home-todo.png"), full_page=True)
        todo.get_by_role("link", name="Pengelolaan Kinerja Pegawai ASN").click()
        tab.wait_for_load_state("networkidle")
        assert "Saya telah membaca dan memahami" in tab.inner_text("body")
        tab.click("[data-testid=acknowledge]")
        tab.wait_for_load_state("networkidle")
        assert tab.locator("[data-testid=acknowledged]").is_visible()
        tab.screenshot(path=str(ARTIFACTS / "socialization-acknowledged.png"), full_page=True)
        tab.goto(f"{tab.base_url}/")
        assert tab.locator("[data-testid=policy-todo]").count() == 0
    finally:
        browser_quiesce(context)
    assert Acknowledgement.objects.filter(employee=employee, page=policy).count() == 1

    # 3. HR's report shows it.
    page.goto(f"{page.base_url}/sosialisasi-aksi/laporan/{policy.pk}/")
    assert re.search(r"1 dari 1 pegawai sudah membaca \(100[.,]0%\)",
                     page.inner_text("[data-testid=report-total]"))
    assert "Semua sudah membaca" in page.inner_text("[data-testid=report-stragglers]")


def test_policy_page_with_blocks_and_questions_renders(page, live_server):
    """A policy with every text block, a document, and a published question."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from socialization.models import PolicyQuestion
    from socialization.services import policy_question_answer
    from tests.cms.socialization_factories import make_policy
    from tests.factories import make_hr_user

    document = Document(title="Salinan PermenPANRB 6/2022")
    document.file.save("permenpanrb-6-2022.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    document.save()
    policy = make_policy(
        title="Nilai Dasar ASN BerAKHLAK",
        body=[
            ("heading", {"text": "Apa itu BerAKHLAK?", "size": "h2"}),
            ("paragraph", "<p>Tujuh nilai dasar yang menjadi ukuran perilaku kerja ASN.</p>"),
            ("key_points", {"title": "Poin penting", "points": [
                "Berorientasi Pelayanan", "Akuntabel", "Kompeten"]}),
            ("document", {"document": document, "title": ""}),
            ("faq", {"question": "Apakah berlaku untuk PPPK?",
                     "answer": "<p>Ya, berlaku untuk seluruh ASN.</p>"}),
        ],
    )
    employee = EmployeeFactory(name="Rudi Hartono")
    question = PolicyQuestion.objects.create(
        page=policy, author=employee.user, question="<script>alert(1)</script> Kapan mulai?")
    policy_question_answer(question=question, answer="Sejak surat edaran terbit.",
                           answered_by=make_hr_user(), publish=True)

    browser_login(page, employee.nip, PASSWORD)
    page.goto(f"{page.base_url}{policy.url}")
    text = page.inner_text("main")
    for expected in ("Apa itu BerAKHLAK?", "Poin penting", "Akuntabel",
                     "Salinan PermenPANRB 6/2022", "Apakah berlaku untuk PPPK?",
                     "Tanya jawab", "<script>alert(1)</script> Kapan mulai?",
                     "Saya telah membaca dan memahami"):
        assert expected in text, expected
    page.goto(f"{page.base_url}/sosialisasi/")
    assert "Nilai Dasar ASN BerAKHLAK" in page.inner_text("[data-testid=policy-list]")
    page.screenshot(path=str(ARTIFACTS / "socialization-index.png"), full_page=True)
    page.goto(f"{page.base_url}{policy.url}")
