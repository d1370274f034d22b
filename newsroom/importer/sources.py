"""Finding the exported files in the import folder and reading them safely.

Every reason to refuse a file is found here or by the parsers, and raised as
Refused, so that one bad file never stops the others from being imported.
"""

from bs4.dammit import EncodingDetector, UnicodeDammit
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .article import Refused
from .cleaning import normalise
from .parse_html import parse_html
from .parse_text import parse_text

MAX_FILE_SIZE = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = set(range(32)) - {9, 10, 12, 13}
_SNIFF_BYTES = 8192


def find_sources(folder):
    """The article files under ``folder``, in a stable order.

    Hidden files and folders (".git", macOS "._name" copies) are skipped.
    """
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found, key=lambda path: source_name(path, folder))


def source_name(path, folder):
    """The name a file is recorded under: its path in the folder, in POSIX form."""
    return path.relative_to(folder).as_posix()


def _looks_binary(data):
    head = data[:_SNIFF_BYTES]
    controls = sum(byte in _CONTROL for byte in head)
    return b"\x00" in head or controls > len(head) // 100


def _decode_html(data):
    """The page's text in its declared charset; UTF-8 when it declares none."""
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared:
        markup = UnicodeDammit(data, known_definite_encodings=[declared], is_html=True)
        if markup.unicode_markup is not None and markup.original_encoding == declared:
            return markup.unicode_markup
        raise Refused(
            _("cannot be read in the character set it declares (%(charset)s)")
            % {"charset": declared}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(_("declares no character set and is not UTF-8")) from None


def read_article(path, folder):
    """Read and parse the file at ``path``; returns a ParsedArticle or raises Refused."""
    if path.stat().st_size > MAX_FILE_SIZE:
        raise Refused(
            _("larger than the %(limit)s limit") % {"limit": filesizeformat(MAX_FILE_SIZE)}
        )
    if not path.resolve().is_relative_to(folder.resolve()):
        raise Refused(_("a link to a file outside the import folder"))
    data = path.read_bytes()
    if _looks_binary(data):
        raise Refused(_("not a text file (binary content)"))
    source = source_name(path, folder)
    if path.suffix.lower() in TEXT_SUFFIXES:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(_("not UTF-8 text (save it as UTF-8 and import it again)")) from None
        if not normalise(text):
            raise Refused(_("empty"))
        return parse_text(text, source, path)
    markup = _decode_html(data)
    if not normalise(markup):
        raise Refused(_("empty"))
    return parse_html(markup, source, path, folder)
