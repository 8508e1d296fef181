"""HR's bulk jobs for a workshop session: issue every participant's certificate
(one small keyed task each, on the shared queue) and build one ZIP of the PDFs.

Progress is counted from the database (certificates rendered, files packed), not
by tasks incrementing a counter, so a retried task never counts twice."""
from __future__ import annotations

import logging
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from learning.certificates.models import (
    Certificate,
    CertificateJob,
    JobKind,
    JobStatus,
    certificate_storage,
)
from learning.certificates.subjects import WORKSHOP
from people.models import User

logger = logging.getLogger(__name__)


def _session_completed_refs(*, session_id: int) -> list[str]:
    from learning.models import Enrollment

    return [str(pk) for pk in Enrollment.objects.filter(
        session_id=session_id, completion__isnull=False).order_by("pk")
        .values_list("pk", flat=True)]


def certificate_bulk_issue_start(*, session_id: int, started_by: User) -> CertificateJob:
    """Queue the certificate of every completed participant of the session (those
    already issued are skipped by the idempotent task). Returns the job whose
    progress the page shows."""
    from learning.certificates.tasks import certificate_issue_task

    refs = _session_completed_refs(session_id=session_id)
    job = CertificateJob.objects.create(kind=JobKind.ISSUE, session_id=session_id,
                                        subject_refs=refs, total=len(refs),
                                        started_by=started_by)
    for ref in refs:
        certificate_issue_task.delay_on_commit(WORKSHOP, ref)
    if not refs:
        CertificateJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
        job.refresh_from_db()
    return job


def certificate_job_refresh(*, job: CertificateJob) -> CertificateJob:
    """Bring an issue job's progress up to date from the certificates (one query);
    a ZIP job reports its own progress."""
    if job.kind != JobKind.ISSUE or job.is_finished:
        return job

    done = Certificate.objects.current().filter(
        subject_kind=WORKSHOP, subject_ref__in=job.subject_refs).exclude(sha256="").count()
    status = JobStatus.DONE if done >= job.total else JobStatus.RUNNING
    if (done, status) != (job.done, job.status):
        CertificateJob.objects.filter(pk=job.pk).update(done=done, status=status,
                                                        updated_at=timezone.now())
        job.done, job.status = done, status
    return job


def certificate_zip_start(*, session_id: int, started_by: User) -> CertificateJob:
    from learning.certificates.tasks import certificate_zip_build_task

    with transaction.atomic():
        job = CertificateJob.objects.create(kind=JobKind.ZIP, session_id=session_id,
                                            started_by=started_by)
        certificate_zip_build_task.delay_on_commit(job.pk)
    return job


def certificate_zip_build(*, job_id: int) -> CertificateJob:
    """Pack the session's current, unrevoked certificate PDFs into one ZIP (entries
    named after person and number), stored through the certificate storage.
    Re-running rebuilds it and replaces the file."""
    from learning.certificates.services import certificate_filename

    job = CertificateJob.objects.get(pk=job_id)
    refs = _session_completed_refs(session_id=job.session_id)
    certificates = list(Certificate.objects.current().filter(
        subject_kind=WORKSHOP, subject_ref__in=refs, revoked_at__isnull=True)
        .exclude(sha256="").order_by("number"))
    CertificateJob.objects.filter(pk=job.pk).update(total=len(certificates), done=0,
                                                    status=JobStatus.RUNNING)
    storage = certificate_storage()
    try:
        with tempfile.TemporaryFile() as spool:
            used: set[str] = set()
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for n, certificate in enumerate(certificates, start=1):
                    name = certificate_filename(certificate=certificate)
                    while name in used:  # same person and number cannot repeat; be safe
                        name = name.removesuffix(".pdf") + "-1.pdf"
                    used.add(name)
                    with storage.open(certificate.pdf.name, "rb") as pdf:
                        archive.writestr(name, pdf.read())
                    if n % 25 == 0:
                        CertificateJob.objects.filter(pk=job.pk).update(done=n)
            spool.seek(0)
            if job.file:
                storage.delete(job.file.name)
            saved = storage.save(f"certificates/zip/session-{job.session_id}-job-{job.pk}.zip",
                                 File(spool))
    except Exception as exc:
        logger.exception("Certificate ZIP job %s failed", job.pk)
        CertificateJob.mark_failed(job_id=job.pk, error=str(exc)[:500])
        raise
    CertificateJob.objects.filter(pk=job.pk).update(
        file=saved, done=len(certificates), status=JobStatus.DONE, updated_at=timezone.now())
    job.refresh_from_db()
    return job
