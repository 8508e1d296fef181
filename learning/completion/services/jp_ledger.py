"""The JP ledger: credits (idempotent by source and reference), HR's withdrawal of
a credit the person was not entitled to, and when a year's ledger is final. Workshop
completions, learning done elsewhere and mentoring (source MENTORING) all credit
through here."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.audit import audit_record, plain
from learning.certificates.subjects import JpWithdrawal
from learning.models import LearningForm
from learning.models.completion import JpLedgerEntry
from people.models import Employee


def jp_ledger_credit(
    *,
    employee: Employee,
    source: str,
    source_ref: int,
    jp: Decimal,
    occurred_on: dt.date,
    description: str,
    learning_form: LearningForm | None = None,
) -> JpLedgerEntry:
    """Credit JP to the employee's ledger for the year of `occurred_on`.

    Idempotent: (source, source_ref) is unique, so crediting the same completion,
    external learning or mentoring session again updates the one entry instead of
    adding a second. The mentoring app calls this with source=MENTORING. Recorded in
    the audit trail when the credit is new or its JP or date changed, as done by the
    person whose request led to it (else the system)."""
    old = (JpLedgerEntry.objects.filter(source=source, source_ref=source_ref)
           .values("jp", "occurred_on").first())
    entry, _created = JpLedgerEntry.objects.update_or_create(
        source=source,
        source_ref=source_ref,
        defaults={
            "employee": employee,
            "year": occurred_on.year,
            "jp": jp,
            "occurred_on": occurred_on,
            "description": description[:300],
            "learning_form": learning_form,
        },
    )
    if entry.withdrawn_at is not None and entry.jp:
        # HR withdrew this credit (jp_ledger_withdraw); a recalculation of the same
        # completion or session must not credit it again.
        JpLedgerEntry.objects.filter(pk=entry.pk).update(jp=0, withdrawn_jp=jp)
        entry.jp, entry.withdrawn_jp = Decimal(0), jp
    new = {"jp": entry.jp, "occurred_on": entry.occurred_on}
    if old is None or plain(old) != plain(new):
        audit_record(entry, "bangkom.jp.credit", subject=employee, before=old, after=new,
                     source=source, source_ref=source_ref, description=entry.description)
    return entry


@transaction.atomic
def jp_ledger_withdraw(
    *, source: str, source_refs: list[int], reason: str, now: dt.datetime | None = None,
) -> JpWithdrawal:
    """Withdraw the credits (source, ref) because the person was not entitled to them
    (HR revoked the certificate for it). The entries stay, read as withdrawn with the
    date and `reason` on the JP history; their JP no longer counts (jp becomes 0, the
    amount is kept in withdrawn_jp). Idempotent: an entry withdrawn already is left as
    it is. A final year's ledger (jp_ledger_is_final) keeps its credits, as for every
    correction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    entries = list(JpLedgerEntry.objects.select_for_update().filter(
        source=source, source_ref__in=source_refs, withdrawn_at__isnull=True))
    open_ids = [e.pk for e in entries if not jp_ledger_is_final(occurred_on=e.occurred_on,
                                                                 today=today)]
    if open_ids:
        JpLedgerEntry.objects.filter(pk__in=open_ids).update(
            withdrawn_at=now, withdrawn_jp=F("jp"), jp=0, withdrawn_reason=reason[:400])
    for entry in entries:
        if entry.pk in open_ids:
            audit_record(entry, "bangkom.jp.withdraw", subject=Employee(pk=entry.employee_id),
                         before={"jp": entry.jp}, after={"jp": 0}, reason=reason)
    return JpWithdrawal(
        jp=sum((e.jp for e in entries if e.pk in open_ids), Decimal(0)),
        kept_final_jp=sum((e.jp for e in entries if e.pk not in open_ids), Decimal(0)),
    )


def jp_ledger_is_final(*, occurred_on: dt.date, today: dt.date | None = None) -> bool:
    """A year's ledger is final once the year is over (local time): reports for it
    have gone out, so later corrections no longer remove credits from it."""
    today = today or timezone.localdate()
    return occurred_on.year < today.year
