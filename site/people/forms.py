import re

from allauth.account.forms import LoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from config.uploads import UploadError, upload_check_size, upload_limits


class NipOrEmailLoginForm(LoginForm):
    """allauth's login with the NIP typed as people write it ("19860926 201505 1 001")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("NIP or email")
        self.fields["login"].widget.attrs["placeholder"] = _("NIP or email")

    def clean_login(self):
        login = super().clean_login()
        if "@" not in login and re.fullmatch(r"[\d\s.\-]+", login):
            login = re.sub(r"[\s.\-]", "", login)
        return login


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:  # before anything reads it (BANGKOM_UPLOAD_LIMITS)
            upload_check_size(file=upload, limits=upload_limits("employees"))
        except UploadError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
