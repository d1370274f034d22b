"""Text clean-up shared by both parsers: Unicode, whitespace, dates and site chrome.

The old site's pages carry menus, share buttons and lists of other news around
the article; the rules here recognise them by their wording, so that the same
rules apply to the plain-text export and to saved HTML pages.
"""

import datetime
import re
import unicodedata

# Invisible characters old editors leave in pasted text; \s does not match them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")

# "29/01/2021", "29-1-2021", "29.01.2021" and "29 tháng 1 năm 2021".
_NUMERIC = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})"
# A dateline opens the article: "Ngày 29/01/2021, …", "Hà Giang, ngày 29/1/2021 - …",
# "(LHH) - Ngày …". The words before "ngày" may hold no digit and no full stop,
# so that "Công văn số 135/UBND-KTTH ngày 14/01/2021" is not mistaken for one.
_DATELINE = re.compile(
    rf"^(?:[^\d,.;:!?]{{1,40}}[,–—-]\s*)?ngày\s+(?:{_NUMERIC}|{_WORDS})", re.IGNORECASE
)
_ANY_DATE = re.compile(rf"{_NUMERIC}|{_WORDS}", re.IGNORECASE)
# A line holding little but a date ("Cập nhật: 29/01/2021 08:15") is page metadata:
# short, not a sentence, and a few words at most once dates and times are taken
# out. "Ngày 2/3/2021, Hội nghị họp." is as short, but it is text.
DATE_LINE_MAX_LENGTH = 60
DATE_LINE_MAX_WORDS = 6
_SENTENCE_END = (".", "!", "?", "…")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")

# Headings of the "other news" box: the article ends where they start.
_END_MARKERS = {
    "các tin tức khác",
    "tin tức khác",
    "các tin khác",
    "tin khác",
    "tin liên quan",
    "bài viết liên quan",
    "các bài viết khác",
}
# The footer credit, in case a page has no "other news" box.
_FOOTER = re.compile(r"^thiết kế (?:web|website)\b", re.IGNORECASE)
_SHARE = re.compile(r"\bsubmit thread to\b|^(?:chia sẻ|share|tweet|in bài viết)\s*:?$", re.I)


def clean_run(text):
    """NFC text with runs of whitespace made one space and invisible characters removed.

    Old Vietnamese sites often store "ệ" as "e" plus two combining marks, which
    looks the same but defeats search and comparison.
    """
    text = unicodedata.normalize("NFC", (text or "").translate(_INVISIBLE))
    return _SPACES.sub(" ", text)


def normalise(text):
    """``clean_run`` without the spaces at either end: a whole line or paragraph."""
    return clean_run(text).strip()


def ends_article(line):
    """True for the heading of the "other news" list or the footer credit."""
    words = line.removeprefix("icon ").strip(" :").casefold()
    return words in _END_MARKERS or bool(_FOOTER.match(words))


def is_chrome(line):
    """True for share buttons and the site's icon links, which are not article text."""
    return line.startswith("icon ") or bool(_SHARE.search(line))


def _to_date(match):
    day, month, year = (int(group) for group in match.groups() if group is not None)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def dateline_date(text):
    """The date an article opens with ("Ngày 29/01/2021, …"), or None."""
    match = _DATELINE.match(text)
    return _to_date(match) if match else None


def date_line_date(text):
    """The date of a short line that holds little else, or None."""
    if len(text) > DATE_LINE_MAX_LENGTH:
        return None
    match = _ANY_DATE.search(text)
    if match is None or text.endswith(_SENTENCE_END):
        return None
    dateline = _DATELINE.match(text)
    if dateline and len(_WORD.findall(_TIME.sub(" ", text[dateline.end() :]))) > 1:
        return None  # "Ngày 29/01/2021, Hội nghị họp": the article's first sentence
    rest = _TIME.sub(" ", _ANY_DATE.sub(" ", text))
    if len(_WORD.findall(rest)) > DATE_LINE_MAX_WORDS:
        return None
    return _to_date(match)
