"""Articles saved from the old site as HTML pages.

The site's chrome (menus, share buttons, related news, comments, footer) is
removed first; the article is then read in document order into paragraphs,
headings, lists and photos. Rich text is rebuilt from scratch with the few
tags the body's paragraph block allows, so nothing else of the old markup
(styles, scripts, event handlers, javascript: links) reaches the new site.
"""

import datetime
import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString
from bs4.element import PreformattedString
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from .article import Figure, Heading, Paragraph, assemble, looks_like_caption
from .cleaning import clean_run, ends_article, is_chrome, normalise

CHROME_TAGS = [
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form",
    "iframe", "button", "select", "input", "textarea", "svg",
]  # fmt: skip
CHROME_NAMES = re.compile(r"share|social|related|comment|menu|breadcrumb", re.IGNORECASE)
# Never removed for their class: they hold the article itself.
CONTAINERS = {"html", "body", "article", "main"}
BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "figure", "hr", "li", "main", "p", "pre", "section", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}
FORMATTING = {"b": "b", "strong": "b", "i": "i", "em": "i"}
TITLE_SEPARATORS = (" - ", " | ", " – ", " — ")
# A short block around a <time> is the page's "posted on" line, not text.
META_LINE_MAX_LENGTH = 80
META_LINE_TAGS = sorted((BLOCK_TAGS | HEADINGS | {"header"}) - CONTAINERS)


def _is_chrome_element(element):
    if element.name in CONTAINERS:
        return False
    names = " ".join([*element.get("class", []), element.get("id") or ""])
    return bool(CHROME_NAMES.search(names))


def _inside_chrome(element):
    return any(
        parent.name in CHROME_TAGS or parent.name == "header" or _is_chrome_element(parent)
        for parent in [element, *element.parents]
        if parent.name
    )


def _title(soup):
    """The article's <h1>, else the page <title> without its " - site name" suffix."""
    for scope in (soup.find("article"), soup.find("main"), soup):
        if scope is None:
            continue
        for heading in scope.find_all("h1"):
            text = normalise(heading.get_text(" "))
            if text and (scope is not soup or not _inside_chrome(heading)):
                return text
    title = normalise(soup.title.get_text(" ")) if soup.title else ""
    for separator in TITLE_SEPARATORS:
        head = title.rpartition(separator)[0].strip()
        if head:
            return head
    return title


def _iso_date(value):
    value = (value or "").strip()
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date()


def _meta_date(soup):
    for attrs in (
        {"property": "article:published_time"},
        {"name": "article:published_time"},
        {"itemprop": "datePublished"},
    ):
        meta = soup.find("meta", attrs=attrs)
        date = _iso_date(meta.get("content")) if meta else None
        if date:
            return date
    return None


def _remove_chrome(soup):
    for element in soup.find_all(CHROME_TAGS):
        element.decompose()
    # The site's header goes; an article's own header keeps its title and date.
    for element in soup.find_all("header"):
        if not element.find_parent(["article", "main"]):
            element.decompose()
    for element in [element for element in soup.find_all(True) if _is_chrome_element(element)]:
        if not element.decomposed:
            element.decompose()


def _time_date(content):
    """The first <time datetime>, whose short "posted on" line then leaves the body."""
    for time in content.find_all("time"):
        date = _iso_date(time.get("datetime"))
        if date is None:
            continue
        line = time.find_parent(META_LINE_TAGS) or time
        if len(normalise(line.get_text(" "))) <= META_LINE_MAX_LENGTH:
            line.decompose()
        return date
    return None


def _safe_href(href):
    href = (href or "").strip()
    return href if urlsplit(href).scheme.lower() in ("http", "https") else ""


def _inline(node):
    """Rich-text HTML and plain text of an inline node: only b, i, http(s) links, lists."""
    if isinstance(node, NavigableString):
        if isinstance(node, PreformattedString):  # comments, CDATA, doctype
            return "", ""
        text = clean_run(str(node))
        return escape(text), text
    if node.name == "br":
        return " ", " "
    if node.name in LISTS:
        html, text = _list_html(node)
        return html, f" {text} "
    pieces = [_inline(child) for child in node.children]
    html = re.sub(r"\s+", " ", "".join(piece[0] for piece in pieces))
    text = "".join(piece[1] for piece in pieces)
    if not text.strip():
        return html, text
    tag = FORMATTING.get(node.name)
    href = _safe_href(node.get("href")) if node.name == "a" else ""
    if not tag and not href:
        return html, text
    # Spaces stay outside the tags: "<b>Hội thảo</b> tại", not "<b>Hội thảo </b>tại".
    before = " " if html.startswith(" ") else ""
    after = " " if html.endswith(" ") else ""
    opening = f'<a href="{escape(href)}">' if href else f"<{tag}>"
    closing = "</a>" if href else f"</{tag}>"
    return f"{before}{opening}{html.strip()}{closing}{after}", text


