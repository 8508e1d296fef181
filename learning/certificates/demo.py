"""Demo certificates: the README's demo employee (NIP 199405202019032004) finds the
certificates of their completed workshops on the home page at first login.
Idempotent (certificate_issue is), and honest: issued through the real service for
whatever completions the demo data holds, nothing made up."""
from __future__ import annotations

from learning.certificates.services import CertificateSubjectMissing, certificate_issue
from learning.completion.certificate_subject import WORKSHOP
from learning.models.completion import Completion
from people.demo import DEMO_NIPS

DEMO_EMPLOYEE_NIP = DEMO_NIPS["employee"]  # 199405202019032004
TEMPLATE_DEFAULTS = {
    "issue_place": "Sukamaju",
    "signatory_name": "Drs. H. Suryadi Pranoto, M.Si.",
    "signatory_title": "Kepala BKPSDM Kabupaten Sukamaju",
    "signatory_nip": "197003121995031002",
}


def seed_demo(*, stdout) -> None:
    from learning.certificates.services import certificate_template_default

    template = certificate_template_default(subject_kind=WORKSHOP)
    if not template.signatory_name:
        for field, value in TEMPLATE_DEFAULTS.items():
            setattr(template, field, value)
        template.save()
    refs = Completion.objects.filter(
        enrollment__employee__nip=DEMO_EMPLOYEE_NIP).values_list("enrollment_id", flat=True)
    issued = 0
    for ref in refs:
        try:
            certificate_issue(subject_kind=WORKSHOP, subject_ref=str(ref))
            issued += 1
        except CertificateSubjectMissing:
            continue
    stdout.write(f"learning.certificates.demo: {issued} certificates for the demo employee")
