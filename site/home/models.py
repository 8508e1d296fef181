from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site root. Visitors see the introduction and a login link; a logged-in
    employee sees their dashboard, assembled from panels the domain apps register
    (home.panels)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from home.panels import home_panels_for

        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            context["panels"] = home_panels_for(request)
        return context


class StandardPage(Page):
    """A plain content page (about, contact, help)."""

    body = RichTextField(_("body"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")
