from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.jobs.progress import job_progress_response
from people.decorators import no_employee_response
from people.forms import EmployeeImportForm
from people.models import Employee, EmployeeImportJob, ImportJobStatus
from people.personal_data import (
    PersonalDataTooLarge,
    personal_data_archive,
    personal_data_export_log,
    personal_data_filename,
    personal_data_subject_get_for_requester,
)
from people.roles import employee_for, user_is_hr
from people.selectors import employee_team_ids
from people.services.employee_import.validation import REQUIRED_COLUMNS
from people.services.employee_import_jobs import employee_import_enqueue
from people.services.employees import employee_deactivate, employee_reactivate
from people.team_columns import team_links, team_rows


def admin_login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's and Django admin's logins go through allauth, which rate-limits
    attempts per IP and per account (field notes: the admin logins do not).

    A logged-in user is sent here only when the admin refused them: answer 403
    instead of redirecting, or /cms/ → login → /cms/ would loop."""
    if request.user.is_authenticated:
        raise PermissionDenied
    next_url = request.GET.get("next", "/cms/")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def frontend_login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's front-end login (/_util/login/, a plain Django LoginView with no
    throttle) answered by allauth's login, keeping where to go next. allauth sends a
    logged-in visitor straight on to `next`."""
    next_url = request.GET.get("next", "/")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def password_change_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Django admin's password change checks the old password without a throttle;
    allauth's (/akun/password/change/) limits wrong guesses per account."""
    return HttpResponseRedirect(reverse("account_change_password"))


