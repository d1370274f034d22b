"""The article both parsers produce, and the rules that turn its blocks into fields.

A parser only finds the title, perhaps a date, and the article's blocks in
reading order. ``assemble`` then applies the rules the two formats share:
which paragraph is the lead, which the byline, where the date is written, and
which images are dropped because their file is not in the import folder.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext as _

from .cleaning import date_line_date, dateline_date, normalise

LEAD_MAX_LENGTH = 600  # ArticlePage.lead
TITLE_MAX_LENGTH = 255  # Page.title
# A byline is a name and a title ("Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang"),
# a caption a few words ("Toàn cảnh Hội thảo"): short, one sentence at most.
BYLINE_MAX_LENGTH = 150
CAPTION_MAX_LENGTH = 150
SENTENCE_END = (".", "!", "?", "…", ":", ";")


class Refused(Exception):
    """A file that cannot be imported; the message says why, for the report."""


@dataclass
class Paragraph:
    html: str  # safe rich-text HTML: one <p>, or one <ul>/<ol>
    text: str  # the same as plain text
    is_list: bool = False


@dataclass
class Heading:
    text: str
    level: str = "h2"


@dataclass
class Figure:
    path: Path | None  # the image file, or None when the import folder lacks it
    caption: str = ""
    alt: str = ""
    source: str = ""  # how the page named the image, for the report


@dataclass
class ParsedArticle:
    source: str  # the file, relative to the import folder, in POSIX form
    title: str
    date: datetime.date
    lead: str
    byline: str = ""
    body: list = field(default_factory=list)
    dropped: list = field(default_factory=list)  # captions of images left out

    @property
    def figures(self):
        return [block for block in self.body if isinstance(block, Figure)]


def paragraph(text):
    """A paragraph of plain text, escaped."""
    return Paragraph(html=f"<p>{escape(text)}</p>", text=text)


def shorten(text, limit):
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–") + "…"


def looks_like_caption(text):
    """Short and not a sentence: a photo caption ("Toàn cảnh Hội thảo"), not body text."""
    return len(text) <= CAPTION_MAX_LENGTH and not text.endswith(SENTENCE_END)


def _looks_like_byline(block):
    return (
        isinstance(block, Paragraph)
        and not block.is_list
        and len(block.text) < BYLINE_MAX_LENGTH
        and not block.text.endswith(SENTENCE_END)
    )


def _find_date(blocks, known):
    """The article's date and the blocks without a line that only states it.

    A short line holding a date ("Cập nhật: 29/01/2021") is page metadata and
    leaves the body; a dateline ("Ngày 29/01/2021, Liên hiệp Hội…") is text
    and stays. Only the first date written this way counts: later dates are
    those of documents the article cites.
    """
    date = known
    kept = []
    for block in blocks:
        if isinstance(block, Paragraph) and not block.is_list:
            line_date = date_line_date(block.text)
            if line_date is not None and date in (None, line_date):
                date = line_date
                continue
            if date is None:
                date = dateline_date(block.text)
        kept.append(block)
    return date, kept


def assemble(source, title, blocks, date=None):
    """Build the ParsedArticle for ``blocks``, or raise Refused saying what is missing."""
    title = shorten(normalise(title), TITLE_MAX_LENGTH)
    if not title:
        raise Refused(_("no title"))
    dropped = [
        block.caption or block.source
        for block in blocks
        if isinstance(block, Figure) and block.path is None
    ]
    blocks = [block for block in blocks if not (isinstance(block, Figure) and block.path is None)]
    date, blocks = _find_date(blocks, date)

    paragraphs = [block for block in blocks if isinstance(block, Paragraph)]
    if not paragraphs:
        raise Refused(_("no article text once the menus, share buttons and links are removed"))
    if date is None:
        raise Refused(_('no date (expected e.g. "Ngày 29/01/2021" at the start of a paragraph)'))

    first = next((block for block in paragraphs if not block.is_list), paragraphs[0])
    lead = shorten(first.text, LEAD_MAX_LENGTH)
    if lead == first.text:
        blocks.remove(first)
    # else: the lead is cut short, and the body keeps the whole paragraph.

    byline = ""
    others = [block for block in blocks if isinstance(block, Paragraph)]
    if len(others) > 1 and blocks[-1] is others[-1] and _looks_like_byline(others[-1]):
        byline = blocks.pop().text
    if not any(isinstance(block, Paragraph) for block in blocks):
        raise Refused(_("only one paragraph: nothing is left for the body after the lead"))
    return ParsedArticle(
        source=source,
        title=title,
        date=date,
        lead=lead,
        byline=byline,
        body=blocks,
        dropped=dropped,
    )
