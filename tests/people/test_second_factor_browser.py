"""Real browser: HR must set up two-factor authentication (TOTP) before any HR page,
then logs in with the app's code and with a recovery code, reads their login history,
and ends an employee's sessions. Screenshots land in test-artifacts/."""
import re

import pytest
from django.core.cache import cache

from tests.conftest import ARTIFACTS, browser_login, browser_quiesce
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user
from tests.people.test_second_factor import totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"mfa_{name}.png"), full_page=True)


def submit_code(page, code: str) -> None:
    page.fill("input[name=code]", code)
    page.click("main form:has(input[name=code]) button[type=submit]")
    page.wait_for_load_state("networkidle")


def log_out(page) -> None:
    page.goto(page.base_url + "/akun/logout/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_hr_sets_up_totp_logs_in_with_it_and_ends_sessions(page, browser, live_server,
                                                          settings):
    settings.BANGKOM_MFA_REQUIRED_FOR_HR = True
    hr = EmployeeFactory(name="Rina Marlina", nip="198703152010012003",
                         user=make_hr_user("198703152010012003"))
    dewi = EmployeeFactory(name="Dewi Lestari", nip="199405202019032004")

    # Dewi is logged in on another device.
    other = browser.new_context(locale="id-ID")
    dewi_tab = other.new_page()
    dewi_tab.base_url = live_server.url
    browser_login(dewi_tab, dewi.nip, PASSWORD)
    assert dewi_tab.get_by_test_id("current-user").inner_text() == "Dewi Lestari"

    # HR without a second factor is sent to set one up, in Indonesian.
    browser_login(page, hr.nip, PASSWORD)
    assert "/akun/2fa/" in page.url
    assert "wajib memakai verifikasi dua langkah" in page.content()
    shot(page, "required")
    page.goto(page.base_url + "/hr/")
    assert "/akun/2fa/" in page.url
    page.click("a[href='/akun/2fa/totp/activate/']")
    # allauth asks for the password again before adding an authenticator.
    assert "/akun/reauthenticate/" in page.url
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Aktifkan Aplikasi Autentikator" in page.content()
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()
    shot(page, "activate")
    secret = page.input_value("#authenticator_secret")
    submit_code(page, totp_code(secret))
    # allauth shows the recovery codes right after.
    assert "/akun/2fa/recovery-codes/" in page.url
    shot(page, "recovery_codes")
    codes = re.findall(r"\b\d{8}\b", page.input_value("main textarea"))
    assert len(codes) == 10
    page.goto(page.base_url + "/hr/")
    assert page.url.endswith("/hr/")

    # Next login: password, then the app's code.
    log_out(page)
    browser_login(page, hr.nip, PASSWORD)
    assert "/akun/2fa/authenticate/" in page.url
    shot(page, "authenticate")
    submit_code(page, "123456" if totp_code(secret) != "123456" else "654321")
    assert "/akun/2fa/authenticate/" in page.url
    assert "Kode salah" in page.content()
    submit_code(page, totp_code(secret))
    page.goto(page.base_url + "/cms/")
    assert "/cms/" in page.url and "/akun/" not in page.url

    # And with a recovery code instead of the app (once).
    log_out(page)
    browser_login(page, hr.nip, PASSWORD)
    cache.clear()
    submit_code(page, codes[0])
    page.goto(page.base_url + "/hr/")
    assert page.url.endswith("/hr/")

    # Their own login history: three logins, time in WIB, browser, second factor.
    page.click("[data-testid=current-user]")
    assert page.url.endswith("/pegawai/keamanan/")
    rows = page.get_by_test_id("login-row")
    assert rows.count() == 3  # the set-up login (no code yet), then two with a code
    first = rows.first.inner_text()
    assert "Chrome di Linux" in first and "ya" in first
    assert re.search(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
                     r"September|Oktober|November|Desember) \d{4}, \d\d\.\d\d", first)
    shot(page, "my_logins")

    # HR ends Dewi's sessions from the employee list.
    page.goto(page.base_url + "/pegawai/tim/?q=Dewi")
    page.click("[data-testid=team-sessions-link]")
    assert page.get_by_test_id("session-row").count() == 1
    shot(page, "employee_sessions")
    page.click("[data-testid=end-sessions]")
    page.wait_for_load_state("networkidle")
    assert "1 sesi Dewi Lestari diakhiri" in page.content()
    assert page.get_by_test_id("session-row").count() == 0
    dewi_tab.goto(live_server.url + "/belajar/jp/")
    assert "/akun/login/" in dewi_tab.url
    browser_quiesce(other)
