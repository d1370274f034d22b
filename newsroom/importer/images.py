"""Photos of imported articles, as Wagtail images, each file stored once.

An image is recognised by the SHA-1 of its file, the hash Wagtail itself
keeps (``file_hash``), so importing a folder again, or another article with
the same photo, reuses the image instead of uploading a copy.
"""

from django.core.exceptions import ValidationError
from django.core.files import File
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.utils.file import hash_filelike

from .article import shorten

TITLE_MAX_LENGTH = 255  # Image.title and Image.description


class ImageRefused(Exception):
    """The file is not an image Wagtail accepts; the message says why."""


def file_hash(path):
    with path.open("rb") as handle:
        return hash_filelike(handle)


def existing_image(path):
    """The image already holding this very file, or None."""
    return get_image_model().objects.filter(file_hash=file_hash(path)).order_by("pk").first()


def create_image(path, title, alt, user=None):
    """A new Wagtail image from ``path``, checked like an upload in the admin.

    Raises ImageRefused with Wagtail's own message for a file it would refuse
    (wrong format, too large, too many pixels).
    """
    with path.open("rb") as handle:
        try:
            WagtailImageField().clean(File(handle, name=path.name))
        except ValidationError as error:
            raise ImageRefused(" ".join(error.messages)) from None
        handle.seek(0)
        image = get_image_model()(
            title=shorten(title, TITLE_MAX_LENGTH),
            description=shorten(alt, TITLE_MAX_LENGTH),
            file=File(handle, name=path.name),
            file_hash=hash_filelike(handle),
            uploaded_by_user=user,
        )
        handle.seek(0)
        image.file_size = path.stat().st_size
        image.save()
    return image
