"""The shared shape of a job row (abstract: each job keeps its own table).

A job page shows one progress box (templates/includes/job_progress.html) polled by one
script (static/js/job_progress.js) against one JSON shape (config.jobs.progress); all
of them read only what `JobProgressMixin` promises: `status`, `get_status_display()`,
`is_finished`, `percent` (None when unknown), `progress_done`, `progress_total` and
`failure_message`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Long enough for a traceback's last line; the page shows it, the log has the rest.
ERROR_MAX_LENGTH = 2000


class JobStatus(models.TextChoices):
    """The statuses of a chunked job (one that runs as many Celery chunk tasks)."""

    RUNNING = "RUNNING", _("Running")
    DONE = "DONE", _("Done")
    FAILED = "FAILED", _("Failed")


class UploadJobStatus(models.TextChoices):
    """The statuses of an upload job: waiting for the worker, checking the rows, saving
    them (a job whose write is a step of its own), and its outcome."""

    PENDING = "PENDING", _("Waiting")
    RUNNING = "RUNNING", _("Checking rows")
    WRITING = "WRITING", _("Saving")
    SUCCEEDED = "SUCCEEDED", _("Imported")
    FAILED = "FAILED", _("Rejected")


class JobProgressMixin:
    """What the progress box, the polling script and the status endpoint read.

    Jobs whose counts are named after what they count (rows, certificates) say which
    fields those are in `progress_done_field`/`progress_total_field`; their statuses
    may be their own, as long as `final_statuses` lists the ones that end the job."""

    progress_done_field = "done"
    progress_total_field = "total"
    final_statuses: frozenset[str] = frozenset({JobStatus.DONE, JobStatus.FAILED})
    failed_status: str = JobStatus.FAILED
    # The field that records when the job ended (a job without finished_at names its
    # updated_at).
    finished_field = "finished_at"

    @property
    def progress_done(self) -> int:
        return getattr(self, self.progress_done_field)

    @property
    def progress_total(self) -> int | None:
        return getattr(self, self.progress_total_field)

    @property
    def is_finished(self) -> bool:
        return self.status in self.final_statuses

    @property
    def failure_message(self) -> str:
        """Why a failed job failed, for the person who started it."""
        return getattr(self, "error", "") or ""

    @property
    def percent(self) -> int | None:
        total = self.progress_total
        return 100 if not total else min(100, int(self.progress_done * 100 / total))

    @classmethod
    def mark_failed(cls, *, job_id: int, error: str, **fields) -> int:
        """The one failure path: the job ends FAILED with its reason (Indonesian when a
        person reads it) and its end time. Returns the rows changed (0: no such job)."""
        return cls._default_manager.filter(pk=job_id).update(
            status=cls.failed_status, error=error[:ERROR_MAX_LENGTH],
            **{cls.finished_field: timezone.now()}, **fields,
        )


class Job(JobProgressMixin, models.Model):
    """When a job was created and when it ended; newest first."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class StartedJob(Job):
    """A job someone starts from a page (a chunked job, a matching run): who started
    it, and the reason it failed (`mark_failed`)."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    error = models.TextField(_("error"), blank=True)

    class Meta(Job.Meta):
        abstract = True


class ChunkedJob(StartedJob):
    """A job split into chunk tasks over a known number of items: `done` of `total`.

    A subclass names its counts for its reader (redeclaring `total`/`done` with its own
    verbose names keeps the column; `EmployeeChunkedJob` does it for the jobs that go
    over employees), keeps `done` within `total` (`done_within_total`) and has a chunk
    model (`JobChunk`) whose unique (job, number) is what counts each chunk once."""

    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.RUNNING
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    chunk_count = models.PositiveIntegerField(_("chunks"), default=0)

    class Meta(StartedJob.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"#{self.pk} {self.status} {self.done}/{self.total}"

    @classmethod
    def chunk_counted(cls, *, job_id: int, size: int) -> None:
        """Add a finished chunk's items to `done`, and end the job when it reaches
        `total`: both conditional UPDATEs, so concurrent chunks never lose a count and
        only a running job turns DONE (a failed one stays failed)."""
        cls._default_manager.filter(pk=job_id).update(done=F("done") + size)
        cls._default_manager.filter(
            pk=job_id, status=JobStatus.RUNNING, done__gte=F("total")
        ).update(status=JobStatus.DONE, finished_at=timezone.now())


class EmployeeChunkedJob(ChunkedJob):
    """A chunked job over employees (the gap and the recommendation recomputations):
    its progress is employees computed of employees to compute."""

    total = models.PositiveIntegerField(_("employees to compute"), default=0)
    done = models.PositiveIntegerField(_("employees computed"), default=0)

    class Meta(ChunkedJob.Meta):
        abstract = True


def done_within_total(*, name: str) -> models.CheckConstraint:
    """A chunked job's `done` never passes its `total` (each job's Meta.constraints
    lists it under the name its table already has)."""
    return models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name=name)


def chunk_counted_once(*, name: str) -> models.UniqueConstraint:
    """The unique (job, number) of a chunk model: the claim that counts a chunk once."""
    return models.UniqueConstraint(fields=["job", "number"], name=name)


class JobChunk(models.Model):
    """A finished chunk of a chunked job. The subclass adds `job` (a ForeignKey to its
    job, related_name="chunks") and `chunk_counted_once(name=…)` in its constraints:
    inserting this row is the claim that makes a re-delivered chunk task count once."""

    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.job_id}#{self.number}"


class UploadJob(Job):
    """A job that imports one uploaded file, all or nothing (the employee import, the
    competency imports): who uploaded it, in which language its messages are written,
    how far the rows are read and its row-numbered errors.

    A subclass adds `status` (UploadJobStatus's choices, or those of them it uses: a
    job without a separate saving step has no WRITING), `upload` (private storage,
    kept only until the job ends) and its own counts. Reading the rows is the first
    90 % of the bar; the write is one transaction, invisible until it commits. Queue
    and run one with config.jobs.uploads."""

    PENDING, RUNNING, WRITING = (
        UploadJobStatus.PENDING, UploadJobStatus.RUNNING, UploadJobStatus.WRITING
    )
    SUCCEEDED, FAILED = UploadJobStatus.SUCCEEDED, UploadJobStatus.FAILED
    final_statuses = frozenset({SUCCEEDED, FAILED})
    failed_status = FAILED
    progress_done_field = "rows_processed"
    progress_total_field = "rows_total"

    file_name = models.CharField(_("file name"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    # For the progress bar: rows read so far of about `rows_total` (the file's line
    # count or the sheet's declared size; NULL when the file does not say).
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_total = models.PositiveIntegerField(_("rows (estimate)"), null=True, blank=True)
    # [{"row": 3, "column": "nip", "message": "..."}], capped; `error_count` counts all.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("error count"), default=0)

    class Meta(Job.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        """Progress for the bar; None when the row count is unknown."""
        if self.is_finished:
            return 100
        if self.status == self.WRITING:
            return 95
        if self.status == self.PENDING:
            return 0
        if not self.rows_total:
            return None
        return min(90, int(self.rows_processed * 90 / self.rows_total))

    @property
    def failure_message(self) -> str:
        return self.errors[0].get("message", "") if self.errors else ""

    @property
    def hidden_error_count(self) -> int:
        return max(0, self.error_count - len(self.errors or []))

    def upload_discard(self) -> None:
        """Delete a finished job's stored file: it holds NIPs, and nothing reads it once
        the import has ended (HR uploads a corrected file as a new job)."""
        if self.upload:
            self.upload.delete(save=False)
            type(self)._default_manager.filter(pk=self.pk).update(upload="")

    @classmethod
    def mark_failed(cls, *, job_id: int, error: str | None = None, **fields) -> int:
        """The one failure path of an upload job (its task failed for good, or the
        stored file is gone): nothing was written, the reason is the job's one error
        row in the uploader's language, and the file is deleted. A finished job is
        left as it was."""
        from django.utils import translation
        from django.utils.translation import gettext

        job = cls._default_manager.filter(pk=job_id).first()
        if job is None or job.is_finished:
            return 0
        if error is None:
            with translation.override(job.language or settings.LANGUAGE_CODE):
                error = gettext(
                    "The import could not be finished; nothing was written. Upload the file again."
                )
        changed = cls._default_manager.filter(pk=job_id).exclude(
            status__in=cls.final_statuses
        ).update(
            status=cls.failed_status, finished_at=timezone.now(), error_count=1,
            errors=[{"row": 1, "column": "", "message": error[:ERROR_MAX_LENGTH]}], **fields,
        )
        job.refresh_from_db()
        job.upload_discard()
        return changed
