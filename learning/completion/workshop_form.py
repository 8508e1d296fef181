"""The workshop editor's JP check, registered with the page form in
learning/models/workshops.py (the models are below completion). Imported from
LearningConfig.ready()."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from learning.completion.jp_rules import jp_text
from learning.completion.services.jp import session_jp_figure
from learning.models import WorkshopPage, WorkshopSession
from learning.models.workshops import register_workshop_form_check


@register_workshop_form_check(name="jp")
def workshop_jp_check(*, page_form, cleaned: dict, sessions) -> None:
    """The JP the workshop lists may not exceed what its form's rule and a
    session's duration allow (completion credits no more: session_jp_figure):
    HR is told the figure, so the catalog does not promise JP never credited."""
    form, jp = cleaned.get("learning_form"), cleaned.get("jp")
    if form is None or jp is None:
        return
    page = WorkshopPage(jp=jp, learning_form=form,
                        is_international=cleaned.get("is_international", False))
    for session_form in sessions.forms:
        data = getattr(session_form, "cleaned_data", {})
        if (session_form in sessions.deleted_forms or not data.get("starts_at")
                or not data.get("ends_at") or data["ends_at"] <= data["starts_at"]):
            continue
        figure = session_jp_figure(session=WorkshopSession(
            page=page, starts_at=data["starts_at"], ends_at=data["ends_at"]))
        if figure.capped:
            page_form.add_error("jp", ValidationError(
                _("A session of %(day)s credits at most %(jp)s JP (%(basis)s): list "
                  "at most %(jp)s JP, or lengthen the session.") % {
                    "day": date_format(timezone.localtime(data["starts_at"]), "j F Y"),
                    "jp": jp_text(figure.jp), "basis": figure.basis},
                code="jp_above_rule"))
            return
