"""Issue 13: on a workshop page, "Daftar" only for those eligible (the others see why
not), a PPPK is warned before passing the contract year's JP cap, and the meeting link
is shown only to people taking part."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from learning.models import Enrollment, EnrollmentStatus, JpLedgerEntry
from people.models import EmploymentType, Rank
from tests.factories import EmployeeFactory, UnitFactory, make_hr_user
from tests.learning.enrollment_factories import make_session, make_workshop

pytestmark = pytest.mark.django_db


def test_ineligible_employee_sees_why_not_instead_of_the_button(client):
    unit = UnitFactory(name="Dinas Sasaran")
    workshop = make_workshop()
    workshop.eligible_units.set([unit])
    session = make_session(workshop=workshop, capacity=5)
    outsider, insider = EmployeeFactory(), EmployeeFactory(unit=unit)
    client.force_login(outsider.user)
    html = client.get(workshop.url).content.decode()
    assert f'data-testid="not-eligible-{session.pk}"' in html
    assert f'data-testid="enroll-{session.pk}"' not in html
    client.force_login(insider.user)
    html = client.get(workshop.url).content.decode()
    assert f'data-testid="enroll-{session.pk}"' in html
    assert f'data-testid="not-eligible-{session.pk}"' not in html


def test_pppk_is_warned_before_passing_the_cap(client):
    pppk = EmployeeFactory(
        employment_type=EmploymentType.PPPK,
        rank=Rank.objects.filter(employment_type="PPPK").first(),
        contract_start=timezone.localdate() - dt.timedelta(days=30))
    today = timezone.localdate()
    JpLedgerEntry.objects.create(employee=pppk, year=today.year, source="EXTERNAL",
                                 source_ref=77, jp=Decimal("20"), occurred_on=today,
                                 description="Kursus")
    workshop = make_workshop()  # 8 JP
    session = make_session(workshop=workshop, capacity=5)
    client.force_login(pppk.user)
    html = client.get(workshop.url).content.decode()
    warning = html.split(f'data-testid="pppk-cap-warning-{session.pk}"')[1].split("</p>")[0]
    assert "8 JP" in warning and "hanya 4 JP" in warning
    pns = EmployeeFactory()
    client.force_login(pns.user)
    assert "pppk-cap-warning" not in client.get(workshop.url).content.decode()


def test_pppk_cap_warning_is_about_each_sessions_own_contract_year(client):
    """20 of 24 JP in a contract year that ends in 30 days: the session before its
    end is warned about (with the JP that session credits and that contract year
    named), the session after it counts in the next contract year and is not."""
    from learning.models import JpPolicy

    JpPolicy.objects.update_or_create(employment_type="PPPK",
                                      defaults={"kind": "CAP", "jp_per_year": 24})
    today = timezone.localdate()
    renewal = today + dt.timedelta(days=30)
    pppk = EmployeeFactory(
        employment_type=EmploymentType.PPPK,
        rank=Rank.objects.filter(employment_type="PPPK").first(),
        contract_start=dt.date(renewal.year - 2, renewal.month, min(renewal.day, 28)))
    JpLedgerEntry.objects.create(employee=pppk, year=today.year, source="EXTERNAL",
                                 source_ref=79, jp=Decimal("20"), occurred_on=today,
                                 description="Kursus")
    workshop = make_workshop()  # 8 JP
    now_session = make_session(workshop=workshop, capacity=5, starts_in=dt.timedelta(days=7))
    later_session = make_session(workshop=workshop, capacity=5,
                                 starts_in=dt.timedelta(days=60))
    client.force_login(pppk.user)
    html = client.get(workshop.url).content.decode()
    warning = html.split(f'data-testid="pppk-cap-warning-{now_session.pk}"')[1].split("</p>")[0]
    assert "menambah 8 JP" in warning and "hanya 4 JP" in warning
    assert "tahun kontrak" in warning
    assert f'data-testid="pppk-cap-warning-{later_session.pk}"' not in html
    assert f'data-testid="enroll-{later_session.pk}"' in html


def test_meeting_link_only_for_participants(client):
    workshop = make_workshop()
    session = make_session(workshop=workshop, capacity=5,
                           online_url="https://rapat.example.go.id/ruang-rahasia")
    enrolled, other = EmployeeFactory(), EmployeeFactory()
    Enrollment.objects.create(session=session, employee=enrolled,
                              status=EnrollmentStatus.ENROLLED)
    client.force_login(other.user)
    assert "ruang-rahasia" not in client.get(workshop.url).content.decode()
    client.force_login(enrolled.user)
    assert "ruang-rahasia" in client.get(workshop.url).content.decode()
    client.force_login(make_hr_user())
    assert "ruang-rahasia" in client.get(workshop.url).content.decode()
    client.logout()
    assert "ruang-rahasia" not in client.get(workshop.url).content.decode()
