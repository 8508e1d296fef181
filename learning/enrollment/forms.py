"""Forms for enrollment: the approval decision and HR's bulk enrollment."""
from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_ROWS = 2000


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
    row 1). Raises ValidationError for an unreadable file or a missing column."""
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook  # defusedxml is installed: safe XML

        try:
            book = load_workbook(upload, read_only=True, data_only=True)
            table = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        except Exception as exc:
            raise ValidationError(_("The spreadsheet could not be read.")) from exc
    elif name.endswith(".csv"):
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The CSV file must be UTF-8 text.")) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        table = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [str(c or "").strip().lower() for c in table[0]]
    if "nip" not in header:
        raise ValidationError(_("Row 1 must be a header with a “nip” column."))
    col = header.index("nip")
    rows = []
    for number, row in enumerate(table[1:], start=2):
        nip = _nip_clean(row[col] if col < len(row) else None)
        if nip:
            rows.append((number, nip))
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
        if len(rows) > MAX_ROWS:
            raise ValidationError(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS})
        data["rows"] = rows
        return data
