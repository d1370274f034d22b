"""Snippets of search results with the matched words marked, diacritics or not.

The reader typed "hoi thao"; the page says "Hội thảo". Matching happens on the
folded text and the marks are placed on the original characters.
"""

import re
from collections.abc import Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.folding import fold_with_positions

SNIPPET_LENGTH = 240
CONTEXT_BEFORE = 60


def _spans(folded: str, positions: list[int], words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) in the original text of every whole-word match of ``words``."""
    spans = []
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, words: Sequence[str], length: int | None = None) -> SafeString:
    """``text`` as safe HTML with ``words`` marked, cut to a window around the first match."""
    folded, positions, original = fold_with_positions(text)
    spans = _spans(folded, positions, words)
    start, end = 0, len(original)
    if length is not None and len(original) > length:
        first = spans[0][0] if spans else 0
        start = max(0, first - CONTEXT_BEFORE)
        if start:
            # Begin on a word.
            space = original.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(original), start + length)
        if end < len(original):
            space = original.rfind(" ", start, end)
            end = space if space > start else end
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(original[cursor:span_start]))
        pieces.append(f"<mark>{escape(original[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(original[cursor:end]))
    if end < len(original):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def snippet(
    texts: Iterable[str | None], words: Sequence[str], length: int | None = SNIPPET_LENGTH
) -> str:
    """The first of ``texts`` holding a match, highlighted; else the first text, cut."""
    texts = [text for text in texts if text]
    for text in texts:
        folded, _, _ = fold_with_positions(text)
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded) for word in words):
            return highlight(text, words, length)
    return highlight(texts[0], [], length) if texts else ""
