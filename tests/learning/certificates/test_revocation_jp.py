"""HR revokes a certificate with a kind of reason that decides its JP: "not entitled"
withdraws the JP the completion credited (through the subject registry, in the same
transaction), "data error" keeps it. The JP history shows the withdrawn entry with
the date and reason; revoking twice withdraws once."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.certificates.models import Certificate, RevocationKind
from learning.certificates.placeholders import jp_id
from learning.certificates.services import CertificateError, certificate_revoke
from learning.completion.selectors.jp import jp_summary_for
from learning.completion.services import attendance_save, session_days
from learning.models.completion import JpLedgerEntry
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.completion_world import enroll, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_media")]


def _completed_with_certificate(django_capture_on_commit_callbacks, *, name="Rina Kusuma"):
    """A participant marked present on the real roster: completion, its JP credited,
    certificate issued by the task."""
    hr = make_hr_user()
    session = make_session(title="Pelatihan Kearsipan")
    employee = EmployeeFactory(name=name)
    enrollment = enroll(employee, session)
    with django_capture_on_commit_callbacks(execute=True):
        attendance_save(session=session, present={enrollment.pk: session_days(session=session)},
                        marked_by=hr)
    credited = JpLedgerEntry.objects.get(employee=employee).jp
    assert credited > 0
    return hr, employee, Certificate.objects.get(), credited


def _total(employee) -> Decimal:
    return jp_summary_for(employee=employee, year=timezone.localdate().year).total


def test_not_entitled_withdraws_the_jp_once(django_capture_on_commit_callbacks):
    hr, employee, certificate, credited = _completed_with_certificate(
        django_capture_on_commit_callbacks)
    assert _total(employee) == credited

    revocation = certificate_revoke(
        certificate_id=certificate.pk, by=hr, kind=RevocationKind.NOT_ENTITLED,
        reason="Kehadiran tidak memenuhi 80%")
    assert revocation.withdrawal.jp == credited
    assert _total(employee) == Decimal(0)
    entry = JpLedgerEntry.objects.get(employee=employee)
    assert entry.withdrawn_at is not None and entry.withdrawn_jp == credited
    assert certificate.number in entry.withdrawn_reason
    assert "Kehadiran tidak memenuhi 80%" in entry.withdrawn_reason

    # Twice (a double click, a retried request): refused, nothing withdrawn again.
    with pytest.raises(CertificateError):
        certificate_revoke(certificate_id=certificate.pk, by=hr,
                           kind=RevocationKind.NOT_ENTITLED, reason="lagi")
    entry.refresh_from_db()
    assert entry.withdrawn_jp == credited and entry.jp == 0
    assert _total(employee) == Decimal(0)


def test_a_recalculated_completion_keeps_the_jp_withdrawn(django_capture_on_commit_callbacks):
    """The roster saved again (the completion re-credited) must not bring the JP back."""
    hr, employee, certificate, credited = _completed_with_certificate(
        django_capture_on_commit_callbacks)
    certificate_revoke(certificate_id=certificate.pk, by=hr,
                       kind=RevocationKind.NOT_ENTITLED, reason="Tidak berhak")
    from learning.completion.services import jp_ledger_credit

    entry = JpLedgerEntry.objects.get(employee=employee)
    jp_ledger_credit(employee=employee, source=entry.source, source_ref=entry.source_ref,
                     jp=credited, occurred_on=entry.occurred_on, description="x")
    assert _total(employee) == Decimal(0)


def test_data_error_keeps_the_jp(django_capture_on_commit_callbacks):
    hr, employee, certificate, credited = _completed_with_certificate(
        django_capture_on_commit_callbacks)
    revocation = certificate_revoke(
        certificate_id=certificate.pk, by=hr, kind=RevocationKind.DATA_ERROR,
        reason="Nama salah ketik")
    assert revocation.certificate.is_revoked and revocation.withdrawal.jp == 0
    assert _total(employee) == credited
    assert JpLedgerEntry.objects.get(employee=employee).withdrawn_at is None


def test_a_final_years_ledger_keeps_its_jp(django_capture_on_commit_callbacks):
    hr, employee, certificate, credited = _completed_with_certificate(
        django_capture_on_commit_callbacks)
    next_year = timezone.now() + dt.timedelta(days=400)
    revocation = certificate_revoke(
        certificate_id=certificate.pk, by=hr, kind=RevocationKind.NOT_ENTITLED,
        reason="Tidak berhak", now=next_year)
    assert revocation.withdrawal.jp == 0 and revocation.withdrawal.kept_final_jp == credited
    assert _total(employee) == credited


def test_revoke_form_requires_a_kind_and_tells_hr_about_the_jp(
        client, django_capture_on_commit_callbacks):
    hr, employee, certificate, credited = _completed_with_certificate(
        django_capture_on_commit_callbacks)
    client.force_login(hr)
    url = reverse("certificates:hr_revoke", args=[certificate.pk])
    page = reverse("certificates:hr_certificate", args=[certificate.pk])
    html = client.get(page).content.decode()
    assert "Tidak berhak" in html and "Kesalahan data" in html

    response = client.post(url, {"reason": "Tidak hadir"}, follow=True)
    assert "Pilih alasan pencabutan sertifikat." in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked and _total(employee) == credited

    response = client.post(url, {"reason": "Tidak hadir", "kind": "NOT_ENTITLED"}, follow=True)
    html = response.content.decode()
    assert f"{jp_id(credited)} JP ditarik dari riwayat JP Rina Kusuma." in html
    certificate.refresh_from_db()
    assert certificate.revoked_kind == RevocationKind.NOT_ENTITLED
    assert 'data-testid="revoked-kind"' in html and _total(employee) == 0


def test_the_jp_page_shows_the_entry_as_withdrawn(client, django_capture_on_commit_callbacks):
    hr, employee, certificate, credited = _completed_with_certificate(
        django_capture_on_commit_callbacks)
    when = dt.datetime(timezone.localdate().year, 12, 3, 23, 30,
                       tzinfo=dt.UTC)  # 4 December in Jakarta
    certificate_revoke(certificate_id=certificate.pk, by=hr,
                       kind=RevocationKind.NOT_ENTITLED, reason="Kehadiran kurang", now=when)
    client.force_login(employee.user)
    html = client.get(reverse("learning:jp_history")).content.decode()
    row = html.split('data-testid="jp-withdrawn"')[1].split("</tr>")[0]
    assert "Ditarik" in row
    assert f"pada 4 Desember {when.year}: sertifikat {certificate.number} dicabut: " \
           "Kehadiran kurang" in row
    assert f"<s>{jp_id(credited)}</s> 0" in row


def test_a_mentoring_pairs_jp_is_withdrawn_through_its_registration(
        django_capture_on_commit_callbacks):
    """Certificates know mentoring only through the subject registry: revoking a
    pairing's certificate as not entitled withdraws every confirmed session's JP."""
    from mentoring import services as mentoring
    from tests.mentoring.world import active_pair, competency, mentee, person, program, recompute

    comp = competency("T.REV")
    pair = active_pair(program([comp]), person("Hendra Mentor", levels={comp: 5}),
                       learner := mentee("Dewi Mentee", needs={comp: (3, 1.5)}))
    recompute(learner)
    goal = mentoring.goal_add(pair=pair, competency=comp, success_criteria="x")
    for day in (dt.date(2026, 9, 7), dt.date(2026, 9, 14)):
        mentoring.session_confirm(session_id=mentoring.session_log(
            pair=pair, held_on=day, duration_minutes=90, mode="IN_PERSON",
            topics="Analisis data", notes="").pk)
    with django_capture_on_commit_callbacks(execute=True):
        mentoring.pair_complete(pair_id=pair.pk, levels={goal.pk: Decimal("3")}, met={})
    certificate = Certificate.objects.get(subject_kind="MENTORING")
    credited = sum(e.jp for e in JpLedgerEntry.objects.filter(employee=learner))
    assert credited > 0

    revocation = certificate_revoke(
        certificate_id=certificate.pk, by=make_hr_user(), kind=RevocationKind.NOT_ENTITLED,
        reason="Sesi tidak pernah berlangsung",
        now=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
    assert revocation.withdrawal.jp == credited
    entries = JpLedgerEntry.objects.filter(employee=learner)
    assert entries.count() == 2 and all(e.jp == 0 and e.withdrawn_at for e in entries)
