"""The Wagtail image library's upload form (WAGTAILIMAGES_IMAGE_FORM_BASE): a broken
image file is refused with a message instead of a 500.

Wagtail's image field tells the format from the file's first bytes (Willow) and then
asks Pillow for the size; a file with a PNG or JPEG signature and damaged contents
makes Pillow raise (`UnidentifiedImageError`, `SyntaxError: broken PNG file`,
`OSError: image file is truncated`), which Wagtail does not catch (upstream, Wagtail
8.0 / Willow 1.12). Here any such error is the form's error, and raster images are
decoded once in full, so damage past the header is found at upload time and not
when a page first asks for a rendition.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Formats Pillow decodes (SVG is Willow's own, read as XML).
_RASTER = {"png", "jpeg", "gif", "webp", "bmp", "tiff", "ico", "avif", "heic"}


def _damaged() -> ValidationError:
    return ValidationError(
        _("This image file is damaged and cannot be read. Open it in an image editor, "
          "save it again as PNG or JPEG, and upload that file."), code="invalid_image")


class CheckedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a bad file
            raise _damaged() from exc
        if f.image.format_name in _RASTER:
            self._decode(f)

    @staticmethod
    def _decode(f) -> None:
        """Decode every pixel once (the pixel count is already within the limit)."""
        from PIL import Image as PILImage

        source = getattr(f.image, "f", None) or f  # the file Willow opened
        try:
            source.seek(0)
            with PILImage.open(source) as picture:
                picture.load()
        except Exception as exc:  # noqa: BLE001
            raise _damaged() from exc
        finally:
            source.seek(0)
            if hasattr(f, "seek"):
                f.seek(0)


class BangkomImageForm(BaseImageForm):
    file = CheckedImageField(label=gettext_lazy("File"))
