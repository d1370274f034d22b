"""Importing the old site's articles, exported as plain text or saved as HTML.

``sources`` finds and reads the files, ``parse_text`` and ``parse_html`` turn
them into the same ``ParsedArticle`` (``article``), and ``pages`` saves that
as a news page. The ``import_articles`` management command drives them.
"""

from .article import ParsedArticle, Refused
from .pages import CREATED, REFUSED, SKIPPED, UNCHANGED, UPDATED, ArticleImporter, Outcome
from .sources import find_sources, read_article, source_name

__all__ = [
    "CREATED",
    "REFUSED",
    "SKIPPED",
    "UNCHANGED",
    "UPDATED",
    "ArticleImporter",
    "Outcome",
    "ParsedArticle",
    "Refused",
    "find_sources",
    "read_article",
    "source_name",
]
