"""Real browser: log in with a NIP typed with spaces, a wrong password, no CMS for
plain employees. Screenshots land in test-artifacts/."""
import pytest

from tests.conftest import ARTIFACTS, browser_login
from tests.factories import PASSWORD, EmployeeFactory, UnitFactory, make_hr_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@pytest.fixture
def employee(transactional_db):
    dinas = UnitFactory(name="Dinas Komunikasi dan Informatika")
    return EmployeeFactory(
        name="Dewi Lestari", nip="199405202019032004",
        position__name="Pengolah Data dan Informasi",
        unit=UnitFactory(name="Seksi Pengembangan Aplikasi", parent=dinas),
    )


def test_employee_logs_in_with_spaced_nip_and_sees_their_dashboard(page, employee):
    page.goto(page.base_url + "/")
    page.screenshot(path=str(ARTIFACTS / "landing_anonymous.png"), full_page=True)
    page.goto(page.base_url + "/akun/login/")
    page.screenshot(path=str(ARTIFACTS / "login_page.png"), full_page=True)
    browser_login(page, spaced(employee.nip), PASSWORD)
    assert page.url.rstrip("/") == page.base_url
    assert page.get_by_test_id("current-user").inner_text() == "Dewi Lestari"
    profile = page.get_by_test_id("profile")
    assert "Halo, Dewi Lestari" in profile.inner_text()
    assert page.get_by_test_id("profile-position").inner_text() == "Pengolah Data dan Informasi"
    assert page.get_by_test_id("profile-unit").inner_text() == "Seksi Pengembangan Aplikasi"


def test_wrong_password_shows_an_indonesian_error(page, employee):
    browser_login(page, employee.nip, "kata-sandi-salah")
    assert "/akun/login/" in page.url
    error = page.get_by_test_id("login-error")
    assert error.is_visible()
    text = error.inner_text()
    assert "tidak benar" in text or "salah" in text.lower(), text


def test_employee_cannot_open_the_wagtail_admin(page, employee):
    browser_login(page, employee.nip, PASSWORD)
    response = page.goto(page.base_url + "/cms/")
    assert response.status == 403
    assert "Akses ditolak" in page.content()
    assert page.locator("#wagtail").count() == 0


def test_hr_reaches_the_import_page_and_the_admin(page, transactional_db):
    hr = make_hr_user("hr.bkpsdm")
    browser_login(page, hr.username, PASSWORD)
    page.goto(page.base_url + "/pegawai/impor/")
    assert page.get_by_test_id("import-form").is_visible()
    page.screenshot(path=str(ARTIFACTS / "import_page.png"), full_page=True)
    response = page.goto(page.base_url + "/cms/")
    assert response.status == 200


def test_hr_upload_with_an_error_shows_the_row_table(page, transactional_db, tmp_path):
    hr = make_hr_user("hr.impor")
    path = tmp_path / "pegawai.csv"
    path.write_text(
        "nip;nama;golongan;jabatan;unit_kerja\n"
        "19900101 201503 2 001;Siti Rahmawati;III/b;Analis SDM Aparatur Ahli Pertama;BKPSDM\n"
        "1,98501E+17;Budi;III/a;Pengadministrasi Perkantoran;BKPSDM\n",
        encoding="utf-8",
    )
    browser_login(page, hr.username, PASSWORD)
    page.goto(page.base_url + "/pegawai/impor/")
    page.set_input_files("input[name=file]", str(path))
    page.click("form[data-testid=import-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    rows = page.get_by_test_id("import-error")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "3"
    assert "1,98501E+17" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "import_errors.png"), full_page=True)


def test_password_reset_page_is_styled_and_indonesian(page, transactional_db):
    page.goto(page.base_url + "/akun/password/reset/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("body.auth").count() == 1
    assert "Kata Sandi" in page.content() or "kata sandi" in page.content()
