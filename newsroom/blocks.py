"""The blocks an article body is made of, shared by every page type with a body.

Each block has an icon, a label, a template and a preview value, so editors
see in the block picker what the reader will see.
"""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import expand_db_html

from api.fields import document_representation, final_html, image_representation
from newsroom.media import current_media

# What the site renders well; headings have their own block.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
TABLE_CELL_FEATURES = ["bold", "italic", "link"]


def _first_image():
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("-created_at").first()


def _first_document():
    from wagtail.documents import get_document_model

    return get_document_model().objects.order_by("-created_at").first()


class PrefetchedImageBlock(ImageBlock):
    """Wagtail's image block, reading images from ``newsroom.media`` when prefetched."""

    def bulk_to_python(self, values):
        media = current_media()
        values = list(values)
        ids = [value.get("image") if isinstance(value, dict) else value for value in values]
        if media is None or any(pk is not None and pk not in media.images for pk in ids):
            return super().bulk_to_python(values)
        images = []
        for value, pk in zip(values, ids, strict=True):
            # A copy per use: the same picture may carry different alt text.
            image = copy.copy(media.images[pk]) if pk is not None else None
            if image is not None:
                decorative = isinstance(value, dict) and bool(value.get("decorative"))
                alt = value.get("alt_text") if isinstance(value, dict) else image.default_alt_text
                image.decorative = decorative
                image.contextual_alt_text = "" if decorative else alt
            images.append(image)
        return images


