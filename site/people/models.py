"""People and organization: accounts, units (unit kerja), positions (jabatan),
ranks (golongan) and employees. Every other app builds on these."""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.jobs.models import UploadJob, UploadJobStatus


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A login. Employees' usernames are their NIP, so they log in with NIP or email."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # allauth logs in by email too, so an email must identify one account.
            models.UniqueConstraint(
                Lower("email"),
                name="people_user_email_ci_unique",
                condition=~models.Q(email=""),
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """The employee's name when the login belongs to one: Wagtail shows this in its
        sidebar, "submitted by", history and workflow emails, which otherwise show the
        NIP (the username)."""
        employee = None
        if self.pk is not None:
            try:
                employee = self.employee
            except models.ObjectDoesNotExist:
                employee = None
        if employee is not None:
            return employee.name
        return super().get_full_name()

    def get_short_name(self) -> str:
        return self.get_full_name() or super().get_short_name()

    def __str__(self) -> str:
        return self.display_name


class EmploymentType(models.TextChoices):
    PNS = "PNS", _("PNS (civil servant)")
    PPPK = "PPPK", _("PPPK (contract government employee)")


class Rank(models.Model):
    """A golongan/ruang with its pangkat (PNS) or a PPPK grade. Seed data HR may edit.

    `order` ranks grades within one employment type, for eligibility ranges."""

    code = models.CharField(_("code"), max_length=10)
    employment_type = models.CharField(
        _("employment type"), max_length=4, choices=EmploymentType.choices
    )
    name = models.CharField(_("pangkat"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("rank (golongan)")
        verbose_name_plural = _("ranks (golongan)")
        ordering = ["employment_type", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment_type", "code"], name="people_rank_code_unique"
            ),
            models.UniqueConstraint(
                fields=["employment_type", "order"], name="people_rank_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Unit(TimeStampedModel):
    """A unit kerja / OPD, in a tree (dinas → bidang → seksi)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("SIMPEG/SIASN code"), max_length=40, blank=True, help_text=_("Optional.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="people_unit_name_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="people_unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A unit cannot be inside itself.")})
            seen.add(node.pk)
            node = node.parent


class PositionKind(models.TextChoices):
    JPT = "JPT", _("Senior executive (JPT)")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Supervisor (pengawas)")
    PELAKSANA = "PELAKSANA", _("Executor (pelaksana)")
    FUNGSIONAL = "FUNGSIONAL", _("Functional (fungsional)")


class PositionLevel(models.TextChoices):
    """The jenjang within a kind: needed for JPT and functional positions only."""

    NONE = "", _("—")
    JPT_UTAMA = "JPT_UTAMA", _("JPT Utama")
    JPT_MADYA = "JPT_MADYA", _("JPT Madya")
    JPT_PRATAMA = "JPT_PRATAMA", _("JPT Pratama")
    AHLI_UTAMA = "AHLI_UTAMA", _("Ahli Utama")
    AHLI_MADYA = "AHLI_MADYA", _("Ahli Madya")
    AHLI_MUDA = "AHLI_MUDA", _("Ahli Muda")
    AHLI_PERTAMA = "AHLI_PERTAMA", _("Ahli Pertama")
    PENYELIA = "PENYELIA", _("Penyelia")
    MAHIR = "MAHIR", _("Mahir")
    TERAMPIL = "TERAMPIL", _("Terampil")
    PEMULA = "PEMULA", _("Pemula")


LEVELS_BY_KIND: dict[str, set[str]] = {
    PositionKind.JPT: {
        PositionLevel.JPT_UTAMA,
        PositionLevel.JPT_MADYA,
        PositionLevel.JPT_PRATAMA,
    },
    PositionKind.FUNGSIONAL: {
        PositionLevel.AHLI_UTAMA,
        PositionLevel.AHLI_MADYA,
        PositionLevel.AHLI_MUDA,
        PositionLevel.AHLI_PERTAMA,
        PositionLevel.PENYELIA,
        PositionLevel.MAHIR,
        PositionLevel.TERAMPIL,
        PositionLevel.PEMULA,
    },
    PositionKind.ADMINISTRATOR: {PositionLevel.NONE},
    PositionKind.PENGAWAS: {PositionLevel.NONE},
    PositionKind.PELAKSANA: {PositionLevel.NONE},
}


class Position(TimeStampedModel):
    """A jabatan: its name, kind (JPT, administrator, …) and jenjang."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
    level = models.CharField(
        _("level (jenjang)"), max_length=16, choices=PositionLevel.choices, blank=True
    )
    job_class = models.PositiveSmallIntegerField(
        _("job class (kelas jabatan)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="people_position_name_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(job_class__isnull=True)
                | models.Q(job_class__gte=1, job_class__lte=17),
                name="people_position_job_class_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind and self.level not in LEVELS_BY_KIND.get(self.kind, set()):
            raise ValidationError({"level": _("This level does not belong to this kind.")})


class EmployeeQuerySet(models.QuerySet):
    def active(self) -> EmployeeQuerySet:
        return self.filter(is_active=True)

    def with_org(self) -> EmployeeQuerySet:
        return self.select_related("unit", "position", "rank", "supervisor")


class Employee(TimeStampedModel):
    """An ASN employee (PNS or PPPK). Keyed by NIP; linked to one login."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200)
    employment_type = models.CharField(
        _("employment type"),
        max_length=4,
        choices=EmploymentType.choices,
        default=EmploymentType.PNS,
    )
    # PPPK only: the start (TMT) of the current contract. Their JP cap counts per
    # contract year from this date's anniversary, not per calendar year.
    contract_start = models.DateField(
        _("contract start (TMT PPPK)"), null=True, blank=True,
        help_text=_("PPPK only: the JP cap of 24 JP counts per contract year from this date."),
    )
    # Printed on certificates ("Tempat, tanggal lahir"); the date comes from a PNS NIP.
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    rank = models.ForeignKey(
        Rank, verbose_name=_("golongan"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="employees"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="employees"
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("direct supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    email = models.EmailField(_("email"), blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("id")),
                name="people_employee_not_own_supervisor",
            ),
            models.CheckConstraint(
                condition=models.Q(contract_start__isnull=True)
                | models.Q(employment_type=EmploymentType.PPPK),
                name="people_employee_contract_start_pppk_only",
            ),
        ]
        indexes = [models.Index(fields=["unit", "name"]), models.Index(fields=["supervisor"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    @property
    def initials(self) -> str:
        """"BS" for "Ir. Bambang Setiawan, M.T.": academic titles are skipped."""
        words = [w for w in self.name.split(",")[0].split() if not w.endswith(".")]
        return "".join(w[0] for w in words[:2]).upper()

    def clean(self) -> None:
        from people.nip import nip_normalize, nip_validate

        self.nip = nip_normalize(self.nip)
        errors: dict[str, list] = {}
        try:
            nip_validate(self.nip, employment_type=self.employment_type)
        except ValidationError as exc:
            errors["nip"] = exc.messages
        if self.rank_id and self.rank.employment_type != self.employment_type:
            errors["rank"] = [_("This golongan is not one of the %(type)s grades.") % {
                "type": self.employment_type}]
        if self.supervisor_id and self.supervisor_id == self.pk:
            errors["supervisor"] = [_("An employee cannot supervise themselves.")]
        if errors:
            raise ValidationError(errors)


# --- Employee import jobs ------------------------------------------------------------


# The shared upload-job statuses (config.jobs) without WRITING: the employee import
# writes in the same run that checks the rows, so it has no saving step of its own.
ImportJobStatus = models.TextChoices("ImportJobStatus", [
    (status.name, (status.value, status.label))
    for status in UploadJobStatus if status != UploadJobStatus.WRITING
])
IMPORT_JOB_FINAL_STATUSES = UploadJob.final_statuses


def _private_storage():
    from config.storage import private_storage

    return private_storage()


class EmployeeImportJob(UploadJob):
    """One employee file uploaded on HR's page, imported by a Celery job
    (people.services.employee_import_jobs; the shared shape is config.jobs.UploadJob):
    who uploaded it, its progress and its outcome. The file is kept in private storage
    only until the job ends (it holds NIPs and emails). A failed job wrote nothing
    (imports are all-or-nothing); its `errors` list the first row-numbered problems,
    `error_count` all of them."""

    dry_run = models.BooleanField(_("check only"), default=False)
    upload = models.FileField(_("uploaded file"), upload_to="imports/employees/%Y/%m/",
                              storage=_private_storage, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportJobStatus.choices,
                              default=ImportJobStatus.PENDING)
    # The counts of people.services.employee_import.ImportResult (rows, created,
    # updated, unchanged, units_created, units_moved, positions_created).
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta(UploadJob.Meta):
        verbose_name = _("employee import job")
        verbose_name_plural = _("employee import jobs")


# --- Logins --------------------------------------------------------------------------


class LoginRecord(models.Model):
    """One login, kept after its session ends, so a person can see when and from
    where their account was used (allauth.usersessions lists only live sessions).
    Written by people.services.logins on allauth's user_logged_in; the newest
    LOGIN_RECORDS_KEPT per user are kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_records",
                             verbose_name=_("user"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    # Whether the login passed a second factor (authenticator code, recovery code, key).
    second_factor = models.BooleanField(_("two-factor"), default=False)

    class Meta:
        verbose_name = _("login")
        verbose_name_plural = _("logins")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="people_login_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M}"


class LoginCeilingNotice(models.Model):
    """The once-row of the "many wrong passwords" email (people.login_limits): one
    per account and day, so the owner hears of a guessing wave once, not per try."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("failed-login notice")
        verbose_name_plural = _("failed-login notices")
        constraints = [models.UniqueConstraint(fields=["user", "day"],
                                               name="people_login_ceiling_notice_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
