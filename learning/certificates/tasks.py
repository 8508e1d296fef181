"""Certificate tasks: thin, keyed by subject or job id, idempotent (re-running or
retrying leaves the same state: one certificate per subject, one ZIP per job)."""
from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)

__all__ = ["certificate_issue_task", "certificate_zip_build_task"]


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5,
    soft_time_limit=60, time_limit=90,
)
def certificate_issue_task(subject_kind: str, subject_ref: str) -> int | None:
    """Issue (and render) the certificate of one subject; enqueue with
    `certificate_issue_task.delay_on_commit(kind, ref)`. Idempotent. Returns the
    certificate id, or None when the subject no longer exists."""
    from learning.certificates.services import CertificateSubjectMissing, certificate_issue

    try:
        return certificate_issue(subject_kind=subject_kind, subject_ref=str(subject_ref)).pk
    except CertificateSubjectMissing:
        logger.info("No certificate: %s %s no longer exists", subject_kind, subject_ref)
        return None


@shared_task(acks_late=True, soft_time_limit=8 * 60, time_limit=10 * 60)
def certificate_zip_build_task(job_id: int) -> None:
    """Build a session's PDFs into one ZIP for HR. Re-running rebuilds the same ZIP."""
    from learning.certificates.bulk import certificate_zip_build

    certificate_zip_build(job_id=job_id)
