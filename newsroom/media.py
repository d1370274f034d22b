"""Images, documents and embeds of many StreamField bodies, fetched in one go.

Wagtail converts each body on its own, one database query per body and per
kind of media. A listing of 100 articles would cost 300 queries. Code that
serialises many pages wraps the work in ``prefetched_media(pages)``: the
media of every body are fetched up front (with image renditions), and the
blocks read them from there instead of asking the database again.
"""

import contextlib
import contextvars
from dataclasses import dataclass, field

from django.db.models import Prefetch
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model


@dataclass
class MediaCache:
    images: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    embeds: dict = field(default_factory=dict)  # by URL


_current = contextvars.ContextVar("newsroom_media_cache", default=None)


def current_media():
    """The media prefetched for the work in progress, or None."""
    return _current.get()


def _image_id(raw):
    if isinstance(raw, dict):
        return raw.get("image")
    return raw


def collect_media(raw_blocks, found):
    """Walk raw StreamField data, adding image and document ids and embed URLs to ``found``."""
    for block in raw_blocks or []:
        kind, value = block.get("type"), block.get("value")
        if not isinstance(value, dict):
            continue
        if kind == "image":
            found["images"].add(_image_id(value.get("image")))
        elif kind == "document":
            found["documents"].add(value.get("document"))
        elif kind == "embed" and value.get("url"):
            found["embeds"].add(value["url"])


def fetch_media(pages, stream_fields=("body",)):
    """One query per kind of media for all the bodies of ``pages``."""
    found = {"images": set(), "documents": set(), "embeds": set()}
    for page in pages:
        for name in stream_fields:
            stream = getattr(page, name, None)
            if stream is not None:
                collect_media(stream.raw_data, found)
    cache = MediaCache()
    image_ids = found["images"] - {None}
    if image_ids:
        Image = get_image_model()
        renditions = Image.get_rendition_model().objects.all()
        cache.images = Image.objects.prefetch_related(
            Prefetch("renditions", queryset=renditions)
        ).in_bulk(image_ids)
    document_ids = found["documents"] - {None}
    if document_ids:
        cache.documents = get_document_model().objects.in_bulk(document_ids)
    if found["embeds"]:
        hashes = {get_embed_hash(url): url for url in found["embeds"]}
        for embed in Embed.objects.filter(hash__in=hashes):
            cache.embeds[hashes[embed.hash]] = embed
    return cache


@contextlib.contextmanager
def prefetched_media(pages, stream_fields=("body",)):
    token = _current.set(fetch_media(pages, stream_fields))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
