"""The searchable text of a StreamField, read from what is stored."""

from typing import Any

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


def stored_text(stream_value: blocks.StreamValue) -> list[str]:
    """The searchable text of a StreamField's blocks, read from what is stored.

    What Wagtail's ``get_searchable_content`` gives (paragraphs, headings,
    quotes, table cells, captions, credits, alt text), without fetching the
    images, documents and videos the blocks refer to: indexing a page and
    showing a search snippet cost no query.
    """
    texts: list[str] = []
    for item in stream_value.raw_data:
        block = stream_value.stream_block.child_blocks.get(item["type"])
        if block is not None:
            texts += _stored_text(block, item["value"])
    return texts


def _stored_text(block: blocks.Block, raw: Any) -> list[str]:
    if isinstance(block, ImageBlock):
        # Its alt text, none when the image is marked decorative (as Wagtail does).
        if not isinstance(raw, dict):
            return []
        alt_text = "" if raw.get("decorative") else raw.get("alt_text") or ""
        return block.child_blocks["alt_text"].get_searchable_content(alt_text)
    if isinstance(block, (blocks.ChooserBlock, EmbedBlock)):
        return []
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            return []
        return [
            text
            for name, child in block.child_blocks.items()
            if name in raw
            for text in _stored_text(child, raw[name])
        ]
    return block.get_searchable_content(block.to_python(raw))
