"""The home page: landing page for visitors, dashboard with panels for employees."""
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home import panels as home_panels
from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture
def test_panel(settings):
    """A panel registered the way domain apps do, removed afterwards."""
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates

    @home_panels.register_home_panel(template="tests/panel_card.html", order=1)
    def panel(request):
        if request.GET.get("hide"):
            return None
        return {"title": "Panel Uji", "body": f"untuk {request.user.display_name}"}

    yield panel
    home_panels._panels.pop("tests/panel_card.html", None)


@pytest.mark.django_db
class TestHomePage:
    def test_visitors_see_the_landing_page(self, client):
        response = client.get("/")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="landing"' in html
        assert "Masuk dengan NIP Anda" in html and "/akun/login/" in html
        assert "Sosialisasi kebijakan" in html

    def test_employee_dashboard_shows_name_position_unit(self, client):
        employee = EmployeeFactory(name="Siti Rahmawati", position__name="Analis SDM Ahli Muda",
                                   unit__name="Bidang Pengembangan Kompetensi")
        client.force_login(employee.user)
        html = client.get("/").content.decode()
        assert "Halo, Siti Rahmawati" in html
        assert "Analis SDM Ahli Muda" in html and "Bidang Pengembangan Kompetensi" in html
        assert employee.nip in html
        assert 'data-testid="landing"' not in html

    def test_account_without_employee(self, client):
        client.force_login(UserFactory(username="operator"))
        html = client.get("/").content.decode()
        assert "tidak terhubung dengan data pegawai" in html

    def test_panels_render_as_cards(self, client, test_panel):
        client.force_login(EmployeeFactory(name="Budi").user)
        html = client.get("/").content.decode()
        assert 'class="card" data-testid="test-panel"' in html
        assert "Panel Uji" in html and "untuk Budi" in html
        assert 'data-testid="test-panel"' not in client.get("/?hide=1").content.decode()

    def test_dashboard_query_count_does_not_grow(self, client):
        boss = EmployeeFactory()
        client.force_login(boss.user)
        client.get("/")

        def count() -> int:
            # Adding employees renews the viewer's cached facts (learning.catalog.
            # cache): compare warm requests with warm ones.
            client.get("/")
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/").status_code == 200
            return len(ctx.captured_queries)

        small = count()
        for _ in range(25):
            EmployeeFactory(supervisor=boss)
        EmployeeFactory.create_batch(25)
        assert count() == small
