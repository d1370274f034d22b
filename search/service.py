"""The reader's search: Wagtail's backend finds the pages, this module orders them.

The backend (``search.backends``) matches folded words, so diacritics never
matter. Results come in an order readers can predict:

1. pages whose title holds every word of the query,
2. pages holding every word somewhere,
3. pages holding some of the words;

and, within each group, the newest first. Each group is its own query, newest
first and limited to what the requested page needs, so the database never
ranks every match of a common word ("Hà Giang" is in most articles).
"""

import re
from dataclasses import dataclass

from django.apps import apps
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core import visibility
from core.folding import fold
from newsroom import queries
from newsroom.models.base import ArticlePage

# Readers do not page past this many results; it bounds the work per query.
MAX_RESULTS = 500
_WORD = re.compile(r"\w+")

TYPES = {
    "news": "newsroom.NewsPage",
    "announcements": "newsroom.AnnouncementPage",
    "pages": "home.StandardPage",
}


def query_words(query):
    """The folded words of a query, in order, without repeats."""
    return list(dict.fromkeys(_WORD.findall(fold(query))))


@dataclass
class Hit:
    page: object
    tier: int


def searchable_pages(request, page_type=None, section=None):
    """Per kind of page readers search, its readable pages, newest first.

    One queryset per kind, each ordered by its own indexed date, lets the
    database walk the newest pages and stop once it has enough matches.
    """
    from django.apps import apps

    labels = [TYPES[page_type]] if page_type else list(TYPES.values())
    querysets = []
    for label in labels:
        model = apps.get_model(label)
        pages = visibility.readable(model.objects.all(), request)
        if section is not None:
            pages = pages.descendant_of(section)
        dated = any(field.name == "date" for field in model._meta.get_fields())
        newest = ["-date", "-first_published_at"] if dated else ["-first_published_at"]
        only = ["id", "title", "path", "depth", "url_path", "content_type", "first_published_at"]
        querysets.append(pages.only(*only, *(["date"] if dated else [])).order_by(*newest, "-id"))
    return querysets


def recency(page):
    """What "newest" means for a page: its publication date, else when it first went live."""
    date = getattr(page, "date", None)
    if date is None and page.first_published_at:
        date = page.first_published_at.date()
    return (date.toordinal() if date else 0, page.pk)


def _matches(words, querysets, operator, limit, title_only=False):
    """The ``limit`` newest matches across every kind of page."""
    backend = get_search_backend()
    text = " ".join(words)
    found = []
    for pages in querysets:
        if title_only:
            # The autocomplete index holds the folded title alone.
            results = backend.autocomplete(text, pages, operator=operator, order_by_relevance=False)
        else:
            results = backend.search(text, pages, operator=operator, order_by_relevance=False)
        found.extend(results[:limit])
    found.sort(key=recency, reverse=True)
    return found[:limit]


def search(query, request=None, page_type=None, section=None, limit=MAX_RESULTS):
    """Pages matching ``query``, best first (see the module's docstring).

    ``limit`` is how many the caller needs, at most 500: the results up to the
    page being shown.
    """
    words = query_words(query)
    if not words:
        return []
    limit = min(limit, MAX_RESULTS)
    querysets = searchable_pages(request, page_type, section)
    hits, seen = [], set()

    def add(found, tier, keep=lambda page: True):
        for page in found:
            if page.pk not in seen and keep(page) and len(hits) < limit:
                seen.add(page.pk)
                hits.append(Hit(page, tier))

    def title_has_all_words(page):
        # Autocomplete matches the last word as a prefix; keep whole words only.
        return set(words) <= set(_WORD.findall(fold(page.title)))

    add(_matches(words, querysets, "and", limit, title_only=True), 0, title_has_all_words)
    if len(hits) < limit:
        add(_matches(words, querysets, "and", limit), 1)
    if len(hits) < limit and len(words) > 1:
        add(_matches(words, querysets, "or", limit), 2)
    return hits


def load_results(hits):
    """The specific pages of one page of hits, with their sections and listing images.

    Three queries whatever kinds of page the results hold: the pages with their
    specific fields and listing images (joined, not fetched per kind), their
    sections, and the images' renditions.
    """
    models = [apps.get_model(label) for label in TYPES.values()]
    names = [model._meta.model_name for model in models]
    images = [
        f"{model._meta.model_name}__listing_image"
        for model in models
        if any(field.name == "listing_image" for field in model._meta.get_fields())
    ]
    found = Page.objects.filter(pk__in=[hit.page.pk for hit in hits])
    by_id = {}
    for page in found.select_related(*names, *images):
        for name in names:
            specific = getattr(page, name, None)
            if specific is not None:
                by_id[page.pk] = specific
                break
    pages = [by_id[hit.page.pk] for hit in hits if hit.page.pk in by_id]
    queries.attach_sections([page for page in pages if isinstance(page, ArticlePage)])
    queries.fetch_renditions(getattr(page, "listing_image", None) for page in pages)
    return pages
