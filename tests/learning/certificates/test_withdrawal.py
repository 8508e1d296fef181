"""A completion undone by a correction (attendance or score) withdraws its
certificate: verification says revoked (HR sees why). Earned again, a new certificate
replaces it. Through the real attendance roster and the issuing task."""
from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.certificates.models import Certificate
from learning.certificates.services import certificate_revoke, certificate_withdraw
from learning.completion.certificate_subject import WORKSHOP
from learning.completion.services import attendance_save, session_days
from learning.models.completion import Completion
from tests.factories import EmployeeFactory, make_hr_user
from tests.learning.completion_world import enroll, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certificate_media")]


def _roster(session, enrollment, hr, *, present: bool, django_capture_on_commit_callbacks):
    days = session_days(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        attendance_save(session=session, present={enrollment.pk: days if present else []},
                        marked_by=hr)


def _status(client, certificate) -> str:
    html = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    return html.split('data-status="')[1].split('"')[0]


def test_withdrawn_with_the_completion_then_replaced_when_earned_again(
        client, django_capture_on_commit_callbacks):
    hr = make_hr_user()
    session = make_session(title="Pelatihan Kearsipan")
    enrollment = enroll(EmployeeFactory(name="Rina Kusuma"), session)
    _roster(session, enrollment, hr, present=True,
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    first = Certificate.objects.get(subject_kind=WORKSHOP, subject_ref=str(enrollment.pk))
    assert first.is_ready and _status(client, first) == "VALID"

    # The roster is corrected: she was not there after all.
    _roster(session, enrollment, hr, present=False,
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert not Completion.objects.filter(enrollment=enrollment).exists()
    first.refresh_from_db()
    assert first.is_revoked and first.withdrawn and first.revoked_by is None
    assert _status(client, first) == "REVOKED"
    # Why, in Indonesian, for HR (the public page says only revoked, with the date).
    assert "kelulusan dibatalkan" in first.revoked_reason
    assert certificate_withdraw(subject_kind=WORKSHOP, subject_ref=str(enrollment.pk)) == 0

    # Corrected again: she was there. A new certificate, with a new number, replaces it.
    _roster(session, enrollment, hr, present=True,
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    second = Certificate.objects.current().get(subject_kind=WORKSHOP,
                                                subject_ref=str(enrollment.pk))
    assert second.pk != first.pk and second.supersedes_id == first.pk
    assert second.number != first.number and second.is_ready
    assert _status(client, second) == "VALID"
    assert _status(client, first) == "SUPERSEDED"


def test_a_certificate_hr_revoked_stays_revoked(django_capture_on_commit_callbacks):
    """Only a withdrawal is undone by earning again; HR's own revocation is not."""
    hr = make_hr_user()
    session = make_session()
    enrollment = enroll(EmployeeFactory(), session)
    _roster(session, enrollment, hr, present=True,
            django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get()
    certificate_revoke(certificate_id=certificate.pk, by=hr, reason="Data peserta keliru",
                       kind="DATA_ERROR", now=timezone.now())
    from learning.certificates.services import certificate_issue

    again = certificate_issue(subject_kind=WORKSHOP, subject_ref=str(enrollment.pk))
    assert again.pk == certificate.pk and again.is_revoked and not again.withdrawn
    assert Certificate.objects.count() == 1
