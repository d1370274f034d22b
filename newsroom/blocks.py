"""The blocks an article body is made of, shared by every page type with a body.

Each block has an icon, a label, a template and a preview value, so editors
see in the block picker what the reader will see.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

# What the site renders well; headings have their own block.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
TABLE_CELL_FEATURES = ["bold", "italic", "link"]


def _first_image():
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("-created_at").first()


def _first_document():
    from wagtail.documents import get_document_model

    return get_document_model().objects.order_by("-created_at").first()


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

    image = ImageBlock(label=_("Image"))
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

    def get_preview_value(self):
        # Preview a video the site already embeds: asking a video host for a
        # new player would make the block picker wait on another website.
        from wagtail.embeds.models import Embed

        embed = Embed.objects.order_by("-last_updated").first()
        return self.normalize(
            {"url": embed.url if embed else "", "caption": _("Video of the workshop")}
        )


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
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

    def get_preview_value(self):
        return self.normalize({"document": _first_document(), "title": ""})


class TableBlock(TypedTableBlock):
    text = blocks.CharBlock(label=_("Text"), required=False)
    rich_text = blocks.RichTextBlock(
        label=_("Formatted text"), required=False, features=TABLE_CELL_FEATURES
    )

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


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
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
