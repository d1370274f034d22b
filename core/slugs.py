"""ASCII slugs from Vietnamese titles, on the server and in the editor's browser.

Django's ``slugify`` drops "đ" ("Đảng đoàn" → ``ang-oan``) and Wagtail's editor,
with Unicode slugs off, drops every letter outside Latin-1 ("Hội thảo" → ``hi-tho``).
Both sides here transliterate the same way, so a title gives the same slug
whether the page is created in the admin or from code.
"""

import re
import unicodedata
from itertools import product
from typing import Any

from anyascii import anyascii
from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput

# Page.slug is 255 characters; keep room for the "-2" Wagtail adds on a clash.
SLUG_MAX_LENGTH = 240

# Official titles are full of "42-CT/TW", "14/4/2010", "TP.HCM": treat these
# marks as word breaks instead of gluing the words together.
SEPARATORS = r"[/\\.,:;|+]+"
_separators = re.compile(SEPARATORS)

_BASE_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def vietnamese_slugify(text: str | None) -> str:
    """Return an ASCII slug for ``text``: "Đảng đoàn Hà Giang" → ``dang-doan-ha-giang``."""
    ascii_text = anyascii(_separators.sub(" ", text or ""))
    return slugify(ascii_text)[:SLUG_MAX_LENGTH].strip("-")


def vietnamese_letters() -> list[str]:
    """Every accented Vietnamese letter, lower and upper case, with đ/Đ."""
    letters = {
        unicodedata.normalize("NFC", vowel + tone)
        for vowel, tone in product(_BASE_VOWELS, _TONE_MARKS)
    }
    letters.add("đ")
    letters |= {letter.upper() for letter in letters}
    return sorted(letter for letter in letters if not letter.isascii())


def slug_formatters() -> list[tuple[str, str]]:
    """Regex replacements the editor's slug field applies before its own clean-up.

    One character class per ASCII letter ("[àáảãạăằ…]" → "a"), then the word
    separators, so the browser produces what ``vietnamese_slugify`` does.
    """
    by_ascii: dict[str, list[str]] = {}
    for letter in vietnamese_letters():
        by_ascii.setdefault(anyascii(letter), []).append(letter)
    formatters = [
        ("[" + "".join(letters) + "]", ascii_letter)
        for ascii_letter, letters in sorted(by_ascii.items())
    ]
    formatters.append((SEPARATORS, " "))
    return formatters


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug widget, taught to transliterate Vietnamese."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        formatters: list[tuple[re.Pattern[str] | str, str | None]] | None = None,
        locale: object | None = None,
    ) -> None:
        super().__init__(attrs=attrs, formatters=formatters or slug_formatters(), locale=locale)
