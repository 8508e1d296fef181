"""StreamField blocks for policy pages: what HR uses to explain a regulation."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    size = blocks.ChoiceBlock(
        label=_("size"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "socialization/blocks/heading.html"
        description = _("A section heading")
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "socialization/blocks/image.html"
        description = _("An image with an optional caption")
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video URL"), help_text=_("e.g. a YouTube link"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "socialization/blocks/video.html"
        description = _("An embedded video")
        label = _("Video")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, max_length=200,
        help_text=_("Defaults to the document's title."),
    )

    class Meta:
        icon = "doc-full"
        template = "socialization/blocks/document.html"
        description = _("A downloadable document, such as the regulation's PDF")
        label = _("Document")


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, default=_("Key points"))
    points = blocks.ListBlock(blocks.CharBlock(label=_("point"), max_length=300),
                              label=_("points"))

    class Meta:
        icon = "list-ul"
        template = "socialization/blocks/key_points.html"
        description = _("A short list of what employees must remember")
        label = _("Key points")


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        template = "socialization/blocks/faq.html"
        description = _("A frequently asked question with its answer")
        label = _("FAQ entry")


class PolicyStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Text"), icon="pilcrow", template="socialization/blocks/paragraph.html",
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"],
    )
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    key_points = KeyPointsBlock()
    faq = FaqBlock()
