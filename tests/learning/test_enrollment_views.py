"""Enrollment pages through HTTP: who may do what, forged requests, PRG, queries."""
from __future__ import annotations

import pytest
from django.urls import reverse

from learning.enrollment import services
from learning.models import Enrollment, EnrollmentStatus
from tests.factories import PASSWORD, EmployeeFactory, make_hr_user
from tests.learning.enrollment_factories import make_session, make_workshop, run_on_commit_now

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


@pytest.fixture(autouse=True)
def _tasks_now(monkeypatch):
    run_on_commit_now(monkeypatch)


def login(client, employee_or_user):
    user = getattr(employee_or_user, "user", employee_or_user)
    assert client.login(username=user.username, password=PASSWORD)
    return client


class TestEnrollView:
    def test_enroll_is_post_only_and_redirects_with_a_message(self, client):
        session = make_session(capacity=1)
        me = EmployeeFactory()
        login(client, me)
        url = reverse("learning:enrollment_create", args=[session.pk])
        assert client.get(url).status_code == 405
        response = client.post(url, {"next": "/belajar/pendaftaran-saya/"}, follow=True)
        assert response.redirect_chain[-1][0] == "/belajar/pendaftaran-saya/"
        assert "Anda terdaftar." in response.content.decode()
        # The double click: no second row, a clear message, no 500.
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "Anda sudah ada di sesi ini" in response.content.decode()
        assert Enrollment.objects.filter(session=session).count() == 1

    def test_employee_id_in_post_is_ignored(self, client):
        session = make_session(capacity=3)
        me, victim = EmployeeFactory(), EmployeeFactory()
        login(client, me)
        client.post(reverse("learning:enrollment_create", args=[session.pk]),
                    {"employee_id": victim.pk, "employee": victim.pk})
        assert list(Enrollment.objects.values_list("employee_id", flat=True)) == [me.pk]

    def test_anonymous_is_sent_to_login(self, client):
        session = make_session()
        response = client.post(reverse("learning:enrollment_create", args=[session.pk]))
        assert response.status_code == 302 and "/akun/login/" in response["Location"]
        assert not Enrollment.objects.exists()

    def test_unknown_session_is_404(self, client):
        login(client, EmployeeFactory())
        assert client.post(reverse("learning:enrollment_create", args=[999999])
                           ).status_code == 404

    def test_refusal_shows_the_reason(self, client):
        session = make_session(is_cancelled=True)
        login(client, EmployeeFactory())
        response = client.post(reverse("learning:enrollment_create", args=[session.pk]),
                               follow=True)
        assert "Sesi ini dibatalkan." in response.content.decode()
        assert not Enrollment.objects.exists()

    def test_overlap_asks_to_confirm(self, client):
        me = EmployeeFactory()
        first, second = make_session(capacity=3), make_session(capacity=3)
        services.enrollment_create(session=first, employee=me, enrolled_by=me.user)
        login(client, me)
        url = reverse("learning:enrollment_create", args=[second.pk])
        response = client.post(url)
        assert response.status_code == 200 and "Tetap daftar" in response.content.decode()
        assert not Enrollment.objects.filter(session=second).exists()
        client.post(url, {"confirm_overlap": "1"})
        assert Enrollment.objects.filter(session=second, employee=me).exists()

    def test_open_redirect_is_refused(self, client):
        session = make_session()
        login(client, EmployeeFactory())
        response = client.post(reverse("learning:enrollment_create", args=[session.pk]),
                               {"next": "https://evil.example/"})
        assert "evil" not in response["Location"]


def _one_seat_two_people():
    """A one-seat session: `me` enrolled, `other` on the waitlist."""
    session = make_session(capacity=1)
    me, other = EmployeeFactory(), EmployeeFactory()
    mine = services.enrollment_create(session=session, employee=me, enrolled_by=me.user)
    theirs = services.enrollment_create(session=session, employee=other,
                                        enrolled_by=other.user)
    return session, me, other, mine, theirs