def password_reset_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail admin's password reset sends an email per request without limit;
    allauth's is limited per IP and per address, and uses Bangkom's templates."""
    return HttpResponseRedirect(reverse("account_reset_password"))


def view_restriction_password_throttled(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Wagtail's page and document privacy passwords ("this page needs a password")
    are checked by plain views with no limit. Count every submitted password per
    client IP (allauth's rate limiter, action `view_restriction_password` in
    ACCOUNT_RATE_LIMITS): a correct one marks the session and needs no second try."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST" and not ratelimit.consume(
            request, action="view_restriction_password"
        ):
            return ratelimit.respond_429(request)
        return view(request, *args, **kwargs)

    wrapper.rate_limit_action = "view_restriction_password"  # type: ignore[attr-defined]
    return wrapper


def hr_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login page; logged in but not HR → 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not user_is_hr(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.rate_limit_action = "view_restriction_password"  # type: ignore[attr-defined]
    return wrapper


TEAM_PAGE_SIZE = 50


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """A supervisor's direct and indirect reports; HR sees every employee."""
    me = employee_for(request.user)
    if user_is_hr(request.user):
        members = Employee.objects.all()
    else:
        team_ids = employee_team_ids(supervisor=me) if me else set()
        if not team_ids:
            raise PermissionDenied
        members = Employee.objects.filter(pk__in=team_ids)
    query = request.GET.get("q", "").strip()
    if query:
        members = members.filter(
            Q(name__icontains=query) | Q(nip__icontains=query.replace(" ", ""))
        )
    page = Paginator(
        members.with_org().order_by("unit__name", "name", "pk"), TEAM_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    columns, rows = team_rows(list(page.object_list))
    return render(request, "people/team.html", {
        "page_obj": page, "members": page.object_list, "me": me, "query": query,
        "is_hr_view": user_is_hr(request.user), "columns": columns, "rows": rows,
        "links": team_links(),
    })


@hr_required
@require_http_methods(["GET", "POST"])
def employee_status(request: HttpRequest, employee_id: int) -> HttpResponse:
    """HR deactivates an employee (every right ends at once; the login too when
    ticked) or reactivates one. HR cannot deactivate their own record here."""
    employee = get_object_or_404(Employee.objects.with_org().select_related("user"),
                                 pk=employee_id)
    is_self = employee.user_id == request.user.pk
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "deactivate" and not is_self:
            employee_deactivate(employee=employee, end_login=bool(request.POST.get("end_login")))
            messages.success(request, _("%(name)s is no longer active.") % {"name": employee.name})
        elif action == "reactivate":
            employee_reactivate(employee=employee,
                                restore_login=bool(request.POST.get("restore_login")))
            messages.success(request, _("%(name)s is active again.") % {"name": employee.name})
        else:
            messages.error(request, _("Nothing was changed: choose an action."))
        return HttpResponseRedirect(reverse("people:employee_status", args=[employee.pk]))
    return render(request, "people/employee_status.html", {
        "employee": employee, "is_self": is_self,
        "login_active": bool(employee.user and employee.user.is_active),
    })


@hr_required
@require_http_methods(["GET", "POST"])
def employee_import_view(request: HttpRequest) -> HttpResponse:
    """HR uploads a CSV/XLSX of employees. The import runs as a Celery job: a POST
    queues it and comes back here with ?job=<id>, where its progress bar and then
    its outcome (summary or row-numbered errors; all-or-nothing) are shown."""
    if request.method == "POST":
        form = EmployeeImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = employee_import_enqueue(
                upload=upload, file_name=upload.name, imported_by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            return HttpResponseRedirect(f"{reverse('people:employee_import')}?job={job.pk}#hasil")
    else:
        form = EmployeeImportForm()
    job = None
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        job = EmployeeImportJob.objects.filter(pk=int(job_id)).first()
    failed = job is not None and job.status == ImportJobStatus.FAILED
    recent = EmployeeImportJob.objects.select_related("imported_by__employee").order_by(
        "-created_at")[:10]
    return render(request, "people/employee_import.html", {
        "form": form, "job": job, "recent": recent, "required_columns": REQUIRED_COLUMNS,
    }, status=422 if failed else 200)


@hr_required
@require_GET
def employee_import_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """The progress of a queued employee import, polled by the upload page."""
    return job_progress_response(get_object_or_404(EmployeeImportJob, pk=job_id))


SAMPLE_CSV = (
    "nip;nama;golongan;jabatan;unit_kerja;unit_induk;jenis_pegawai;nip_atasan;email;"
    "tmt_kontrak;tempat_lahir\r\n"
    "19750312 200003 1 002;Drs. Agus Salim, M.Si.;IV/b;Kepala Bidang Mutasi dan Promosi;"
    "Bidang Mutasi dan Promosi;BKPSDM;PNS;;agus.salim@pemda.go.id;;Garut\r\n"
    "19900101 201503 2 001;Siti Rahmawati, S.E.;III/b;Analis SDM Aparatur Ahli Pertama;"
    "Bidang Mutasi dan Promosi;BKPSDM;PNS;19750312 200003 1 002;siti.rahmawati@pemda.go.id;"
    ";\r\n"
    "19950817 202201 2 001;Nur Aini, S.Pd.;IX;Guru Ahli Pertama;Dinas Pendidikan;;PPPK;;;"
    "2022-01-01;Sukamaju\r\n"
)


@hr_required
def employee_import_sample(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("\ufeff" + SAMPLE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contoh-impor-pegawai.csv"'
    return response


@login_required
@require_POST
def personal_data_download(request: HttpRequest, employee_id: int | None = None) -> HttpResponse:
    """The ZIP of everything Bangkom holds about a person: one's own, or (HR) anyone's.
    A POST, because every download is recorded in the audit trail. Built in the
    request: one person's rows are a few hundred and the archive is made in well under
    a second (docs/personal-data.md), with bounds that refuse a runaway one."""
    found = personal_data_subject_get_for_requester(employee_id=employee_id, user=request.user)
    if found is None:
        if employee_id is None:
            return no_employee_response(request)
        raise Http404
    employee, requested_by = found
    try:
        archive = personal_data_archive(employee=employee, requested_by=requested_by)
    except PersonalDataTooLarge:
        messages.error(request, _("This person's data is too large to download at once; "
                                  "ask the system administrator for a copy."))
        return HttpResponseRedirect("/")
    personal_data_export_log(employee=employee, user=request.user, requested_by=requested_by)
    return FileResponse(archive, as_attachment=True, content_type="application/zip",
                        filename=personal_data_filename(employee))
