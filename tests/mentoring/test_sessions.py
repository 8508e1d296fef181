"""Sessions: logged by the mentor, confirmed or disputed by the mentee; JP credited
only after confirmation and only once; the monthly cap; the fit question; the
mentor's final assessment reaching the gap analysis; reminders once a week."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from competencies.models import Assessment, AssessmentSource, CompetencyGap
from home.templatetags.durations import duration_text
from learning.models import JpLedgerEntry, JpLedgerSource
from mentoring import services
from mentoring.models import MentoringReminder, PairStatus, SessionStatus
from tests.mentoring.world import one_pair

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 9, 7)


@pytest.fixture
def world():
    return one_pair("T.SES", "Hendra Mentor", "Dewi Mentee")


def log(pair, held_on=DAY, **kw):
    return services.session_log(pair=pair, held_on=held_on, duration_minutes=90,
                                mode="IN_PERSON", topics="Analisis data", notes="Rahasia",
                                **kw)


def ledger(learner):
    return JpLedgerEntry.objects.filter(employee=learner, source=JpLedgerSource.MENTORING)


class SessionConfirmationTests:
    def test_nothing_is_credited_until_the_mentee_confirms(self, world,
                                                           django_capture_on_commit_callbacks):
        _prog, _comp, _mentor, learner, pair = world
        with django_capture_on_commit_callbacks(execute=True):
            session = log(pair)
        assert session.status == SessionStatus.SUBMITTED
        assert not ledger(learner).exists()
        assert [m.to for m in mail.outbox] == [[learner.email]]
        assert "Konfirmasi" in mail.outbox[0].subject or "konfirmasi" in mail.outbox[0].subject

        services.session_confirm(session_id=session.pk, rating=5)
        entry = ledger(learner).get()
        assert entry.jp == Decimal("2.0") and entry.source_ref == session.pk
        assert entry.occurred_on == DAY and entry.learning_form.code == "mentoring"

    def test_confirming_twice_credits_once(self, world):
        *_rest, learner, pair = world
        session = log(pair)
        services.session_confirm(session_id=session.pk)
        services.session_confirm(session_id=session.pk)
        assert ledger(learner).count() == 1

    def test_at_most_the_programs_sessions_a_month_earn_jp(self, world):
        prog, _comp, _mentor, learner, pair = world
        sessions = [log(pair, held_on=DAY + dt.timedelta(days=i)) for i in range(3)]
        for s in sessions:
            services.session_confirm(session_id=s.pk)
        assert [e.jp for e in ledger(learner).order_by("source_ref")] == [
            Decimal("2.0"), Decimal("2.0"), Decimal("0.0")]
        october = log(pair, held_on=dt.date(2026, 10, 1))
        assert services.session_confirm(session_id=october.pk).jp_awarded == prog.jp_per_session

    def test_a_disputed_session_goes_back_to_the_mentor_and_counts_nothing(
        self, world, django_capture_on_commit_callbacks
    ):
        *_rest, mentor, learner, pair = world
        session = log(pair)
        with pytest.raises(ValidationError):
            services.session_dispute(session_id=session.pk, reason="  ")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.session_dispute(session_id=session.pk, reason="Kami bertemu 30 menit saja")
        session.refresh_from_db()
        assert session.status == SessionStatus.DISPUTED
        assert mentor.email in mail.outbox[0].to
        assert not ledger(learner).exists()
        services.session_update(session_id=session.pk, held_on=DAY, duration_minutes=30,
                                mode="ONLINE", topics="Analisis data")
        session.refresh_from_db()
        assert session.status == SessionStatus.SUBMITTED and session.dispute_reason == ""
        services.session_confirm(session_id=session.pk)
        # 30 minutes are less than one 45-minute JP: nothing more than the minutes allow.
        assert ledger(learner).get().jp == Decimal("0")

    def test_a_confirmed_session_can_be_neither_disputed_nor_changed(self, world):
        *_rest, pair = world
        session = log(pair)
        services.session_confirm(session_id=session.pk)
        with pytest.raises(ValidationError):
            services.session_dispute(session_id=session.pk, reason="Terlambat")
        with pytest.raises(ValidationError):
            services.session_update(session_id=session.pk, held_on=DAY, duration_minutes=60,
                                    mode="ONLINE", topics="x")

    def test_sessions_need_an_active_pair_and_a_plausible_date(self, world):
        prog, _comp, _mentor, _learner, pair = world
        with pytest.raises(ValidationError):
            log(pair, held_on=dt.date(2099, 1, 1))
        with pytest.raises(ValidationError):
            log(pair, held_on=prog.start_date - dt.timedelta(days=1))
        pair.status = PairStatus.PROPOSED
        pair.save()
        with pytest.raises(ValidationError):
            log(pair)

    def test_evidence_is_private_and_checked(self, world, settings):
        from config.storage import private_storage

        *_rest, pair = world
        fake = SimpleUploadedFile("bukti.pdf", b"not a pdf at all", content_type="application/pdf")
        with pytest.raises(ValidationError):
            log(pair, evidence=fake)
        pdf = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n",
                                 content_type="application/pdf")
        session = log(pair, evidence=pdf)
        path = session.evidence.path
        assert path.startswith(str(private_storage().location))
        assert not path.startswith(str(settings.MEDIA_ROOT).rstrip("/") + "/")
        session.evidence.delete(save=False)


class FitAndCompletionTests:
    def test_fit_is_asked_after_the_first_confirmed_session_and_no_alerts_hr(
        self, world, django_capture_on_commit_callbacks
    ):
        from tests.factories import make_hr_user

        *_rest, mentor, learner, pair = world
        hr = make_hr_user("hr.fit")
        with pytest.raises(ValidationError):
            services.pair_fit_answer(pair_id=pair.pk, employee=learner, good_fit=False)
        services.session_confirm(session_id=log(pair).pk)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.pair_fit_answer(pair_id=pair.pk, employee=learner, good_fit=False)
            services.pair_fit_answer(pair_id=pair.pk, employee=mentor, good_fit=True)
        pair.refresh_from_db()
        assert (pair.mentor_fit, pair.mentee_fit) == (True, False)
        assert len(mail.outbox) == 1  # HR only, for the "no"
        assert hr.email in mail.outbox[0].to
        assert not {mentor.email, learner.email} & set(mail.outbox[0].to)

    def test_the_mentor_assessment_reaches_the_gap_analysis(
        self, world, django_capture_on_commit_callbacks
    ):
        _prog, comp, _mentor, learner, pair = world
        assert CompetencyGap.objects.get(employee=learner, competency=comp).gap == Decimal("1.5")
        goal = services.goal_add(pair=pair, competency=comp,
                                 success_criteria="Menyusun dasbor data sendiri")
        with pytest.raises(ValidationError):  # no confirmed session yet
            services.pair_complete(pair_id=pair.pk, levels={goal.pk: Decimal("3")}, met={})
        services.session_confirm(session_id=log(pair).pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.pair_complete(pair_id=pair.pk, levels={goal.pk: Decimal("3.5")},
                                   met={goal.pk: True}, today=dt.date(2026, 12, 1))
        pair.refresh_from_db()
        assert pair.status == PairStatus.COMPLETED
        assessment = Assessment.objects.get(employee=learner, source=AssessmentSource.MENTOR)
        assert assessment.level == Decimal("3.5") and assessment.competency == comp
        gap = CompetencyGap.objects.get(employee=learner, competency=comp)
        assert gap.assessed_level > Decimal("1.5")  # the mentor's 3.5 now weighs in
        assert "MENTOR" in str(gap.explanation)

    def test_completion_needs_a_level_for_every_goal(self, world):
        _prog, comp, _mentor, _learner, pair = world
        goal = services.goal_add(pair=pair, competency=comp, success_criteria="x")
        services.session_confirm(session_id=log(pair).pk)
        with pytest.raises(ValidationError):
            services.pair_complete(pair_id=pair.pk, levels={goal.pk: None}, met={})
        with pytest.raises(ValidationError):
            services.pair_complete(pair_id=pair.pk, levels={goal.pk: Decimal("7")}, met={})

    def test_the_certificate_subject_of_a_completed_pair(self, world):
        from learning.certificates.subjects import certificate_subject_build

        _prog, comp, mentor, learner, pair = world
        goal = services.goal_add(pair=pair, competency=comp, success_criteria="x")
        services.session_confirm(session_id=log(pair).pk)
        with pytest.raises(LookupError):
            certificate_subject_build(kind="MENTORING", ref=str(pair.pk))
        services.pair_complete(pair_id=pair.pk, levels={goal.pk: Decimal("3")}, met={})
        subject = certificate_subject_build(kind="MENTORING", ref=str(pair.pk))
        assert subject.employee == learner and subject.jp == Decimal("2.0")
        assert subject.start_date == DAY and subject.extra["mentor"] == mentor.name
        assert subject.extra["hours"] == duration_text(90)

    def test_a_completed_pairing_gets_its_certificate(
        self, world, django_capture_on_commit_callbacks, settings, tmp_path
    ):
        """Issue 12: a completed pairing is what a certificate is issued for."""
        from learning.certificates.models import Certificate

        settings.MEDIA_ROOT = str(tmp_path)
        _prog, comp, _mentor, learner, pair = world
        goal = services.goal_add(pair=pair, competency=comp, success_criteria="x")
        services.session_confirm(session_id=log(pair).pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.pair_complete(pair_id=pair.pk, levels={goal.pk: Decimal("3")}, met={})
        certificate = Certificate.objects.get(subject_kind="MENTORING", subject_ref=str(pair.pk))
        assert certificate.employee_id == learner.pk and certificate.sha256


class ReminderTests:
    def test_idle_and_confirmation_reminders_are_sent_once_a_week(self, world):
        _prog, _comp, mentor, learner, pair = world
        today = dt.date(2026, 11, 2)
        waiting = log(pair, held_on=dt.date(2026, 10, 1))
        type(waiting).objects.filter(pk=waiting.pk).update(
            updated_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
        mail.outbox.clear()
        assert services.reminders_send(today=today) == 2  # idle (4 weeks) + waiting
        assert {tuple(m.to) for m in mail.outbox} == {(mentor.email,), (learner.email,)}
        assert services.reminders_send(today=today + dt.timedelta(days=1)) == 0
        assert MentoringReminder.objects.count() == 2
        assert services.reminders_send(today=today + dt.timedelta(days=7)) == 2
