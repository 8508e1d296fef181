"""HR designs certificate templates in the Wagtail admin (a snippet), with the list
of placeholders beside the layout and a preview rendered with sample data."""
from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.certificates.models import CertificateTemplate
from learning.certificates.placeholders import PLACEHOLDERS


def _placeholder_help() -> str:
    items = format_html_join("", "<li><code>{{{{ {} }}}}</code>: {}</li>",
                             ((name, text) for name, text in PLACEHOLDERS.items()))
    return format_html(
        "<p>{}</p><ul>{}</ul><p>{}</p>",
        _("Only these placeholders are filled; values are inserted as text. Images and "
          "fonts from other websites are not loaded."), items,
        _('A line that should disappear when a value is unknown gets data-if with the '
          'placeholder\'s name, e.g. <tr data-if="nip">; data-unless="tte" hides a '
          'line when the value is there.'))


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    menu_order = 302
    add_to_admin_menu = True
    list_display = ["name", "subject_kind", "is_default", "page_size", "orientation",
                    "updated_at"]
    list_filter = ["subject_kind", "is_default"]

    @property
    def panels(self):
        return [
            MultiFieldPanel([
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("subject_kind"), FieldPanel("is_default")]),
                FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
                FieldRowPanel([FieldPanel("background"), FieldPanel("logo")]),
            ], heading=_("Page")),
            MultiFieldPanel([
                FieldPanel("body_html"), FieldPanel("css"),
                HelpPanel(content=_placeholder_help(), heading=_("Placeholders")),
            ], heading=_("Layout")),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("number_pattern"), FieldPanel("code"),
                               FieldPanel("seq_digits")]),
                FieldPanel("validity_months"),
            ], heading=_("Number and validity")),
            MultiFieldPanel([
                FieldPanel("issue_place"),
                FieldRowPanel([FieldPanel("signatory_name"), FieldPanel("signatory_title"),
                               FieldPanel("signatory_nip")]),
            ], heading=_("Issue and signatory")),
        ]


_registered = False


def register() -> None:
    global _registered
    if not _registered:
        register_snippet(CertificateTemplateViewSet)
        _registered = True


register()


@hooks.register("register_snippet_listing_buttons")
def certificate_template_preview_button(snippet, user, next_url=None):
    if isinstance(snippet, CertificateTemplate):
        yield Button(_("Preview (PDF)"),
                     reverse("certificates:template_preview", args=[snippet.pk]),
                     icon_name="view", attrs={"target": "_blank"}, priority=50)
