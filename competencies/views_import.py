"""HR's upload page for result files (/kompetensi/impor/) and the reference-data
exports. Thin: the form hands the file to competencies.imports.services.

An upload is imported by a Celery job (a 100,000-row file takes about a minute, more
than a browser or gunicorn waits for): the page that started it shows the job's
progress bar (polling import_status) and, when it ends, the summary or the
row-numbered errors. The ImportBatch row records every attempt."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from competencies.imports.columns import OPTIONAL, REQUIRED
from competencies.imports.reference import dictionary_rows, reference_table, standards_rows
from competencies.imports.services.jobs import results_import_enqueue
from competencies.models import ImportBatch, ImportKind, ImportStatus
from config.exports import export_response
from config.jobs.progress import job_progress_response
from config.uploads import UploadError, upload_check_size, upload_limits
from people.roles import user_is_hr


def import_page_get_for_hr(*, user) -> None:
    """Only HR (and superusers) may import or export competency data: raise
    PermissionDenied for anyone else."""
    if not user_is_hr(user):
        raise PermissionDenied


def hr_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        import_page_get_for_hr(user=request.user)
        return view(request, *args, **kwargs)

    return wrapper


class ResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:  # before anything reads it (BANGKOM_UPLOAD_LIMITS)
            upload_check_size(file=upload, limits=upload_limits("competencies"))
        except UploadError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


@hr_only
@require_http_methods(["GET", "POST"])
def results_import_view(request: HttpRequest) -> HttpResponse:
    """Upload appraisals, assessments, job standards or the dictionary (told apart by
    the headers); all-or-nothing, errors listed by row and column. A POST queues the
    import and comes back here with ?batch=<id>, where the job's progress and then
    its outcome are shown."""
    if request.method == "POST":
        form = ResultsImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = results_import_enqueue(
                upload=upload, file_name=upload.name, imported_by=request.user
            )
            return redirect(f"{reverse('competencies:results_import')}?batch={batch.pk}#hasil")
    else:
        form = ResultsImportForm()
    batch = None
    batch_id = request.GET.get("batch", "")
    if batch_id.isdigit():
        batch = ImportBatch.objects.filter(pk=int(batch_id)).first()
    if batch is not None and batch.status == ImportStatus.SUCCEEDED:
        form = ResultsImportForm()
    recent = ImportBatch.objects.select_related("imported_by__employee").order_by(
        "-created_at"
    )[:10]
    return render(
        request,
        "competencies/import/results_import.html",
        {
            "form": form,
            "job": batch,
            "recent": recent,
            "required": {k.label: REQUIRED[k] for k in ImportKind},
            "optional": {k.label: OPTIONAL[k] for k in ImportKind},
        },
        status=422 if batch is not None and batch.status == ImportStatus.FAILED else 200,
    )


@hr_only
@require_GET
def import_status(request: HttpRequest, batch_id: int) -> JsonResponse:
    """The progress of a queued import, polled by the upload page."""
    return job_progress_response(get_object_or_404(ImportBatch, pk=batch_id))


SAMPLES = {
    "penilaian-kinerja": (
        "nip;periode;rating_hasil_kerja;rating_perilaku_kerja;predikat;berorientasi_pelayanan;"
        "akuntabel;kompeten;harmonis;loyal;adaptif;kolaboratif\r\n"
        "19860926 201505 1 001;2026-T1;Di Atas Ekspektasi;Sesuai Ekspektasi;Baik;sesuai;"
        "sesuai;di atas;sesuai;sesuai;sesuai;sesuai\r\n"
        "19900101 201503 2 001;2026-T1;Sesuai Ekspektasi;Di Bawah Ekspektasi;;di bawah;"
        "sesuai;sesuai;sesuai;sesuai;sesuai;di bawah\r\n"
    ),
    "asesmen-kompetensi": (
        "nip;kompetensi;level;sumber;tanggal\r\n"
        "19860926 201505 1 001;M.05;3,5;assessment center;15/03/2026\r\n"
        "19860926 201505 1 001;Integritas;3;atasan langsung;2026-04-01\r\n"
        "19900101 201503 2 001;T.KEP.01;2;diri sendiri;01-04-2026\r\n"
    ),
}


@hr_only
def import_sample(request: HttpRequest, name: str) -> HttpResponse:
    if name not in SAMPLES:
        raise PermissionDenied
    response = HttpResponse("\ufeff" + SAMPLES[name], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contoh-{name}.csv"'
    return response


@hr_only
def reference_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    """Download the dictionary or the job standards as CSV or XLSX (re-importable)."""
    if what not in ("kamus", "standar") or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    headers, rows = dictionary_rows() if what == "kamus" else standards_rows()
    title = _("Competency dictionary") if what == "kamus" else _("Job standards")
    name = "kamus-kompetensi" if what == "kamus" else "standar-kompetensi-jabatan"
    return export_response(tables=reference_table(headers=headers, rows=rows, title=title),
                           filename=name, fmt=fmt)
