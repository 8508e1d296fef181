"""Enrollment in a real browser: waitlist and promotion; supervisor approval."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory
from tests.learning.enrollment_factories import make_session, make_workshop

# serialized_rollback: a transactional test flushes the seed data (ranks, pages)
# from migrations; restore it for the next test.
pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def as_user(page, employee) -> None:
    page.context.clear_cookies()
    browser_login(page, employee.user.username, PASSWORD)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"enroll-{name}.png"), full_page=True)


def test_waitlist_then_promotion_after_a_cancellation(page):
    session = make_session(capacity=1, workshop=make_workshop(title="Pelatihan Excel Lanjut"))
    url = page.base_url + session.page.url
    a, b = EmployeeFactory(name="Ani Rahma"), EmployeeFactory(name="Budi Santoso")

    as_user(page, a)
    page.goto(url)
    page.click(f"[data-testid=enroll-{session.pk}]")
    page.wait_for_selector("text=Anda terdaftar.")
    assert "Anda terdaftar" in page.inner_text(f"[data-testid=session-actions-{session.pk}]")

    as_user(page, b)
    page.goto(url)
    button = page.locator(f"[data-testid=enroll-{session.pk}]")
    assert button.inner_text().strip() == "Masuk daftar tunggu"
    button.click()
    page.wait_for_selector("text=Sesi sudah penuh: Anda masuk daftar tunggu.")
    state = page.inner_text(f"[data-testid=session-actions-{session.pk}]")
    assert "Di daftar tunggu, urutan ke-1" in state
    shot(page, "waitlisted")

    as_user(page, a)
    page.goto(url)
    page.click(f"[data-testid=cancel-{session.pk}]")
    # Cancelling asks first (a page, no script): "No" keeps the seat.
    page.wait_for_selector("[data-testid=confirm-cancel]")
    assert "Kursi Anda akan diberikan" in page.inner_text("[data-testid=confirm-cancel]")
    shot(page, "cancel-confirmation")
    page.click("[data-testid=confirm-cancel-back]")
    assert "Anda terdaftar" in page.inner_text(f"[data-testid=session-actions-{session.pk}]")
    page.click(f"[data-testid=cancel-{session.pk}]")
    page.click("[data-testid=confirm-cancel-submit]")
    page.wait_for_selector("text=Pendaftaran Anda dibatalkan.")
    assert page.url.split("?")[0] == url

    as_user(page, b)
    page.goto(url)
    state = page.inner_text(f"[data-testid=session-actions-{session.pk}]")
    assert "Anda terdaftar" in state, state
    page.goto(page.base_url + "/belajar/pendaftaran-saya/")
    assert "Terdaftar" in page.inner_text("[data-testid=my-enrollments]")
    shot(page, "promoted")


def test_supervisor_approves_in_the_inbox(page):
    boss = EmployeeFactory(name="Bambang Setiawan")
    worker = EmployeeFactory(name="Dewi Lestari", supervisor=boss)
    session = make_session(capacity=5, workshop=make_workshop(
        title="Kepemimpinan Pengawas", requires_approval=True))
    url = page.base_url + session.page.url

    as_user(page, worker)
    page.goto(url)
    page.click(f"[data-testid=enroll-{session.pk}]")
    page.wait_for_selector("text=Permintaan Anda telah dikirim ke atasan")
    assert "Menunggu persetujuan atasan" in page.inner_text(
        f"[data-testid=session-actions-{session.pk}]")

    as_user(page, boss)
    page.goto(page.base_url + "/")
    shot(page, "home-supervisor")
    page.click("[data-testid=approvals-link]")
    page.wait_for_selector("text=Dewi Lestari")
    shot(page, "inbox")
    page.click("[data-testid^=approve-]")
    page.wait_for_selector("text=Disetujui: Dewi Lestari.")
    assert "Tidak ada permintaan yang menunggu keputusan Anda." in page.inner_text("main")

    as_user(page, worker)
    page.goto(url)
    assert "Anda terdaftar" in page.inner_text(f"[data-testid=session-actions-{session.pk}]")
    shot(page, "approved")
    page.goto(page.base_url + "/")
    assert "Kepemimpinan Pengawas" in page.inner_text("[data-testid=panel-enrollment]")
    shot(page, "home-employee")
