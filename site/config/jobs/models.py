"""The shared shape of a job row (abstract: each job keeps its own table).

A job page shows one progress box (templates/includes/job_progress.html) polled by one
script (static/js/job_progress.js) against one JSON shape (config.jobs.progress); all
of them read only what `JobProgressMixin` promises: `status`, `get_status_display()`,
`is_finished`, `percent` (None when unknown), `progress_done`, `progress_total` and
`error`."""

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


class JobProgressMixin:
    """What the progress box, the polling script and the status endpoint read.

    Jobs whose counts are named after what they count (rows, certificates) say which
    fields those are in `progress_done_field`/`progress_total_field`; their statuses
    may be their own, as long as `final_statuses` lists the ones that end the job."""

    progress_done_field = "done"
    progress_total_field = "total"
    final_statuses: frozenset[str] = frozenset({JobStatus.DONE, JobStatus.FAILED})
    failed_status: str = JobStatus.FAILED

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
    def percent(self) -> int | None:
        total = self.progress_total
        return 100 if not total else min(100, int(self.progress_done * 100 / total))

    @classmethod
    def mark_failed(cls, *, job_id: int, error: str, **fields) -> int:
        """The one failure path: the job ends FAILED with its reason (Indonesian when a
        person reads it) and its end time. Returns the rows changed (0: no such job)."""
        return cls._default_manager.filter(pk=job_id).update(
            status=cls.failed_status, error=error[:ERROR_MAX_LENGTH],
            finished_at=timezone.now(), **fields,
        )


class ChunkedJob(JobProgressMixin, models.Model):
    """A job split into chunk tasks over a known number of items: `done` of `total`.

    A subclass names its counts for its reader (redeclaring `total`/`done` with its own
    verbose names keeps the column) and has a chunk model (`JobChunk`) whose unique
    (job, number) is what counts each chunk once."""

    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.RUNNING
    )
    total = models.PositiveIntegerField(_("to do"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    chunk_count = models.PositiveIntegerField(_("chunks"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.status} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)

    @classmethod
    def chunk_counted(cls, *, job_id: int, size: int) -> None:
        """Add a finished chunk's items to `done`, and end the job when it reaches
        `total`: both conditional UPDATEs, so concurrent chunks never lose a count and
        only a running job turns DONE (a failed one stays failed)."""
        cls._default_manager.filter(pk=job_id).update(done=F("done") + size)
        cls._default_manager.filter(
            pk=job_id, status=JobStatus.RUNNING, done__gte=F("total")
        ).update(status=JobStatus.DONE, finished_at=timezone.now())


class JobChunk(models.Model):
    """A finished chunk of a chunked job. The subclass adds `job` (a ForeignKey to its
    job, related_name="chunks") and a unique constraint on (job, number): inserting
    this row is the claim that makes a re-delivered chunk task count once."""

    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.job_id}#{self.number}"
