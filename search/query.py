"""Search queries as readers type them, made safe for every search backend."""

import unicodedata

MAX_QUERY_LENGTH = 200

# Quotes open phrases some backends cannot close; control characters (NUL
# among them) make SQLite's full-text engine fail. Neither carries meaning.
_DROPPED = {'"', "\u201c", "\u201d", "`"}


def clean_query(raw: object) -> str:
    """The words of ``raw``, without control characters or quotes, at most 200 characters."""
    text = unicodedata.normalize("NFC", str(raw or ""))[: MAX_QUERY_LENGTH * 2]
    kept = [
        " " if char in _DROPPED or unicodedata.category(char).startswith("C") else char
        for char in text
    ]
    return " ".join("".join(kept).split())[:MAX_QUERY_LENGTH].strip()
