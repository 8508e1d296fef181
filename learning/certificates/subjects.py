"""What a certificate is for: a generic subject (kind, reference), as JP ledger entries
have (source, source_ref).

`learning/` issues certificates for workshop completions; `mentoring/` issues them for
completed pairings through the same service without `learning/` importing `mentoring/`:
each app registers its subject kind here from its AppConfig.ready(), with a function
that builds the data the certificate shows (frozen into the certificate at issue):

    from learning.certificates.subjects import CertificateSubject, register_certificate_subject

    @register_certificate_subject(kind="MENTORING")
    def mentoring_pair_subject(ref: str) -> CertificateSubject:
        pair = MentoringPair.objects.select_related(...).get(pk=int(ref))
        return CertificateSubject(employee=pair.mentee, title=..., ...)

An app whose subject credits JP also registers how that JP is withdrawn when HR revokes
the certificate because the person was not entitled to it (the ledger is theirs):

    @register_certificate_jp_withdrawal(kind="MENTORING")
    def mentoring_pair_jp_withdraw(ref: str, *, reason: str, now: datetime) -> JpWithdrawal:
        ...

Then `learning.certificates.services.certificate_issue(subject_kind=..., subject_ref=...)`
(or its task) issues it, idempotently.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# The kind learning/completion registers for workshop completions (reference: the
# enrollment id). Named here, not imported from completion, because the session pages
# of certificates (bulk issue, ZIP, participants) are about workshop sessions; what a
# workshop certificate shows still comes only through the registry.
WORKSHOP = "WORKSHOP"


@dataclass(frozen=True)
class CertificateSubject:
    """The data a certificate shows about what was achieved (the person's own data,
    name, NIP, rank, position, unit, comes from `employee` at issue)."""

    employee: Any  # people.models.Employee
    title: str  # workshop or program name
    start_date: date
    end_date: date
    jp: Decimal
    place: str = ""
    # A recurring training is certified again per completion cycle: the cycle key
    # (e.g. the session id or the year) is part of what makes a certificate unique.
    cycle: str = ""
    extra: dict = field(default_factory=dict)  # more placeholders, documented per kind


SubjectBuilder = Callable[[str], CertificateSubject]

_subjects: dict[str, SubjectBuilder] = {}


def _registrar(registry: dict[str, F], kind: str) -> Callable[[F], F]:
    def decorator(func: F) -> F:
        registry[kind] = func
        return func

    return decorator


def register_certificate_subject(*, kind: str) -> Callable[[SubjectBuilder], SubjectBuilder]:
    return _registrar(_subjects, kind)


def certificate_subject_build(*, kind: str, ref: str) -> CertificateSubject:
    """The subject's data now; raises LookupError for an unknown kind."""
    try:
        builder = _subjects[kind]
    except KeyError:
        raise LookupError(f"No certificate subject kind {kind!r} is registered") from None
    return builder(ref)


def certificate_subject_kinds() -> list[str]:
    return sorted(_subjects)


@dataclass(frozen=True)
class JpWithdrawal:
    """What withdrawing a subject's JP did: the JP taken off the ledger now, and the
    JP left on it because its year's ledger is final."""

    jp: Decimal = Decimal(0)
    kept_final_jp: Decimal = Decimal(0)

    def __add__(self, other: JpWithdrawal) -> JpWithdrawal:
        return JpWithdrawal(jp=self.jp + other.jp,
                            kept_final_jp=self.kept_final_jp + other.kept_final_jp)


JpWithdrawer = Callable[..., JpWithdrawal]  # (ref, *, reason: str, now: datetime)

_jp_withdrawers: dict[str, JpWithdrawer] = {}


def register_certificate_jp_withdrawal(*, kind: str) -> Callable[[JpWithdrawer], JpWithdrawer]:
    return _registrar(_jp_withdrawers, kind)


def certificate_subject_jp_withdraw(*, kind: str, ref: str, reason: str,
                                    now: datetime) -> JpWithdrawal:
    """Withdraw the JP the subject credited (idempotent, in the caller's transaction);
    nothing for a kind that credits no JP."""
    withdrawer = _jp_withdrawers.get(kind)
    if withdrawer is None:
        return JpWithdrawal()
    return withdrawer(ref, reason=reason, now=now)
