"""Workshop completions as certificate subjects (kind "WORKSHOP", reference: the
enrollment id, which stays the same when a correction re-creates the completion).
Registered from LearningConfig.ready()."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from learning.certificates.subjects import (
    WORKSHOP,
    CertificateSubject,
    JpWithdrawal,
    register_certificate_jp_withdrawal,
    register_certificate_subject,
)

__all__ = ["WORKSHOP", "workshop_completion_jp_withdraw", "workshop_completion_subject"]


@register_certificate_subject(kind=WORKSHOP)
def workshop_completion_subject(ref: str) -> CertificateSubject:
    """The completed workshop session of enrollment `ref`; raises
    Completion.DoesNotExist when it is not (or no longer) completed."""
    from learning.completion.services.jp import session_days
    from learning.models import DeliveryMode
    from learning.models.completion import Completion

    completion = Completion.objects.select_related(
        "enrollment__session__page", "enrollment__employee__rank",
        "enrollment__employee__position", "enrollment__employee__unit",
    ).get(enrollment_id=int(ref))
    session = completion.enrollment.session
    days = session_days(session=session)
    place = session.venue
    if not place and session.delivery_mode == DeliveryMode.ONLINE:
        place = "daring"
    return CertificateSubject(
        employee=completion.enrollment.employee,
        title=session.page.title,
        start_date=days[0] if days else timezone.localdate(session.starts_at),
        end_date=days[-1] if days else timezone.localdate(session.ends_at),
        jp=completion.jp_awarded,
        place=place,
    )


@register_certificate_jp_withdrawal(kind=WORKSHOP)
def workshop_completion_jp_withdraw(ref: str, *, reason: str, now: dt.datetime) -> JpWithdrawal:
    """HR revoked the certificate of enrollment `ref` because the person was not
    entitled: withdraw the completion's JP credit (nothing when it has none)."""
    from learning.completion.services.jp_ledger import jp_ledger_withdraw
    from learning.models.completion import Completion, JpLedgerSource

    completion_ids = list(Completion.objects.filter(enrollment_id=int(ref))
                          .values_list("pk", flat=True))
    return jp_ledger_withdraw(source=JpLedgerSource.COMPLETION, source_refs=completion_ids,
                              reason=reason, now=now)
