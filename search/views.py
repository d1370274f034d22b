"""The search page and the search box's suggestions."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core import visibility
from core.folding import fold
from newsroom import queries
from newsroom.models import AnnouncementIndexPage, NewsIndexPage

from . import service
from .highlight import highlight, snippet
from .query import clean_query

RESULTS_PER_PAGE = 10
MAX_SUGGESTIONS = 10


def _section(request):
    """The section to search in (?section=<id>), if it is a readable news or notice section."""
    raw = request.GET.get("section", "")
    if not raw.isdigit() or len(raw) > 12:
        return None
    sections = Page.objects.type(NewsIndexPage, AnnouncementIndexPage)
    return visibility.readable(sections, request).filter(pk=int(raw)).first()


def _sections(request):
    sections = Page.objects.type(NewsIndexPage, AnnouncementIndexPage)
    return list(visibility.readable(sections, request).order_by("path"))


def requested_page(raw):
    """The page number asked for, between 1 and the last page search goes to."""
    try:
        number = int(str(raw)[:6])
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), service.MAX_RESULTS // RESULTS_PER_PAGE)


def snippet_sources(page):
    """Where a snippet may come from: the body's text, else what else the page says."""
    if hasattr(page, "body"):
        return page.stream_text()
    return page.get_search_text()


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    page_type = request.GET.get("type")
    page_type = page_type if page_type in service.TYPES else None
    section = _section(request)
    words = service.query_words(query)
    # Fetch the results up to the page asked for, and one page more to know
    # whether there is a next one.
    wanted = requested_page(request.GET.get("page"))
    limit = (wanted + 1) * RESULTS_PER_PAGE
    hits = service.search(query, request, page_type, section, limit=limit) if words else []
    page_obj = queries.paginate(hits, wanted, RESULTS_PER_PAGE)
    results = []
    if hits:
        for page in service.load_results(page_obj.object_list):
            texts = [getattr(page, "lead", ""), *snippet_sources(page)]
            results.append(
                {
                    "page": page,
                    "title": highlight(page.title, words),
                    "snippet": snippet(texts, words),
                    "section": getattr(page, "section", None),
                    "date": getattr(page, "date", None),
                }
            )
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "raw_query": request.GET.get("q", ""),
            "too_long": len(request.GET.get("q", "")) > len(query) + 50,
            "page_obj": page_obj,
            "results": results,
            "result_count": len(hits),
            "more_results": len(hits) >= limit,
            "page_type": page_type,
            "section": section,
            "sections": _sections(request),
            "types": service.TYPES,
        },
    )


@require_GET
def suggest(request):
    """Titles starting like the words typed, diacritics or not: at most 10, as JSON."""
    query = clean_query(request.GET.get("q", ""))
    suggestions = []
    if len(query) >= 2:
        found = []
        for pages in service.searchable_pages(request):
            found += get_search_backend().autocomplete(query, pages)[: MAX_SUGGESTIONS * 3]
        # Titles that begin with what was typed first, then those with the words inside.
        typed = fold(query)
        found.sort(key=lambda page: not fold(page.title).startswith(typed))
        suggestions = [{"title": page.title, "url": page.url} for page in found[:MAX_SUGGESTIONS]]
    response = JsonResponse({"query": query, "suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response
