"""Certificates: the templates HR designs, the number counters and the issued
certificates (docs/certificates.md).

An issued certificate never changes: its PDF is stored at issue and the data it
shows is frozen with it (`context`), so later edits to the template, the workshop or
the person leave it as it was. Correcting one is an explicit HR action that issues a
new certificate superseding the old; revoking keeps the record with its reason.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from config.jobs.models import JobProgressMixin
from people.models import TimeStampedModel

DEFAULT_NUMBER_PATTERN = "{seq}/BKPSDM/{code}/{year}"
# The key in a certificate's frozen data (not a placeholder) holding the agency logo's
# image id at issue.
AGENCY_LOGO_KEY = "_agency_logo_id"


def certificate_storage() -> Storage:
    """Where certificate PDFs and ZIPs live: the "certificates" storage when the
    deployment configures one (S3-compatible, docs/certificates.md), otherwise the
    private folder beside MEDIA_ROOT that no URL serves (they hold personal data:
    NIP, birth date), read only through access-checked views."""
    if "certificates" in settings.STORAGES:
        return storages["certificates"]
    from config.storage import private_storage

    return private_storage()


@register_setting(icon="doc-full")
class AgencyIdentity(BaseGenericSetting):
    """The issuing agency as its documents name it (the kop of the certificate and
    the issuer on the verification page). HR sets it once in the Wagtail admin
    (Settings → Agency identity); each certificate freezes it at issue."""

    government = models.CharField(
        _("government"), max_length=120, blank=True,
        help_text=_("The first line of the letterhead, e.g. PEMERINTAH KABUPATEN SUKAMAJU."))
    agency = models.CharField(
        _("agency"), max_length=200, blank=True,
        help_text=_("e.g. BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA."))
    address = models.CharField(
        _("address"), max_length=300, blank=True,
        help_text=_("Street, city, telephone, email or website, on one line."))
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("logo"),
        help_text=_("The regency's or city's coat of arms, used when a certificate "
                    "template has no logo of its own."))

    class Meta:
        verbose_name = _("agency identity")
        verbose_name_plural = _("agency identity")

    def __str__(self) -> str:
        return self.agency or str(self._meta.verbose_name)


class PageSize(models.TextChoices):
    A4 = "A4", _("A4 (210 × 297 mm)")
    F4 = "F4", _("F4 / folio (215 × 330 mm)")
    LETTER = "LETTER", _("Letter (216 × 279 mm)")


PAGE_SIZE_MM = {"A4": (210, 297), "F4": (215, 330), "LETTER": (216, 279)}


class Orientation(models.TextChoices):
    LANDSCAPE = "LANDSCAPE", _("Landscape")
    PORTRAIT = "PORTRAIT", _("Portrait")


class CertificateTemplate(TimeStampedModel):
    """A certificate design HR makes in the Wagtail admin: page, background, logo,
    a layout in HTML and CSS with named placeholders such as {{ name }} (only the
    documented ones are filled; nothing else in it runs), the numbering pattern and
    the signatory. The default template of a kind (workshop, mentoring) is used for
    every certificate of that kind issued from then on."""

    name = models.CharField(_("name"), max_length=120)
    subject_kind = models.CharField(
        _("certificates for"), max_length=20,
        help_text=_("WORKSHOP for workshop completions, MENTORING for mentoring pairings."),
    )
    is_default = models.BooleanField(
        _("default for this kind"), default=True,
        help_text=_("New certificates of this kind use the default template."),
    )
    page_size = models.CharField(
        _("page size"), max_length=8, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    background = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("background image"),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("logo"),
    )
    body_html = models.TextField(
        _("layout (HTML)"),
        help_text=_("HTML with placeholders such as {{ name }}; see the list below."),
    )
    css = models.TextField(_("style (CSS)"), blank=True)
    number_pattern = models.CharField(
        _("number pattern"), max_length=120, default=DEFAULT_NUMBER_PATTERN,
        help_text=_("{seq} is the running number (per pattern and year), {code} the code "
                    "below, {year} the year of issue, {month} its month in Roman numerals."),
    )
    code = models.CharField(
        _("code in the number"), max_length=30, default="PLT",
        help_text=_("For example PLT for training or MNT for mentoring."),
    )
    seq_digits = models.PositiveSmallIntegerField(
        _("digits of the running number"), default=3,
        help_text=_("3 writes 7 as 007."),
    )
    issue_place = models.CharField(
        _("place of issue"), max_length=100, blank=True,
        help_text=_("The city printed before the date of issue, e.g. Sukamaju."),
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=18, blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True,
        help_text=_("Leave empty for a certificate without expiry."),
    )

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["subject_kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind"], condition=models.Q(is_default=True),
                name="certificates_one_default_template_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from learning.certificates.placeholders import (
            number_pattern_validate,
            placeholders_unknown,
        )

        errors: dict[str, list[str]] = {}
        unknown = placeholders_unknown(self.body_html or "")
        if unknown:
            errors["body_html"] = [
                _("Unknown placeholders: %(names)s. Only the documented ones are filled.")
                % {"names": ", ".join(f"{{{{ {n} }}}}" for n in unknown)}
            ]
        if self.is_default and CertificateTemplate.objects.filter(
                subject_kind=self.subject_kind, is_default=True).exclude(pk=self.pk).exists():
            errors["is_default"] = [_("Another template is already the default for this "
                                      "kind: untick it there first.")]
        try:
            number_pattern_validate(self.number_pattern or "")
        except ValidationError as exc:
            errors["number_pattern"] = exc.messages
        if errors:
            raise ValidationError(errors)


class CertificateNumberCounter(models.Model):
    """The last running number given out per number series (the pattern with its
    code filled in) and year. Taken with one conditional UPDATE inside the issuing
    transaction, so numbers have no gaps and no duplicates under concurrency."""

    series = models.CharField(_("series"), max_length=160)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate number counter")
        verbose_name_plural = _("certificate number counters")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"],
                                    name="certificates_counter_series_year"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class CertificateQuerySet(models.QuerySet):
    def current(self) -> CertificateQuerySet:
        """Not superseded by a corrected re-issue (revoked ones included)."""
        return self.filter(superseded_at__isnull=True)


def certificate_upload_to(instance: Certificate, filename: str) -> str:
    # Deterministic per certificate: a retried render overwrites its own file.
    return f"certificates/{instance.issued_at:%Y}/{instance.code}.pdf"


class RevocationKind(models.TextChoices):
    """Why HR revokes, which decides the JP it certified: a person not entitled to
    it (attendance or score not met) loses the JP too; a certificate revoked for a
    data error (a typo, a wrong name) keeps the JP, which was earned."""

    NOT_ENTITLED = "NOT_ENTITLED", _(
        "Not entitled (attendance or passing score not met): the JP is withdrawn")
    DATA_ERROR = "DATA_ERROR", _(
        "Data error (typo, wrong data): the JP stays credited")


class Certificate(TimeStampedModel):
    """One issued certificate for one subject (a workshop completion, a mentoring
    pairing). At most one current certificate per (kind, reference, cycle): a
    database constraint, so a retried task cannot issue twice."""

    subject_kind = models.CharField(_("kind"), max_length=20)
    subject_ref = models.CharField(_("reference"), max_length=64)
    # A recurring training is certified again per completion cycle (subjects.py).
    cycle = models.CharField(_("cycle"), max_length=64, blank=True, default="")
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="certificates",
        verbose_name=_("employee"),
    )
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.PROTECT, related_name="certificates",
        verbose_name=_("template"),
    )
    number = models.CharField(_("certificate number"), max_length=160, unique=True)
    # The public verification code in the QR: 160 random bits, unguessable.
    code = models.CharField(_("verification code"), max_length=40, unique=True)
    # Every value the certificate shows, as rendered at issue (placeholder -> text).
    context = models.JSONField(_("data shown"), default=dict)
    issued_at = models.DateTimeField(_("issued at"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issued_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("issued by"),
    )
    pdf = models.FileField(
        _("PDF"), upload_to=certificate_upload_to, storage=certificate_storage,
        max_length=200, blank=True,
    )
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True,
                              db_index=True)
    signed = models.BooleanField(_("digitally signed"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_kind = models.CharField(_("kind of revocation"), max_length=16, blank=True,
                                    choices=RevocationKind.choices)
    revoked_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("revoked by"),
    )
    # Revoked by Bangkom itself because what it certified no longer holds (a corrected
    # attendance or score undid the completion): if it holds again, the next issue
    # replaces this certificate rather than keeping it revoked.
    withdrawn = models.BooleanField(_("withdrawn with its subject"), default=False)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT,
        related_name="superseded_by", verbose_name=_("supersedes"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_ref", "cycle"],
                condition=models.Q(superseded_at__isnull=True),
                name="certificates_one_current_per_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "issued_at"]),
            models.Index(fields=["subject_kind", "subject_ref"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    @property
    def is_ready(self) -> bool:
        """The PDF has been rendered and stored."""
        return bool(self.sha256)


class JobKind(models.TextChoices):
    ISSUE = "ISSUE", _("Issue certificates")
    ZIP = "ZIP", _("Build a ZIP of PDFs")


class JobStatus(models.TextChoices):
    RUNNING = "RUNNING", _("Running")
    DONE = "DONE", _("Finished")
    FAILED = "FAILED", _("Failed")


class CertificateJob(JobProgressMixin, TimeStampedModel):
    """HR's bulk job for one workshop session: issuing its certificates, or
    building one ZIP of its PDFs. Progress is counted from the certificates
    themselves (rendered or packed), so a retried task cannot count twice
    (config.jobs: the shared progress, status JSON and failure path)."""

    final_statuses = frozenset({JobStatus.DONE, JobStatus.FAILED})
    finished_field = "updated_at"

    kind = models.CharField(_("kind"), max_length=5, choices=JobKind.choices)
    session = models.ForeignKey(
        "learning.WorkshopSession", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("session"),
    )
    subject_refs = models.JSONField(_("subjects"), default=list)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("started by"),
    )
    file = models.FileField(
        _("file"), storage=certificate_storage, max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("certificate job")
        verbose_name_plural = _("certificate jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.session_id}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))
