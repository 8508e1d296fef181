import pytest
from django.test import Client

from tests.factories import PASSWORD, EmployeeFactory


@pytest.mark.django_db
def test_home_page_answers_and_shows_logged_in_name(client: Client):
    assert client.get("/").status_code == 200
    employee = EmployeeFactory(name="Siti Rahmawati")
    assert client.login(username=employee.nip, password=PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    assert "Siti Rahmawati" in response.content.decode()
