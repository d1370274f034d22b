"""Articles exported from the old site as plain text.

The export is what a reader sees, line by line (see the sample in
tests/import_samples/): the title, then one paragraph per line with blank lines
between them, then the site's share buttons, the "Các tin tức khác" list and
the partner links. A photo leaves two lines behind: its alt text, which the old
site always set to the article's title, and its caption.
"""

from django.conf import settings

from .article import Figure, assemble, looks_like_caption, paragraph
from .cleaning import ends_article, is_chrome, normalise


def _lines(text):
    """The article's paragraphs, without the site chrome, as normalised strings.

    A line that starts in lower case continues the previous one: that is a
    paragraph wrapped by the tool that made the export, not a new paragraph.
    """
    paragraphs = []
    continues = False
    for raw in text.splitlines():
        line = normalise(raw)
        if not line:
            continues = False
            continue
        if ends_article(line):
            break
        if is_chrome(line):
            continue
        if continues and line[0].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        continues = True
    return paragraphs


def image_stem(path, number):
    """The name, without extension, of the ``number``-th photo of ``path``.

    ``bai-viet`` for the first photo of ``bai-viet.txt``, ``bai-viet-2`` for the
    second, and so on.
    """
    return path.stem if number == 1 else f"{path.stem}-{number}"


def image_beside(path, number):
    """The ``number``-th photo's file next to ``path``, in any image format, or None."""
    stem = image_stem(path, number)
    wanted = {f"{stem}.{extension}".casefold() for extension in settings.WAGTAILIMAGES_EXTENSIONS}
    for candidate in sorted(path.parent.iterdir()):
        if candidate.name.casefold() in wanted and candidate.is_file():
            return candidate
    return None


def parse_text(text, source, path):
    """Parse the plain-text export ``text`` of the file at ``path``.

    Returns a ParsedArticle; raises Refused when the text is not an article.
    """
    lines = _lines(text)
    if not lines:
        return assemble(source, "", [])
    title, rest = lines[0], lines[1:]
    blocks = []
    position = 0
    while position < len(rest):
        line = rest[position]
        position += 1
        if line.casefold() != title.casefold():
            blocks.append(paragraph(line))
            continue
        # The title repeated is a photo's alt text; a short line after it is its caption.
        caption = ""
        following = rest[position] if position < len(rest) else ""
        if following and looks_like_caption(following) and following.casefold() != line.casefold():
            caption = rest[position]
            position += 1
        number = sum(isinstance(block, Figure) for block in blocks) + 1
        blocks.append(
            Figure(
                path=image_beside(path, number),
                caption=caption,
                alt=line,
                source=f"{image_stem(path, number)}.*",
            )
        )
    return assemble(source, title, blocks)
