"""Enrollment views: thin. They check who asks, call one service or selector, and
redirect after POST (PRG) with a message."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learning.enrollment import bulk, selectors, services
from learning.enrollment.forms import BulkEnrollForm, DecisionForm
from learning.models import ACTIVE_STATUSES, EnrollmentStatus
from people.decorators import employee_required
from people.models import Employee
from people.roles import employee_for
from people.selectors import employee_can_be_seen_by


def _next_path(request: HttpRequest, fallback: str) -> str:
    """Where to return: `next` from the form (or the link that opened a confirmation
    page) when it is on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return target


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next_path(request, fallback))


def _session_url(session) -> str:
    return session.page.url or reverse("learning:enrollment_mine")


def _may_cancel(enrollment, *, now) -> bool:
    return selectors.enrollment_may_cancel(
        status=enrollment.status, session_cancelled=enrollment.session.is_cancelled,
        starts_at=enrollment.session.starts_at, now=now)


def _status_message(enrollment) -> str:
    if enrollment.status == EnrollmentStatus.ENROLLED:
        return _("You are enrolled.")
    if enrollment.status == EnrollmentStatus.PENDING_APPROVAL:
        return _("Your request was sent to your supervisor for approval. Your seat is "
                 "held until the deadline.")
    return _("The session is full: you are on the waitlist.")


@login_required
@require_POST
def enroll(request: HttpRequest, session_id: int) -> HttpResponse:
    """Enroll the current user. Whom to enroll comes from the login only: any
    employee id in the POST is ignored."""
    passed = selectors.passed_restriction_ids_of(request)
    session = selectors.session_get_for_enrollment(
        session_id=session_id, user=request.user, passed_restriction_ids=passed)
    me = employee_for(request.user)
    if me is None:
        raise PermissionDenied
    fallback = _session_url(session)
    try:
        result = services.enrollment_enroll(
            session=session, employee=me, enrolled_by=request.user,
            acknowledge_overlap=request.POST.get("confirm_overlap") == "1",
            passed_restriction_ids=passed,
        )
    except services.OverlapWarning as warning:
        return render(request, "learning/enrollment/confirm_overlap.html", {
            "session": session, "warning": warning.messages[0],
            "overlapping": warning.overlapping, "next": request.POST.get("next") or fallback,
        })
    except services.EnrollmentError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, fallback)
    if result.created and result.enrollment.status == EnrollmentStatus.ENROLLED:
        messages.success(request, _status_message(result.enrollment))
    elif result.created:
        messages.warning(request, _status_message(result.enrollment))
    else:
        messages.info(request, _("You are already in this session (%(status)s).")
                      % {"status": result.enrollment.get_status_display()})
    return _back(request, fallback)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    """Cancelling asks first. The "Cancel enrollment" control is a link to this
    page (no script needed, nothing for the CSP to block), which says what will be
    lost and holds the form; only that form's POST, carrying `confirm=1`, cancels.
    A GET (a forged link, a prefetch) or a POST without it only shows the question;
    the form posted twice (a double click) finds the enrollment already cancelled
    and says so."""
    enrollment = selectors.enrollment_get_for_owner(
        enrollment_id=enrollment_id, user=request.user
    )
    next_path = _next_path(request, reverse("learning:enrollment_mine"))
    was_active = enrollment.status in ACTIVE_STATUSES
    now = timezone.now()
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.enrollment_cancel(enrollment=enrollment, cancelled_by=request.user)
        except services.EnrollmentError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if was_active:
                messages.success(request, _("Your enrollment is cancelled."))
            else:
                messages.info(request, _("This enrollment was already ended; nothing changed."))
        return HttpResponseRedirect(next_path)
    return render(request, "learning/enrollment/confirm_cancel.html", {
        "enrollment": enrollment, "next": next_path, "is_active": was_active,
        "may_cancel": _may_cancel(enrollment, now=now),
    })


@login_required
@employee_required
def my_enrollments(request: HttpRequest) -> HttpResponse:
    me = employee_for(request.user)
    if me is None:
        raise PermissionDenied
    enrollments = list(selectors.enrollments_for_employee(employee=me))
    from learning.certificates.selectors import workshop_certificates_by_enrollment

    certificates = workshop_certificates_by_enrollment(employee=me)
    now = timezone.now()
    for enrollment in enrollments:
        enrollment.certificate = certificates.get(enrollment.pk)
        enrollment.may_cancel = _may_cancel(enrollment, now=now)
    return render(request, "learning/enrollment/my_enrollments.html",
                  {"enrollments": enrollments, "now": now})


@login_required
def employee_enrollments(request: HttpRequest, employee_id: int) -> HttpResponse:
    """A team member's enrollments, read-only, for their supervisors and HR (404 for
    anyone else, so ids don't leak)."""
    employee = Employee.objects.with_org().filter(pk=employee_id).first()
    if employee is None or not employee_can_be_seen_by(employee=employee, user=request.user):
        raise Http404
    enrollments = list(selectors.enrollments_for_employee(employee=employee))
    return render(request, "learning/enrollment/my_enrollments.html",
                  {"enrollments": enrollments, "now": timezone.now(), "viewed": employee})


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The approver's inbox: pending requests of their direct reports (HR: of
    employees without a supervisor)."""
    requests_ = list(selectors.approval_requests_for(user=request.user))
    return render(request, "learning/enrollment/approvals.html",
                  {"requests": requests_, "form": DecisionForm()})


@login_required
@require_POST
def decide(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = selectors.enrollment_get_for_approver(
        enrollment_id=enrollment_id, user=request.user
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(reverse("learning:enrollment_approvals"))
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.enrollment_decide(
            enrollment=enrollment, decided_by_user=request.user, approve=approve,
            reason=form.cleaned_data["reason"],
        )
    except services.EnrollmentError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (_("Approved: %(name)s.") if approve else _("Rejected: %(name)s."))
            % {"name": enrollment.employee.name},
        )
    return HttpResponseRedirect(reverse("learning:enrollment_approvals"))


@login_required
def bulk_enroll(request: HttpRequest, session_id: int) -> HttpResponse:
    """HR enrolls many employees in one session by NIP; a per-row report follows."""
    session = selectors.session_get_for_hr(session_id=session_id, user=request.user)
    report = None
    if request.method == "POST":
        form = BulkEnrollForm(request.POST, request.FILES)
        if form.is_valid():
            report = bulk.enrollment_bulk_create(
                session=session, rows=form.cleaned_data["rows"], enrolled_by=request.user
            )
            form = BulkEnrollForm()
            # Seats as they are now, after the enrollments.
            session = selectors.session_get_for_hr(session_id=session_id, user=request.user)
    else:
        form = BulkEnrollForm()
    counts = None
    if report is not None:
        counts = {k: sum(1 for r in report if r.outcome == k)
                  for k in ("enrolled", "waitlisted", "refused")}
    return render(request, "learning/enrollment/bulk_enroll.html", {
        "session": session, "form": form, "report": report, "counts": counts,
    })