class TestCancelView:
    def test_cancel_own_and_not_anothers(self, client):
        session, me, other, mine, theirs = _one_seat_two_people()
        login(client, other)
        url = reverse("learning:enrollment_cancel", args=[mine.pk])
        assert client.post(url).status_code == 403
        mine.refresh_from_db()
        assert mine.status == S.ENROLLED
        assert client.get(url).status_code == 403  # not even the question
        login(client, me)
        client.post(url, {"confirm": "1"})
        mine.refresh_from_db(), theirs.refresh_from_db()
        assert (mine.status, theirs.status) == (S.CANCELLED, S.ENROLLED)
        assert client.post(reverse("learning:enrollment_cancel", args=[987654])
                           ).status_code == 404

    def test_cancelling_asks_first(self, client):
        """A GET (a forged link, a prefetch) or a POST without the confirmation
        shows the question and changes nothing; the page works without script."""
        session = make_session(capacity=1)
        me = EmployeeFactory()
        mine = services.enrollment_create(session=session, employee=me, enrolled_by=me.user)
        login(client, me)
        url = reverse("learning:enrollment_cancel", args=[mine.pk])
        for response in (client.get(url + "?next=https://evil.example/"),
                         client.post(url, {"next": "/belajar/pendaftaran-saya/"})):
            assert response.status_code == 200
            html = response.content.decode().split("<main")[-1]
            assert "Batalkan pendaftaran?" in html
            assert "Kursi Anda akan diberikan kepada orang berikutnya" in html
            assert 'name="confirm" value="1"' in html
            assert "evil.example" not in html and "<script" not in html
            mine.refresh_from_db()
            assert mine.status == S.ENROLLED
        response = client.post(url, {"confirm": "1", "next": "/belajar/pendaftaran-saya/"},
                               follow=True)
        assert response.redirect_chain[-1][0] == "/belajar/pendaftaran-saya/"
        assert "Pendaftaran Anda dibatalkan." in response.content.decode()
        mine.refresh_from_db()
        assert mine.status == S.CANCELLED

    def test_a_double_click_cancels_once_and_says_so(self, client):
        session, me, _waiting, mine, theirs = _one_seat_two_people()
        assert theirs.status == S.WAITLISTED
        login(client, me)
        url = reverse("learning:enrollment_cancel", args=[mine.pk])
        client.post(url, {"confirm": "1"})
        second = client.post(url, {"confirm": "1"}, follow=True)
        assert "Pendaftaran ini sudah berakhir; tidak ada yang berubah." in (
            second.content.decode())
        theirs.refresh_from_db()
        assert theirs.status == S.ENROLLED  # promoted once
        assert Enrollment.objects.filter(session=session, status=S.CANCELLED).count() == 1
        # The question for an ended enrollment offers no form.
        html = client.get(url).content.decode()
        assert "sudah tidak aktif" in html and 'name="confirm"' not in html

    def test_a_started_session_offers_no_cancel(self, client):
        """"Pendaftaran saya" and the question ask the service's own rule."""
        import datetime as dt

        from django.utils import timezone

        from learning.models import WorkshopSession

        session = make_session(capacity=3)
        me = EmployeeFactory()
        mine = services.enrollment_create(session=session, employee=me, enrolled_by=me.user)
        WorkshopSession.objects.filter(pk=session.pk).update(
            starts_at=timezone.now() - dt.timedelta(minutes=5))
        login(client, me)
        url = reverse("learning:enrollment_cancel", args=[mine.pk])
        assert url not in client.get(reverse("learning:enrollment_mine")).content.decode()
        html = client.get(url).content.decode()
        assert "Sesi sudah dimulai" in html and 'name="confirm"' not in html
        client.post(url, {"confirm": "1"})
        mine.refresh_from_db()
        assert mine.status == S.ENROLLED

    def test_controls_link_to_the_question(self, client):
        session = make_session(capacity=3)
        me = EmployeeFactory()
        mine = services.enrollment_create(session=session, employee=me, enrolled_by=me.user)
        login(client, me)
        html = client.get(reverse("learning:enrollment_mine")).content.decode()
        url = reverse("learning:enrollment_cancel", args=[mine.pk])
        assert f'href="{url}?next=/belajar/pendaftaran-saya/"' in html
        assert f'action="{url}"' not in html  # no one-click cancel form


class TestApprovalViews:
    def _setup(self):
        boss = EmployeeFactory()
        worker = EmployeeFactory(supervisor=boss)
        other_boss = EmployeeFactory()
        EmployeeFactory(supervisor=other_boss)
        session = make_session(workshop=make_workshop(requires_approval=True), capacity=2)
        e = services.enrollment_create(session=session, employee=worker,
                                       enrolled_by=worker.user)
        return boss, worker, other_boss, e

    def test_inbox_lists_direct_reports_only(self, client):
        boss, worker, other_boss, e = self._setup()
        page = login(client, boss).get(reverse("learning:enrollment_approvals"))
        assert worker.name in page.content.decode()
        client.logout()
        page = login(client, other_boss).get(reverse("learning:enrollment_approvals"))
        assert worker.name not in page.content.decode()

    def test_other_supervisor_cannot_decide(self, client):
        _, _, other_boss, e = self._setup()
        login(client, other_boss)
        response = client.post(reverse("learning:enrollment_decide", args=[e.pk]),
                               {"decision": "approve"})
        assert response.status_code == 403
        e.refresh_from_db()
        assert e.status == S.PENDING_APPROVAL

    def test_employee_cannot_approve_own_request(self, client):
        _, worker, _, e = self._setup()
        login(client, worker)
        assert client.post(reverse("learning:enrollment_decide", args=[e.pk]),
                           {"decision": "approve"}).status_code == 403

    def test_reject_without_reason_then_with(self, client):
        boss, _, _, e = self._setup()
        login(client, boss)
        url = reverse("learning:enrollment_decide", args=[e.pk])
        response = client.post(url, {"decision": "reject"}, follow=True)
        assert "Tuliskan alasan penolakan." in response.content.decode()
        e.refresh_from_db()
        assert e.status == S.PENDING_APPROVAL
        client.post(url, {"decision": "reject", "reason": "Jadwal bentrok"})
        e.refresh_from_db()
        assert e.status == S.REJECTED and e.decision_reason == "Jadwal bentrok"

    def test_hr_decides_for_employees_without_supervisor(self, client):
        loner = EmployeeFactory()
        session = make_session(workshop=make_workshop(requires_approval=True))
        e = services.enrollment_create(session=session, employee=loner, enrolled_by=loner.user)
        login(client, make_hr_user())
        assert loner.name in client.get(reverse("learning:enrollment_approvals")
                                         ).content.decode()
        client.post(reverse("learning:enrollment_decide", args=[e.pk]), {"decision": "approve"})
        e.refresh_from_db()
        assert e.status == S.ENROLLED

    def test_inbox_queries_constant(self, client, django_assert_max_num_queries):
        boss = EmployeeFactory()
        login(client, boss)
        counts = []
        for n in (1, 5):
            for _ in range(n):
                w = EmployeeFactory(supervisor=boss)
                s = make_session(workshop=make_workshop(requires_approval=True))
                services.enrollment_create(session=s, employee=w, enrolled_by=w.user)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("learning:enrollment_approvals")).status_code == 200
            counts.append(len(ctx))
        assert counts[0] == counts[1], counts


