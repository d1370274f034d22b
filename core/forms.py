"""The admin's image and document forms.

Named by WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE.
"""

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .permissions import MediaFormMixin


class ImageForm(MediaFormMixin, BaseImageForm):
    pass


class DocumentForm(MediaFormMixin, BaseDocumentForm):
    pass
