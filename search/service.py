"""The reader's search: Wagtail's backend finds the pages, this module orders them.

The backend (``search.backends``) matches folded words, so diacritics never
matter. Its own scores differ from one backend to the next, so the candidates
it returns are put in an order readers can predict:

1. pages whose title holds every word of the query,
2. pages holding every word somewhere,
3. pages whose title holds some of the words,
4. pages holding some of the words;

and, within each group, the newest first.
"""

import re
from dataclasses import dataclass

from django.db.models import DateField, F, Prefetch
from django.db.models.functions import Cast, Coalesce
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from newsroom import queries

from .folding import fold

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
    """Readable pages of the kinds readers search, with a recency to sort them by."""
    from django.apps import apps

    models = (
        [apps.get_model(TYPES[page_type])]
        if page_type
        else [apps.get_model(label) for label in TYPES.values()]
    )
    pages = queries.readable(Page.objects.type(*models), request)
    if section is not None:
        pages = pages.descendant_of(section)
    published = Cast("first_published_at", DateField())
    return pages.annotate(
        recency=Coalesce(F("newspage__date"), F("announcementpage__date"), published)
    )


def search(query, request=None, page_type=None, section=None):
    """Pages matching ``query``, best first (see the module's docstring), at most 500."""
    words = query_words(query)
    if not words:
        return []
    backend = get_search_backend()
    pages = searchable_pages(request, page_type, section)
    text = " ".join(words)
    candidates = list(backend.search(text, pages, operator="or")[:MAX_RESULTS])
    if len(words) > 1:
        all_words = backend.search(text, pages, operator="and")[:MAX_RESULTS]
        with_all_words = {page.pk for page in all_words}
    else:
        with_all_words = {page.pk for page in candidates}

    hits = []
    for page in candidates:
        title_words = set(_WORD.findall(fold(page.title)))
        in_title = sum(word in title_words for word in words)
        if in_title == len(words):
            tier = 0
        elif page.pk in with_all_words:
            tier = 1
        elif in_title:
            tier = 2
        else:
            tier = 3
        hits.append(Hit(page, tier))
    hits.sort(key=lambda hit: (hit.tier, -_ordinal(hit.page.recency), -hit.page.pk))
    return hits


def _ordinal(day):
    return day.toordinal() if day else 0


def load_results(hits):
    """The specific pages of one page of hits, with what the results list shows."""
    pages = Page.objects.filter(pk__in=[hit.page.pk for hit in hits]).specific()
    by_id = {page.pk: page for page in pages}
    specific = [by_id[hit.page.pk] for hit in hits if hit.page.pk in by_id]
    by_model = {}
    for page in specific:
        by_model.setdefault(type(page), []).append(page)
    renditions = get_image_model().get_rendition_model().objects.all()
    for model, group in by_model.items():
        if hasattr(model, "prefetch_sections"):
            model.prefetch_sections(group)
        if any(field.name == "listing_image" for field in model._meta.get_fields()):
            from django.db.models import prefetch_related_objects

            prefetch_related_objects(
                group,
                "listing_image",
                Prefetch("listing_image__renditions", queryset=renditions),
            )
    return specific
