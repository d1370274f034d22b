"""How the newsroom's content leaves through the pages API: the JSON shapes.

Images leave as renditions with sizes and alt text, documents with their size
and type, URLs always absolute (``WAGTAILAPI_BASE_URL``). Each serializer field
carries the JSON Schema of what it writes, from which ``api.openapi``
builds the API description; the two cannot drift apart.
"""

import re
from typing import Any

from django.conf import settings
from rest_framework.fields import Field
from wagtail.documents.models import AbstractDocument

from core import media_access
from core.visibility import private_paths

# The renditions every image offers, by name.
RENDITIONS = {
    "thumbnail": "fill-320x200",
    "small": "width-400",
    "medium": "width-800",
    "large": "width-1200",
    "social": "fill-1200x630",
}
SRCSET = ("small", "medium", "large")


def absolute_url(url):
    """``url`` made absolute with the configured base URL, if it is not already."""
    if url and url.startswith("/") and not url.startswith("//"):
        return settings.WAGTAILAPI_BASE_URL + url
    return url


_RELATIVE_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolutize_html(html):
    """Make the relative links and sources of an HTML fragment absolute."""
    return _RELATIVE_ATTRIBUTE.sub(lambda m: f'{m.group(1)}{absolute_url(m.group(2))}"', html)


# What Wagtail's editor keeps on each block of rich text for itself.
_EDITOR_ATTRIBUTE = re.compile(r'\sdata-block-key="[^"]*"')


def final_html(html):
    """Rich text as integrations get it: absolute links, no attribute of the editor's."""
    return absolutize_html(_EDITOR_ATTRIBUTE.sub("", html))


def rendition_representation(rendition):
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def image_representation(image, alt=None):
    """An image as integrations get it: original size, alt text and named renditions.

    None for an image of a private collection: integrations read as anyone does.
    """
    if not media_access.readable(image):
        return None
    renditions = image.get_renditions(*RENDITIONS.values())
    named = {name: rendition_representation(renditions[spec]) for name, spec in RENDITIONS.items()}
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text if alt is None else alt,
        "width": image.width,
        "height": image.height,
        "url": named["large"]["url"],
        "renditions": named,
        "srcset": [{"url": named[name]["url"], "width": named[name]["width"]} for name in SRCSET],
    }


def document_representation(document, title=None):
    """A document with its size and type; None for one of a private collection."""
    if not media_access.readable(document):
        return None
    return {
        "id": document.pk,
        "title": title or document.title,
        "url": absolute_url(document.url),
        "extension": document.file_extension.lower(),
        "size": document.get_file_size(),
    }


def type_name(model):
    """A page type's name in the API: "newsroom.NewsPage"."""
    return f"{model._meta.app_label}.{model.__name__}"


def page_reference(page):
    return {
        "id": page.pk,
        "type": type_name(page.specific_class),
        "title": page.title,
        "url": absolute_url(page.url),
    }


# --- JSON Schemas shared by the fields below and the OpenAPI document ----------

RENDITION_SCHEMA = {
    "type": "object",
    "required": ["url", "width", "height"],
    "properties": {
        "url": {"type": "string", "format": "uri"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
    },
    "additionalProperties": False,
}
IMAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "alt", "width", "height", "url", "renditions", "srcset"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "alt": {"type": "string"},
        "width": {"type": "integer", "description": "Width of the original file"},
        "height": {"type": "integer", "description": "Height of the original file"},
        "url": {"type": "string", "format": "uri", "description": "The large rendition"},
        "renditions": {
            "type": "object",
            "required": list(RENDITIONS),
            "properties": {
                name: {"$ref": "#/components/schemas/Rendition", "description": spec}
                for name, spec in RENDITIONS.items()
            },
            "additionalProperties": False,
        },
        "srcset": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url", "width"],
                "properties": {
                    "url": {"type": "string", "format": "uri"},
                    "width": {"type": "integer"},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
DOCUMENT_SCHEMA = {
    "type": "object",
    "required": ["id", "title", "url", "extension", "size"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "extension": {"type": "string", "examples": ["pdf"]},
        "size": {"type": ["integer", "null"], "description": "Size in bytes"},
    },
    "additionalProperties": False,
}
PAGE_REFERENCE_SCHEMA = {
    "type": "object",
    "required": ["id", "type", "title", "url"],
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "examples": ["newsroom.NewsPage"]},
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
    "additionalProperties": False,
}
SHARED_SCHEMAS = {
    "Rendition": RENDITION_SCHEMA,
    "Image": IMAGE_SCHEMA,
    "Document": DOCUMENT_SCHEMA,
    "PageReference": PAGE_REFERENCE_SCHEMA,
}


def nullable(ref):
    return {"oneOf": [{"$ref": f"#/components/schemas/{ref}"}, {"type": "null"}]}


# --- serializer fields ------------------------------------------------------------


class SchemaField(Field):
    """A read-only serializer field that knows the JSON Schema of its output."""

    schema: dict[str, Any] = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(*args, **kwargs)


class ItemField(SchemaField):
    """A field made from the whole item (page, image, document), not from one attribute."""

    def get_attribute(self, instance):
        return instance


class ImageField(SchemaField):
    """An image foreign key (listing image, logo) as renditions."""

    schema = nullable("Image")

    def to_representation(self, image):
        return image_representation(image)


class TagNamesField(ItemField):
    """Tags as a sorted list of names, from the tags prefetched with the page."""

    schema = {"type": "array", "items": {"type": "string"}}

    def to_representation(self, page):
        return sorted(tag.name for tag in page.tags.all())


class SectionField(ItemField):
    """The section an article is published in."""

    schema = {"$ref": "#/components/schemas/PageReference"}

    def to_representation(self, page):
        return page_reference(page.section)


class RelatedPagesField(ItemField):
    """Hand-picked related pages a reader may see: live, public, never the page itself."""

    schema = {"type": "array", "items": {"$ref": "#/components/schemas/PageReference"}}

    def to_representation(self, page):
        hidden = private_paths(self.context.get("request"))
        return [
            page_reference(item.related_page)
            for item in page.related_pages.all()
            if item.related_page.live
            and item.related_page_id != page.pk
            and not any(item.related_page.path.startswith(path) for path in hidden)
        ]


class AttachmentsField(ItemField):
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Document"}}

    def to_representation(self, page):
        documents = (
            document_representation(attachment.document, attachment.label)
            for attachment in page.attachments.all()
        )
        return [document for document in documents if document is not None]


# --- the images and documents endpoints' own fields ------------------------------


class DownloadURLField(ItemField):
    schema = {"type": "string", "format": "uri"}

    def to_representation(self, item):
        # A document's URL is its serving view (with its access checks); an image's, the file.
        return absolute_url(item.url if isinstance(item, AbstractDocument) else item.file.url)


class AltTextField(ItemField):
    schema = {"type": "string"}

    def to_representation(self, image):
        return image.default_alt_text


class RenditionsField(ItemField):
    schema = IMAGE_SCHEMA["properties"]["renditions"]

    def to_representation(self, image):
        return image_representation(image)["renditions"]


class DocumentURLField(ItemField):
    schema = {"type": "string", "format": "uri"}

    def to_representation(self, document):
        return absolute_url(document.url)


class DocumentExtensionField(ItemField):
    schema = {"type": "string"}

    def to_representation(self, document):
        return document.file_extension.lower()


class DocumentSizeField(ItemField):
    schema = {"type": ["integer", "null"], "description": "Size in bytes"}

    def to_representation(self, document):
        return document.get_file_size()