class TestBulkView:
    def test_employee_gets_403(self, client):
        session = make_session()
        login(client, EmployeeFactory())
        url = reverse("learning:enrollment_bulk", args=[session.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"nips": "x"}).status_code == 403

    def test_hr_bulk_paste_report_in_indonesian(self, client):
        session = make_session(capacity=1, workshop=make_workshop(requires_approval=True))
        a, b = EmployeeFactory(), EmployeeFactory()
        login(client, make_hr_user())
        url = reverse("learning:enrollment_bulk", args=[session.pk])
        # The seats as every page reads them (sessions_with_seats), before and after.
        assert '<span data-testid="bulk-seats">1 kursi tersisa</span>' in (
            client.get(url).content.decode())
        response = client.post(url, {"nips": f"{a.nip}\n{b.nip}\n123"})
        html = response.content.decode()
        assert '<span data-testid="bulk-seats">Penuh</span>' in html
        assert "1 terdaftar, 1 masuk daftar tunggu, 1 ditolak." in html
        assert "Tidak ada pegawai dengan NIP ini." in html
        assert Enrollment.objects.get(employee=a).status == S.ENROLLED  # HR: no approval

    def test_malformed_file_writes_nothing(self, client):
        from django.core.files.uploadedfile import SimpleUploadedFile

        session = make_session()
        login(client, make_hr_user())
        response = client.post(reverse("learning:enrollment_bulk", args=[session.pk]),
                               {"file": SimpleUploadedFile("x.csv", b"nama\nBudi\n")})
        assert "kolom “nip”" in response.content.decode()
        assert not Enrollment.objects.exists()


class TestMyEnrollmentsAndPanel:
    def test_my_enrollments_shows_waitlist_position(self, client, django_assert_max_num_queries):
        session = make_session(capacity=1)
        first, me = EmployeeFactory(), EmployeeFactory()
        services.enrollment_create(session=session, employee=first, enrolled_by=first.user)
        services.enrollment_create(session=session, employee=me, enrolled_by=me.user)
        login(client, me)
        html = client.get(reverse("learning:enrollment_mine")).content.decode()
        assert "urutan ke-1" in html

    def test_home_panel_counts_requests_for_the_supervisor(self, client):
        boss = EmployeeFactory()
        worker = EmployeeFactory(supervisor=boss)
        session = make_session(workshop=make_workshop(requires_approval=True))
        services.enrollment_create(session=session, employee=worker, enrolled_by=worker.user)
        login(client, boss)
        html = client.get("/").content.decode()
        assert "1 permintaan pendaftaran menunggu keputusan Anda" in html
        client.logout()
        login(client, worker)
        html = client.get("/").content.decode()
        assert "Menunggu persetujuan" in html

    def test_panel_constant_queries(self):
        from django.db import connection
        from django.test import RequestFactory
        from django.test.utils import CaptureQueriesContext

        from learning.enrollment.panels import enrollment_panel

        me = EmployeeFactory()
        counts = []
        for n in (1, 4):
            for _ in range(n):
                s = make_session(capacity=1)
                services.enrollment_create(session=s, employee=me, enrolled_by=me.user,
                                           acknowledge_overlap=True)
            request = RequestFactory().get("/")
            request.user = type(me.user).objects.get(pk=me.user.pk)
            with CaptureQueriesContext(connection) as ctx:
                enrollment_panel(request)
            counts.append(len(ctx))
        assert counts[0] == counts[1], counts
