"""Who may see which competency profile and HR's analysis: per role, forged ids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from competencies.gaps.access import gap_profile_get_for_viewer
from competencies.gaps.services import gaps_recompute_for_employees
from competencies.models import Predicate
from tests.competencies.test_gaps_world import TODAY, appraise, assess, employee_in, world_build
from tests.factories import make_hr_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """boss → mid → staff (a chain of supervision); other sits outside it."""
    world = world_build()
    boss = employee_in(world, name="Bu Kepala")
    mid = employee_in(world, name="Pak Tengah", supervisor=boss)
    staff = employee_in(world, name="Sdr Staf", supervisor=mid)
    other = employee_in(world, name="Ibu Lain")
    for e in (boss, mid, staff, other):
        assess(e, world.m1, "2.0", "SUPERVISOR", TODAY - dt.timedelta(days=2))
    appraise(staff, "2026", predicate=Predicate.BUTUH_PERBAIKAN)
    appraise(other, "2026", predicate=Predicate.SANGAT_KURANG)
    gaps_recompute_for_employees(employee_ids=[boss.pk, mid.pk, staff.pk, other.pk])
    return {"boss": boss, "mid": mid, "staff": staff, "other": other, "hr": make_hr_user()}


def profile_url(employee) -> str:
    return reverse("competencies:employee_profile", args=[employee.pk])


class TestProfileAccessRule:
    @pytest.mark.parametrize(
        ("viewer", "target", "allowed"),
        [
            ("staff", "staff", True),
            ("staff", "mid", False),
            ("staff", "boss", False),
            ("staff", "other", False),
            ("mid", "staff", True),
            ("mid", "boss", False),
            ("mid", "other", False),
            ("boss", "mid", True),
            ("boss", "staff", True),
            ("boss", "other", False),
            ("other", "staff", False),
            ("hr", "other", True),
            ("hr", "boss", True),
        ],
    )
    def test_rule(self, org, viewer, target, allowed):
        user = org[viewer] if viewer == "hr" else org[viewer].user
        found = gap_profile_get_for_viewer(employee_id=org[target].pk, user=user)
        assert (found is not None) is allowed

    def test_unknown_id_is_none_even_for_hr(self, org):
        assert gap_profile_get_for_viewer(employee_id=987654, user=org["hr"]) is None


class TestProfilePages:
    def test_own_profile_shows_own_appraisal(self, client, org):
        client.force_login(org["staff"].user)
        page = client.get(reverse("competencies:my_profile")).content.decode()
        assert "Sdr Staf" in page and "Butuh Perbaikan" in page

    @pytest.mark.parametrize("target", ["boss", "mid", "other"])
    def test_employee_cannot_open_someone_elses_profile(self, client, org, target):
        """Forged ids: the other person's appraisal and gaps stay hidden (404)."""
        client.force_login(org["staff"].user)
        response = client.get(profile_url(org[target]))
        assert response.status_code == 404
        assert b"Sangat Kurang" not in response.content

    def test_forged_nonexistent_id(self, client, org):
        client.force_login(org["boss"].user)
        assert client.get("/kompetensi/pegawai/99999999/").status_code == 404

    def test_supervisor_opens_indirect_report_not_outsider(self, client, org):
        client.force_login(org["boss"].user)
        assert client.get(profile_url(org["staff"])).status_code == 200
        assert client.get(profile_url(org["other"])).status_code == 404

    def test_hr_opens_anyone(self, client, org):
        client.force_login(org["hr"])
        page = client.get(profile_url(org["other"]))
        assert page.status_code == 200 and "Sangat Kurang" in page.content.decode()

    def test_hr_without_employee_record_has_no_own_profile(self, client, org):
        client.force_login(org["hr"])
        response = client.get(reverse("competencies:my_profile"))  # explained, not 404
        assert response.status_code == 403
        assert "tidak terhubung dengan data pegawai" in response.content.decode()

    def test_anonymous_is_sent_to_login(self, client, org):
        response = client.get(reverse("competencies:my_profile"))
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


class TestTeamPage:
    def test_supervisor_sees_direct_and_indirect_reports_only(self, client, org):
        client.force_login(org["boss"].user)
        page = client.get(reverse("competencies:team")).content.decode()
        assert "Pak Tengah" in page and "Sdr Staf" in page
        assert "Ibu Lain" not in page and f'data-employee="{org["boss"].pk}"' not in page

    def test_middle_supervisor_sees_only_below(self, client, org):
        client.force_login(org["mid"].user)
        page = client.get(reverse("competencies:team")).content.decode()
        assert "Sdr Staf" in page and "Bu Kepala" not in page

    def test_employee_without_reports_is_refused(self, client, org):
        client.force_login(org["staff"].user)
        assert client.get(reverse("competencies:team")).status_code == 403


class TestHrOnlyPages:
    @pytest.mark.parametrize(
        ("method", "url"),
        [
            ("get", "/kompetensi/analisis/"),
            ("get", "/kompetensi/analisis/ekspor.csv"),
            ("get", "/kompetensi/analisis/ekspor.xlsx"),
            ("get", "/kompetensi/analisis/daftar-pegawai.csv"),
            ("post", "/kompetensi/analisis/hitung-ulang/"),
        ],
    )
    @pytest.mark.parametrize("who", ["staff", "boss"])
    def test_refused_to_non_hr(self, client, org, method, url, who):
        client.force_login(org[who].user)
        assert getattr(client, method)(url).status_code == 403

    def test_job_status_refused_to_non_hr(self, client, org):
        from competencies.models import GapRecomputeJob

        job = GapRecomputeJob.objects.create(total=1)
        client.force_login(org["boss"].user)
        assert client.get(f"/kompetensi/analisis/hitung-ulang/{job.pk}/").status_code == 403

    def test_hr_reaches_them(self, client, org):
        client.force_login(org["hr"])
        assert client.get("/kompetensi/analisis/").status_code == 200
        assert client.get("/kompetensi/analisis/ekspor.csv").status_code == 200
        assert client.get("/kompetensi/analisis/ekspor.pdf").status_code == 404
