"""Certificate pages: public verification (by QR code or by uploading the PDF), the
owner's download, HR's session page (bulk issue with progress, ZIP), HR's actions
on one certificate (revoke, regenerate) and the template preview.

URL × role: verification pages are public (rate-limited); download: the owner or
HR; everything under hr/: HR only."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from allauth.account.adapter import get_adapter as get_account_adapter
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.guards import request_body_limit
from config.jobs.progress import job_progress_response
from learning.certificates import bulk, selectors, services
from learning.certificates.models import (
    Certificate,
    CertificateJob,
    CertificateTemplate,
    JobKind,
    RevocationKind,
    certificate_storage,
)
from learning.certificates.placeholders import jp_id
from learning.certificates.signing import pdf_signature_report, signer_is_bsre
from people.decorators import employee_required
from people.roles import user_is_hr

UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# The whole request body of an upload: the file and the form around it (a few KB).
UPLOAD_BODY_MAX_BYTES = UPLOAD_MAX_BYTES + 64 * 1024
# Per client address: enough for a person checking a stack of certificates, too few
# to walk the code space (which is 2^160 anyway) or to hash-flood with uploads.
VERIFY_LIMIT_PER_MINUTE = 60
UPLOAD_LIMIT_PER_MINUTE = 10


def _client_ip(request: HttpRequest) -> str:
    """The client's address as allauth's login throttle sees it: behind the
    documented proxy (TRUSTED_PROXY_COUNT) from X-Forwarded-For, or everyone would
    share the proxy's address and one limit."""
    return get_account_adapter(request).get_client_ip(request)