class PrefetchedDocumentChooserBlock(DocumentChooserBlock):
    """Wagtail's document chooser, reading documents from ``newsroom.media`` when prefetched."""

    def bulk_to_python(self, values):
        media = current_media()
        values = list(values)
        if media is None or any(pk is not None and pk not in media.documents for pk in values):
            return super().bulk_to_python(values)
        return [media.documents.get(pk) if pk is not None else None for pk in values]


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text; the API gets final HTML with absolute links."""

    def get_api_representation(self, value, context=None):
        return final_html(expand_db_html(value.source))

    api_schema = {"type": "string", "contentMediaType": "text/html"}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "newsroom/blocks/heading.html"
        preview_value = {"text": _("Results of the workshop"), "level": "h2"}
        description = _("A heading that divides a long article into parts.")


class CaptionedImageBlock(blocks.StructBlock):
    """A photo with its caption ("Toàn cảnh Hội thảo") and credit."""

    image = PrefetchedImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=255,
        help_text=_("Who took the photo or where it comes from, e.g. Photo: Minh Đức."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "newsroom/blocks/image.html"
        description = _("A photo with a caption, shown across the article.")

    api_schema = {
        "type": "object",
        "required": ["image", "caption", "credit"],
        "properties": {
            "image": {"oneOf": [{"$ref": "#/components/schemas/Image"}, {"type": "null"}]},
            "caption": {"type": "string"},
            "credit": {"type": "string"},
        },
        "additionalProperties": False,
    }

    def get_api_representation(self, value, context=None):
        image = value["image"]
        alt = getattr(image, "contextual_alt_text", None) if image else None
        return {
            "image": image_representation(image, alt=alt),
            "caption": value["caption"],
            "credit": value["credit"],
        }

    def get_preview_value(self):
        image = _first_image()
        if image is not None:
            image.decorative = False
            image.contextual_alt_text = image.default_alt_text
        return self.normalize(
            {"image": image, "caption": _("Overview of the workshop"), "credit": ""}
        )


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        max_length=255,
        help_text=_("Who said it, e.g. Nguyễn Văn A, Chairman of the union."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "newsroom/blocks/quote.html"
        preview_value = {
            "text": _("Science and technology must reach every village of the province."),
            "attribution": _("Chairman of the union"),
        }
        description = _("A quotation set apart from the text, with who said it.")


class VideoBlock(blocks.StructBlock):
    """A video (YouTube, Facebook, Vimeo…) embedded from its page URL."""

    url = EmbedBlock(
        label=_("Video URL"),
        help_text=_("The address of the video page, e.g. https://www.youtube.com/watch?v=…"),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "newsroom/blocks/embed.html"
        description = _("A video from YouTube, Facebook or Vimeo, played in the article.")

    api_schema = {
        "type": "object",
        "required": ["url", "html", "caption"],
        "properties": {
            "url": {"type": "string", "format": "uri", "description": "The video's own page"},
            "html": {"type": "string", "contentMediaType": "text/html"},
            "provider": {"type": "string"},
            "width": {"type": ["integer", "null"]},
            "height": {"type": ["integer", "null"]},
            "thumbnail_url": {"type": "string"},
            "caption": {"type": "string"},
        },
        "additionalProperties": False,
    }

    def get_api_representation(self, value, context=None):
        from wagtail.embeds import embeds
        from wagtail.embeds.exceptions import EmbedException

        url = value["url"].url if value["url"] else ""
        media = current_media()
        embed = media.embeds.get(url) if media else None
        if embed is None and url:
            try:
                embed = embeds.get_embed(url)
            except EmbedException:
                embed = None
        return {
            "url": url,
            "html": embed.html if embed else "",
            "provider": embed.provider_name if embed else "",
            "width": embed.width if embed else None,
            "height": embed.height if embed else None,
            "thumbnail_url": embed.thumbnail_url if embed else "",
            "caption": value["caption"],
        }

    def get_preview_value(self):
        # Preview a video the site already embeds: asking a video host for a
        # new player would make the block picker wait on another website.
        from wagtail.embeds.models import Embed

        embed = Embed.objects.order_by("-last_updated").first()
        return self.normalize(
            {"url": embed.url if embed else "", "caption": _("Video of the workshop")}
        )


class DocumentBlock(blocks.StructBlock):
    document = PrefetchedDocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "newsroom/blocks/document.html"
        description = _("A link to download a document: a decision, a plan, a form.")

    api_schema = {"oneOf": [{"$ref": "#/components/schemas/Document"}, {"type": "null"}]}

    def get_api_representation(self, value, context=None):
        return document_representation(value["document"], value["title"])

    def get_preview_value(self):
        return self.normalize({"document": _first_document(), "title": ""})


class TableBlock(TypedTableBlock):
    text = blocks.CharBlock(label=_("Text"), required=False)
    rich_text = blocks.RichTextBlock(
        label=_("Formatted text"), required=False, features=TABLE_CELL_FEATURES
    )

    def get_api_representation(self, value, context=None):
        table = super().get_api_representation(value, context)
        rich = [column.get("type") == "rich_text" for column in table.get("columns", [])]
        for row in table.get("rows", []):
            row["values"] = [
                final_html(cell) if is_rich and isinstance(cell, str) else cell
                for is_rich, cell in zip(rich, row.get("values", []), strict=False)
            ]
        return table

    class Meta:
        icon = "table"
        label = _("Table")
        template = "newsroom/blocks/table.html"
        description = _("A table with a caption and column headings.")
        preview_value = {
            "caption": _("Member associations"),
            "columns": [
                {"type": "text", "heading": _("Association")},
                {"type": "text", "heading": _("Members")},
            ],
            "rows": [
                {"values": [_("Gardening association"), "1.250"]},
                {"values": [_("Information technology association"), "320"]},
            ],
        }


# What a malformed or forged form value raises while it is read: never a 500,
# a form error instead (BodyBlock.value_from_datadict).
UNREADABLE = (KeyError, ValueError, TypeError, AttributeError, IndexError, LookupError)


class BodyBlock(blocks.StreamBlock):
    """An article's body. What the editor's browser sends is read block by block:
    a block whose data cannot be read (a forged request, a broken browser
    extension) becomes a form error naming it, and the other blocks are kept."""

    paragraph = ParagraphBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=PARAGRAPH_FEATURES,
        template="newsroom/blocks/paragraph.html",
        preview_value=_(
            "<p>The union held a workshop with the provincial departments to "
            "build the programme for the years ahead.</p>"
        ),
        description=_("Text with bold, italics, links and lists."),
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = VideoBlock()
    document = DocumentBlock()
    table = TableBlock()

    def value_from_datadict(self, data, files, prefix):
        try:
            count = int(data[f"{prefix}-count"])
        except UNREADABLE:
            count = None
        # Each block takes several fields: a count above that was not sent by a form.
        if count is None or not 0 <= count <= len(data):
            value = self.empty_value()
            value.unreadable = [None]
            return value
        children, unreadable = [], []
        for index in range(count):
            key = f"{prefix}-{index}"
            try:
                if data[f"{key}-deleted"]:
                    continue
                child = self.child_blocks.get(data[f"{key}-type"])
                if child is None:
                    continue
                order = int(data[f"{key}-order"])
                value = child.value_from_datadict(data, files, f"{key}-value")
            except UNREADABLE:
                unreadable.append(index)
                continue
            children.append((order, child.name, value, data.get(f"{key}-id")))
        children.sort(key=lambda child: child[0])
        value = blocks.StreamValue(self, [child[1:] for child in children])
        value.unreadable = unreadable
        return value

    def clean(self, value):
        if getattr(value, "unreadable", None):
            raise blocks.StreamBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _(
                            "Part of the body could not be read and was not saved. Reload the "
                            "page and add it again."
                        )
                    )
                ]
            )
        return super().clean(value)
