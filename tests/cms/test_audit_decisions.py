"""The audit trail records every human decision (docs/audit.md): each test makes one
decision through the real view (or, where the view is a thin form over it, the real
service) and reads back Wagtail's log entry: who, the action, the client address, the
employee it is about and what changed (before → after)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from learning.completion.services import attendance_save, jp_ledger_credit
from learning.models import Enrollment, EnrollmentStatus, JpLedgerSource
from learning.models.completion import Completion
from people.models import EmployeeImportJob
from people.services.employee_import_jobs import employee_import_run
from tests.security.world import world_build

IP = "203.0.113.7"


def entry_for(action: str, instance=None) -> ModelLogEntry:
    entries = ModelLogEntry.objects.filter(action=action)
    if instance is not None:
        entries = entries.filter(content_type=ContentType.objects.get_for_model(instance),
                                 object_id=str(instance.pk))
    assert entries.exists(), f"no {action} entry"
    return entries.latest("pk")


class AuditDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = world_build()

    def post_as(self, user, url: str, data: dict | None = None):
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data or {}, REMOTE_ADDR=IP)

    def assert_entry(self, entry: ModelLogEntry, *, user, before: dict, after: dict,
                     ip: str | None = IP) -> None:
        assert entry.user_id == (user.pk if user else None)
        assert entry.data.get("ip") == ip
        assert entry.data["subject_id"] == self.world.owner.pk
        for key, value in before.items():
            assert entry.data["before"][key] == value, entry.data
        for key, value in after.items():
            assert entry.data["after"][key] == value, entry.data

    def test_enrollment_approval(self):
        w = self.world
        response = self.post_as(w.boss.user, reverse("learning:enrollment_decide",
                                                     args=[w.enrollment.pk]),
                                {"decision": "approve"})
        assert response.status_code == 302
        entry = entry_for("bangkom.enrollment.decide", w.enrollment)
        self.assert_entry(entry, user=w.boss.user, before={"status": "PENDING_APPROVAL"},
                          after={"status": "ENROLLED"})

    def test_enrollment_cancel_is_a_status_change(self):
        w = self.world
        self.post_as(w.owner.user, reverse("learning:enrollment_cancel",
                                           args=[w.enrollment.pk]), {"confirm": "1"})
        entry = entry_for("bangkom.enrollment.status", w.enrollment)
        self.assert_entry(entry, user=w.owner.user, before={"status": "PENDING_APPROVAL"},
                          after={"status": "CANCELLED"})

    def test_external_learning_verification_and_its_jp(self):
        w = self.world
        response = self.post_as(w.hr_employee.user, reverse("learning:external_decide",
                                                            args=[w.external.pk]),
                                {"action": "verify"})
        assert response.status_code == 302
        entry = entry_for("bangkom.external.verify", w.external)
        self.assert_entry(entry, user=w.hr_employee.user, before={"status": "SUBMITTED"},
                          after={"status": "VERIFIED"})
        credit = entry_for("bangkom.jp.credit")
        assert not credit.data.get("before"), "a new credit had nothing before"
        assert credit.user_id == w.hr_employee.user.pk and "jp" in credit.data["after"]

    def test_plan_approval_and_return(self):
        w = self.world
        url = reverse("learning:plan_decide", args=[w.plan.pk])
        self.post_as(w.boss.user, url, {"decision": "return", "comment": "Tambah JP"})
        entry = entry_for("bangkom.plan.return", w.plan)
        self.assert_entry(entry, user=w.boss.user, before={"status": "SUBMITTED"},
                          after={"status": "RETURNED"})
        assert entry.data["comment"] == "Tambah JP"

    def test_attendance_marks(self):
        w = self.world
        session = w.session
        day = timezone.localdate()
        session.starts_at = timezone.now() - dt.timedelta(hours=1)
        session.ends_at = timezone.now()
        session.save()
        Enrollment.objects.filter(pk=w.enrollment.pk).update(status=EnrollmentStatus.ENROLLED)
        attendance_save(session=session, present={w.enrollment.pk: [day]},
                        marked_by=w.hr_employee.user)
        entry = entry_for("bangkom.attendance.mark", w.enrollment)
        self.assert_entry(entry, user=w.hr_employee.user, ip=None,
                          before={day.isoformat(): None}, after={day.isoformat(): True})

    def test_certificate_revoke_withdraws_jp_and_both_are_recorded(self):
        w = self.world
        completion = Completion.objects.get(enrollment=w.enrollment)
        jp_ledger_credit(employee=w.owner, source=JpLedgerSource.COMPLETION,
                         source_ref=completion.pk, jp=Decimal(8),
                         occurred_on=timezone.localdate(), description="Pelatihan")
        self.post_as(w.hr_employee.user, reverse("certificates:hr_revoke",
                                                 args=[w.certificate.pk]),
                     {"reason": "Tidak hadir", "kind": "NOT_ENTITLED"})
        entry = entry_for("bangkom.certificate.revoke", w.certificate)
        self.assert_entry(entry, user=w.hr_employee.user, before={"revoked": False},
                          after={"revoked": True, "kind": "NOT_ENTITLED"})
        assert entry.data["reason"] == "Tidak hadir" and entry.data["jp_withdrawn"] == "8"
        withdrawal = entry_for("bangkom.jp.withdraw")
        self.assert_entry(withdrawal, user=w.hr_employee.user, before={"jp": "8"},
                          after={"jp": 0})

    def test_certificate_regenerate_and_issue(self):
        w = self.world
        self.post_as(w.hr_employee.user, reverse("certificates:hr_regenerate",
                                                 args=[w.certificate.pk]))
        entry = entry_for("bangkom.certificate.regenerate", w.certificate)
        self.assert_entry(entry, user=w.hr_employee.user, before={"number": "MTX/B/0001"},
                          after={})
        issued = entry_for("bangkom.certificate.issue")
        assert issued.data["after"]["number"] == entry.data["after"]["number"] != "MTX/B/0001"
        assert issued.data["supersedes"] == "MTX/B/0001"
        assert issued.user_id == w.hr_employee.user.pk and issued.data["ip"] == IP

    def test_mentoring_confirmation_and_dispute(self):
        w = self.world
        url = reverse("mentoring:session_dispute", args=[w.mentoring_session.pk])
        self.post_as(w.owner.user, url, {"reason": "Tidak pernah bertemu"})
        entry = entry_for("bangkom.mentoring.dispute", w.mentoring_session)
        self.assert_entry(entry, user=w.owner.user, before={"status": "SUBMITTED"},
                          after={"status": "DISPUTED"})

    def test_mentoring_confirmation(self):
        w = self.world
        self.post_as(w.owner.user, reverse("mentoring:session_confirm",
                                           args=[w.mentoring_session.pk]), {"rating": 5})
        entry = entry_for("bangkom.mentoring.confirm", w.mentoring_session)
        self.assert_entry(entry, user=w.owner.user, before={}, after={"status": "CONFIRMED"})

    def test_pair_change(self):
        w = self.world
        self.post_as(w.hr_employee.user, reverse("mentoring:hr_pair_remove", args=[w.pair.pk]),
                     {"reason": "Mutasi"})
        entry = entry_for("bangkom.mentoring.pair", w.pair)
        self.assert_entry(entry, user=w.hr_employee.user,
                          before={"status": "ACTIVE", "mentor": w.boss.name},
                          after={"status": "ENDED"})
        assert entry.data["change"] == "remove"

    def test_employee_import_file_rows_and_outcome(self):
        w = self.world
        # The owner renamed (the world's employee ids are explicit: on PostgreSQL a
        # new row would collide with them).
        body = "nip,nama,golongan,jabatan,unit_kerja\n" \
               f"{w.owner.nip},Oki Pemilik Baru,III/a,Pengolah Data Matriks,Dinas Matriks B\n"
        self.client.force_login(w.hr_employee.user)
        self.client.post(reverse("people:employee_import"),  # queued, not run yet
                         {"file": SimpleUploadedFile("pegawai-2026.csv", body.encode())},
                         REMOTE_ADDR=IP)
        job = EmployeeImportJob.objects.latest("pk")
        employee_import_run(job_id=job.pk)  # as the worker does: no request
        entries = list(ModelLogEntry.objects.filter(
            action="bangkom.import", object_id=str(job.pk),
            content_type=ContentType.objects.get_for_model(job)).order_by("pk"))
        assert [e.data["stage"] for e in entries] == ["queued", "finished"]
        finished = entries[-1]
        assert finished.user_id == w.hr_employee.user.pk
        assert finished.data["file"] == "pegawai-2026.csv"
        assert finished.data["outcome"] == "SUCCEEDED" and finished.data["updated"] == 1
        assert finished.data["ip"] == IP, "the worker keeps the upload's address"