def rate_limited(request: HttpRequest, *, action: str, per_minute: int) -> bool:
    """True once this client has used up `per_minute` for `action` (a fixed
    one-minute window in Django's cache, as allauth does)."""
    key = f"certificates:rl:{action}:{_client_ip(request)}"
    if cache.add(key, 1, timeout=60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=60)
        return False
    return count > per_minute


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/verify_limited.html", status=429)


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Certificate PDF"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB; a certificate is far smaller.")
                % {"mb": UPLOAD_MAX_BYTES // (1024 * 1024)})
        # A PDF starts with %PDF (readers accept it within the first 1024 bytes); an
        # image or document must be told what it is, not that it "does not match".
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise forms.ValidationError(_("This file is not a PDF. Upload the "
                                          "certificate's PDF file."))
        return upload


def _verify_context(verification: selectors.Verification | None) -> dict:
    return {"verification": verification, "tte": signer_is_bsre(),
            "form": VerifyUploadForm()}


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The page a certificate's QR code opens: valid, revoked (with date),
    replaced (with a link to the new one) or expired; name, workshop, dates, JP and
    number only. An unknown code is a plain 404."""
    if rate_limited(request, action="verify", per_minute=VERIFY_LIMIT_PER_MINUTE):
        return _too_many(request)
    verification = selectors.certificate_verify(code=code)
    if verification is None:
        return render(request, "certificates/verify_unknown.html", status=404)
    return render(request, "certificates/verify.html", _verify_context(verification))


@request_body_limit(UPLOAD_BODY_MAX_BYTES)  # refused before CSRF reads the body
@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    """Anyone may upload a PDF and learn whether it is, byte for byte, a certificate
    we issued (its SHA-256), and what its digital signature says."""
    context = {"form": VerifyUploadForm(), "checked": False, "tte": signer_is_bsre()}
    if request.method == "POST":
        if rate_limited(request, action="upload", per_minute=UPLOAD_LIMIT_PER_MINUTE):
            return _too_many(request)
        form = VerifyUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            digest = hashlib.sha256()
            data = b"".join(upload.chunks())
            digest.update(data)
            context.update(
                checked=True, file_name=upload.name,
                verification=selectors.certificate_verify_by_hash(sha256=digest.hexdigest()),
                signature=pdf_signature_report(data),
            )
    return render(request, "certificates/verify_upload.html", context)


@login_required
@require_GET
def download(request: HttpRequest, certificate_id: int) -> FileResponse:
    """The PDF, to its owner (while current) or to HR; 404 for anyone else."""
    certificate = selectors.certificate_get_for_download(
        certificate_id=certificate_id, user=request.user)
    if certificate is None:
        raise Http404
    handle = certificate_storage().open(certificate.pdf.name, "rb")
    return FileResponse(handle, as_attachment=True, content_type="application/pdf",
                        filename=services.certificate_filename(certificate=certificate))


@login_required
@require_GET
@employee_required
def mine(request: HttpRequest) -> HttpResponse:
    from people.roles import employee_for

    me = employee_for(request.user)
    return render(request, "certificates/mine.html",
                  {"certificates": selectors.certificates_for_employee(employee=me)})


# --- HR --------------------------------------------------------------------------


def hr_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not user_is_hr(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@hr_only
@require_GET
def hr_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    return render(request, "certificates/hr_index.html", {
        "sessions": selectors.sessions_with_completions(),
        "query": query,
        "found": selectors.certificates_search_for_hr(query=query),
    })


@hr_only
@require_http_methods(["GET", "POST"])
def hr_session(request: HttpRequest, session_id: int) -> HttpResponse:
    """A session's participants and certificates; POST issues them all (a job with
    a progress bar on this page) or builds the ZIP."""
    from learning.models import WorkshopSession

    session = get_object_or_404(WorkshopSession.objects.select_related("page"),
                                pk=session_id)
    if request.method == "POST":
        if request.POST.get("action") == "zip":
            job = bulk.certificate_zip_start(session_id=session.pk, started_by=request.user)
        else:
            job = bulk.certificate_bulk_issue_start(session_id=session.pk,
                                                    started_by=request.user)
        return redirect(f"{reverse('certificates:hr_session', args=[session.pk])}"
                        f"?job={job.pk}#job")
    job_id = request.GET.get("job", "")
    job = None
    if job_id.isdigit():
        job = CertificateJob.objects.filter(pk=int(job_id), session=session).first()
        if job is not None:
            job = bulk.certificate_job_refresh(job=job)
    return render(request, "certificates/hr_session.html", {
        "session": session,
        "rows": selectors.session_certificate_rows(session_id=session.pk),
        "job": job,
        "last_zip": selectors.certificate_job_latest(session_id=session.pk, kind=JobKind.ZIP),
    })


@hr_only
@require_GET
def hr_job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    job = bulk.certificate_job_refresh(job=get_object_or_404(CertificateJob, pk=job_id))
    return job_progress_response(job)


@hr_only
@require_GET
def hr_job_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = get_object_or_404(CertificateJob.objects.select_related("session__page"),
                            pk=job_id, kind=JobKind.ZIP)
    if not job.file:
        raise Http404
    # The session's day as people read it (TIME_ZONE), not the UTC day.
    day = timezone.localdate(job.session.starts_at)
    name = f"Sertifikat {job.session.page.title} {day:%Y-%m-%d}.zip"
    return FileResponse(certificate_storage().open(job.file.name, "rb"), as_attachment=True,
                        filename=name.replace("/", "-"), content_type="application/zip")


class RevokeForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Why is it revoked?"), choices=RevocationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why the certificate is revoked.")})
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(
        attrs={"rows": 2}), max_length=1000, error_messages={
            "required": gettext_lazy("Give the reason for revoking the certificate.")})


def _revoked_message(revocation: services.Revocation) -> str:
    """What the revocation did to the JP, for HR (the person in the third person)."""
    certificate, withdrawal = revocation.certificate, revocation.withdrawal
    values = {"name": certificate.context.get("name") or certificate.employee.name,
              "jp": jp_id(withdrawal.jp), "kept": jp_id(withdrawal.kept_final_jp)}
    if certificate.revoked_kind == RevocationKind.DATA_ERROR:
        return _("The certificate is revoked. The JP stays credited to %(name)s "
                 "(a data error does not take away JP that were earned).") % values
    parts = [_("The certificate is revoked.")]
    if withdrawal.jp:
        parts.append(_("%(jp)s JP were withdrawn from the JP history of %(name)s.") % values)
    if withdrawal.kept_final_jp:
        parts.append(_("%(kept)s JP stay credited to %(name)s because that year's ledger "
                       "is final.") % values)
    if not withdrawal.jp and not withdrawal.kept_final_jp:
        parts.append(_("No JP of %(name)s were credited for it.") % values)
    return " ".join(parts)


@hr_only
@require_GET
def hr_certificate(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = selectors.certificate_get_for_hr(certificate_id=certificate_id,
                                                   user=request.user)
    if certificate is None:
        raise Http404
    return render(request, "certificates/hr_certificate.html", {
        "certificate": certificate, "form": RevokeForm(),
        "verification": selectors.certificate_verify(code=certificate.code),
    })


@hr_only
@require_POST
def hr_revoke(request: HttpRequest, certificate_id: int) -> HttpResponse:
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            revocation = services.certificate_revoke(
                certificate_id=certificate_id, by=request.user,
                reason=form.cleaned_data["reason"], kind=form.cleaned_data["kind"])
        except services.CertificateError as exc:
            messages.error(request, " ".join(exc.messages))
        except Certificate.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, _revoked_message(revocation))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("certificates:hr_certificate", certificate_id)


@hr_only
@require_POST
def hr_regenerate(request: HttpRequest, certificate_id: int) -> HttpResponse:
    try:
        new = services.certificate_regenerate(certificate_id=certificate_id, by=request.user)
    except services.CertificateError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("certificates:hr_certificate", certificate_id)
    except Certificate.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("A corrected certificate was issued: %(number)s.")
                     % {"number": new.number})
    return redirect("certificates:hr_certificate", new.pk)


@hr_only
@require_GET
def template_preview(request: HttpRequest, template_id: int) -> HttpResponse:
    """The template rendered with sample data, as the PDF HR will get."""
    from learning.certificates.preview import template_preview_pdf

    template = get_object_or_404(CertificateTemplate, pk=template_id)
    pdf = template_preview_pdf(template=template)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="pratinjau-sertifikat.pdf"'
    return response