def _list_html(element):
    items = []
    for item in element.find_all("li", recursive=False):
        html, text = _inline(item)
        html, text = re.sub(r"\s+", " ", html).strip(), normalise(text)
        if text:
            items.append((f"<li>{html}</li>", text))
    tag = "ol" if element.name == "ol" else "ul"
    html = f"<{tag}>{''.join(item[0] for item in items)}</{tag}>" if items else ""
    return html, "; ".join(item[1] for item in items)


class _Reader:
    """Reads the article's elements in order into blocks, as a reader would see them."""

    def __init__(self, title, locate_image):
        self.title = title
        self.locate_image = locate_image
        self.blocks = []
        self.ended = False
        self._inline = []
        self._awaiting_caption = None

    def read(self, element):
        for child in element.children:
            if self.ended:
                return
            name = getattr(child, "name", None)
            if name is None:
                self._inline.append(_inline(child))
            elif name == "br":
                self._flush()
            elif name == "img":
                self._flush()
                self._image(child)
            elif name == "figure" and child.find("img"):
                self._flush()
                self._figure(child)
            elif name in HEADINGS:
                self._flush()
                self._heading(child)
            elif name in LISTS:
                self._flush()
                self._list(child)
            elif name in BLOCK_TAGS or child.find(["img", *BLOCK_TAGS, *HEADINGS, *LISTS]):
                self._flush()
                self.read(child)
                self._flush()
            else:
                self._inline.append(_inline(child))
        self._flush()

    def _add(self, block):
        self._awaiting_caption = block if isinstance(block, Figure) else None
        self.blocks.append(block)

    def _stops(self, text):
        if ends_article(text):
            self.ended = True
        return self.ended or is_chrome(text)

    def _flush(self):
        html = re.sub(r"\s+", " ", "".join(piece[0] for piece in self._inline)).strip()
        text = normalise("".join(piece[1] for piece in self._inline))
        self._inline = []
        if not text or self._stops(text):
            return
        figure = self._awaiting_caption
        if figure is not None and not figure.caption and looks_like_caption(text):
            figure.caption = text
            self._awaiting_caption = None
            return
        self._add(Paragraph(html=f"<p>{html}</p>", text=text))

    def _heading(self, element):
        text = normalise(element.get_text(" "))
        if not text or self._stops(text) or (element.name == "h1" and text == self.title):
            return
        level = "h2" if element.name in ("h1", "h2") else "h3"
        self._add(Heading(text=text, level=level))

    def _list(self, element):
        html, text = _list_html(element)
        if html and not self._stops(text):
            self._add(Paragraph(html=html, text=text, is_list=True))

    def _image(self, element, caption=""):
        src = element.get("src") or element.get("data-src") or ""
        if not src.strip():
            return
        self._add(
            Figure(
                path=self.locate_image(src),
                caption=caption,
                alt=normalise(element.get("alt")),
                source=src,
            )
        )

    def _figure(self, element):
        caption_element = element.find("figcaption")
        caption = normalise(caption_element.get_text(" ")) if caption_element else ""
        for number, image in enumerate(element.find_all("img")):
            self._image(image, caption if number == 0 else "")
        if caption:
            self._awaiting_caption = None


def local_image_finder(path, folder):
    """A function giving the file an <img src> of ``path`` names inside ``folder``.

    Only files already in the import folder count: a URL with a host is never
    fetched, and a path leading out of the folder is ignored.
    """
    root = folder.resolve()

    def find(src):
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return None
        relative = unquote(parts.path)
        # "/uploads/a.jpg" is taken relative to the import folder, the site's root.
        base = root if relative.startswith("/") else path.parent
        candidate = (base / relative.lstrip("/")).resolve()
        extension = candidate.suffix.lower().lstrip(".")
        if (
            not candidate.is_relative_to(root)
            or extension not in settings.WAGTAILIMAGES_EXTENSIONS
            or not candidate.is_file()
        ):
            return None
        return candidate

    return find


def parse_html(markup, source, path, folder):
    """Parse the HTML page ``markup`` (already decoded) saved at ``path``.

    Returns a ParsedArticle; raises Refused when the page holds no article.
    """
    soup = BeautifulSoup(markup, "html.parser")
    title = _title(soup)
    date = _meta_date(soup)
    _remove_chrome(soup)
    content = soup.find("article") or soup.find("main") or soup.body or soup
    date = date or _time_date(content)
    reader = _Reader(title, local_image_finder(path, folder))
    reader.read(content)
    return assemble(source, title, reader.blocks, date=date)
