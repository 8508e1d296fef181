"""The audit trail: every human decision as one of Wagtail's own log entries
(docs/audit.md).

Bangkom records decisions with Wagtail's audit log (`wagtail.log_actions.log`, a
`ModelLogEntry` per decision): HR already reads that log in the admin, Wagtail's own
page, snippet, user and group edits land there too, and one trail is easier to trust
than two. A log entry carries who (`user`), when (`timestamp`), the action and the
object; Bangkom adds to its `data`:

- `ip`: from where, the client address as allauth's login throttle reads it
  (`ALLAUTH_TRUSTED_PROXY_COUNT` behind the proxy), set for every log entry written
  during a request, Wagtail's own included (`AuditContextMiddleware` + the audit app's
  pre_save receiver);
- `before` / `after`: the fields that changed, as plain values;
- `subject_id`: the employee the decision is about (HR filters by person);
- anything else the caller passes (file name, row counts, reason...).

`audit_record` is the one way Bangkom writes an entry. Call it in the service that
makes the decision, inside the same transaction, so a decision is never saved without
its entry nor logged without being saved. Action codes and their labels are data in
`ACTIONS`; the audit app registers them with Wagtail (`register_log_actions`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# Action code → label (English source; Indonesian in the audit app's catalog).
ACTIONS: dict[str, Any] = {
    "bangkom.import": _("Import"),
    "bangkom.enrollment.status": _("Enrollment status change"),
    "bangkom.enrollment.decide": _("Enrollment approval decision"),
    "bangkom.attendance.mark": _("Attendance marked"),
    "bangkom.jp.credit": _("JP credited"),
    "bangkom.jp.withdraw": _("JP withdrawn"),
    "bangkom.external.verify": _("Learning elsewhere verified"),
    "bangkom.external.reject": _("Learning elsewhere rejected"),
    "bangkom.plan.approve": _("Development plan approved"),
    "bangkom.plan.return": _("Development plan returned"),
    "bangkom.mentoring.confirm": _("Mentoring session confirmed"),
    "bangkom.mentoring.dispute": _("Mentoring session disputed"),
    "bangkom.mentoring.pair": _("Mentoring pair change"),
    "bangkom.certificate.issue": _("Certificate issued"),
    "bangkom.certificate.revoke": _("Certificate revoked"),
    "bangkom.certificate.regenerate": _("Certificate regenerated"),
    "bangkom.talent.calibrate": _("Talent calibration"),
    "bangkom.role.change": _("Role or permission change"),
    "bangkom.personal_data.export": _("Personal data downloaded"),
}

_current_request: ContextVar[HttpRequest | None] = ContextVar("bangkom_audit_request",
                                                             default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as allauth's login throttle reads it: REMOTE_ADDR, or
    the address the trusted proxy adds when ALLAUTH_TRUSTED_PROXY_COUNT says there
    is one (the certificate verification's rate limit reads it the same way)."""
    from allauth.account.adapter import get_adapter as get_account_adapter

    try:
        return get_account_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address: record none rather than refuse
        return None


def current_ip() -> str | None:
    """The address of the request being served, None outside a request (a Celery
    job, a management command)."""
    request = _current_request.get()
    if request is None:
        return None
    if not hasattr(request, "_audit_ip"):
        request._audit_ip = client_ip(request)  # type: ignore[attr-defined]
    return request._audit_ip  # type: ignore[attr-defined]


def current_user():  # type: ignore[no-untyped-def]
    """The logged-in user of the request being served, or None."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class AuditContextMiddleware:
    """Remembers the request being served, so every log entry written while serving
    it (by Bangkom's services, by Wagtail, by a receiver on the auth tables) says
    where it came from and, when the writer does not know, who made it, without
    passing the request down to the services. Place it after AuthenticationMiddleware."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def plain(value: object) -> object:
    """A value as JSON keeps it and a person reads it: objects by their name,
    files by their name, dates in ISO, decimals as text, collections element-wise."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        # A person by name, never by NIP (an employee's str carries it).
        return value.name if hasattr(value, "nip") else str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


def changes_between(before: Mapping[str, object], after: Mapping[str, object]
                    ) -> tuple[dict[str, object], dict[str, object]]:
    """Only the fields whose plain value differs, as (before, after)."""
    keys = [k for k in after if plain(before.get(k)) != plain(after.get(k))]
    return ({k: plain(before.get(k)) for k in keys},
            {k: plain(after.get(k)) for k in keys})


def audit_record(instance: models.Model, action: str, *, user=None,  # type: ignore[no-untyped-def]
                 before: Mapping[str, object] | None = None,
                 after: Mapping[str, object] | None = None,
                 subject: models.Model | None = None,
                 request: HttpRequest | None = None, system: bool = False,
                 **extra: object):
    """Record one decision on `instance` by `user` (None: the person whose request
    this is, else the system, e.g. a nightly job; `system=True`: a rule applied by
    Bangkom itself, e.g. a waitlist promotion, whoever's request set it off).
    `before`/`after` hold the fields it changed; `subject` is the employee it is
    about; `extra` anything else worth keeping (file, rows, reason).
    Call it inside the decision's transaction. Returns the ModelLogEntry."""
    from wagtail.log_actions import log

    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r} (config.audit.ACTIONS)")
    data: dict[str, object] = {k: plain(v) for k, v in extra.items()}
    ip = client_ip(request) if request is not None else current_ip()
    if ip:  # else an `ip=` the caller kept from the request (a queued job's upload)
        data["ip"] = ip
    if before is not None:
        data["before"] = plain(before)
    if after is not None:
        data["after"] = plain(after)
    if subject is not None:
        data["subject_id"] = subject.pk
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is None and not system:  # e.g. a receiver on the auth tables
        user = current_user()
    # The object's name as Wagtail stores it, but a person by name only (no NIP).
    return log(instance=instance, action=action, user=user, data=data, title=plain(instance),
               content_changed=before is not None or after is not None)


def audit_ip_first(instance: models.Model) -> str | None:
    """The address the first entry about `instance` came from: a queued job's
    outcome is written by a worker, which has no request, but the upload had one."""
    from wagtail.log_actions import registry

    first = (registry.get_logs_for_instance(instance).filter(data__has_key="ip")
             .order_by("timestamp", "pk").values_list("data", flat=True).first())
    return first.get("ip") if first else None


def audit_import(job: models.Model, *, user, kind: str, file_name: str,  # type: ignore[no-untyped-def]
                 stage: str, **counts: object) -> None:
    """An import's entry: `stage` "queued" when HR uploads the file (from the
    request), "finished" with its outcome and row counts (usually from the worker,
    with the upload's address). Every import runs on a job row (ImportBatch,
    EmployeeImportJob), the object of its entries."""
    ip = None if stage == "queued" else audit_ip_first(job)
    audit_record(job, "bangkom.import", user=user, system=user is None, kind=kind,
                 file=file_name, stage=stage, **({"ip": ip} if ip else {}), **counts)
