"""Forms for enrollment: the approval decision and HR's bulk enrollment."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.uploads import UploadError, table_open, upload_limits


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the rejection."))
        return data


def _nip_clean(value: object) -> str:
    """NIPs are digits; spreadsheet cells may hold them as numbers or with spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split())


def nip_rows_from_text(text: str) -> list[tuple[int, str]]:
    """(line number, NIP) for each non-empty pasted line; spaces ignored."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        nip = _nip_clean(line)
        if nip:
            rows.append((number, nip))
    return rows


def nip_rows_from_file(upload) -> list[tuple[int, str]]:
    """(row number, NIP) from a CSV or XLSX file with a `nip` column (header =
    row 1), read by the project's one table reader (config.uploads): the size and
    the row limit (BANGKOM_UPLOAD_LIMITS["nip_list"]) are checked before
    and while reading, every XLSX row is read even under a stale <dimension> tag.
    Raises ValidationError for an unreadable file, a missing column or too many rows."""
    limits = upload_limits("nip_list")
    try:
        table = table_open(file=upload, file_name=upload.name or "", limits=limits)
        header = [str(c or "").replace("\ufeff", "").strip().lower() for c in table.headers]
        if "nip" not in header:
            table.close()
            raise ValidationError(_("Row 1 must be a header with a “nip” column."))
        col = header.index("nip")
        rows = []
        for number, row in table.rows:
            nip = _nip_clean(row[col] if col < len(row) else None)
            if nip:
                rows.append((number, nip))
    except UploadError as exc:
        raise ValidationError(str(exc)) from None
    return rows


class BulkEnrollForm(forms.Form):
    nips = forms.CharField(
        label=gettext_lazy("NIPs, one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=gettext_lazy("or a CSV/XLSX file with a “nip” column"), required=False,
    )

    def clean(self):
        data = super().clean()
        rows: list[tuple[int, str]] = []
        if data.get("file"):
            rows = nip_rows_from_file(data["file"])
        elif data.get("nips"):
            rows = nip_rows_from_text(data["nips"])
        if not rows:
            raise ValidationError(_("Give at least one NIP."))
        # The file's rows were counted while reading; pasted lines are counted here.
        max_rows = upload_limits("nip_list").max_rows
        if len(rows) > max_rows:
            raise ValidationError(_("At most %(n)d rows at a time.") % {"n": max_rows})
        data["rows"] = rows
        return data
