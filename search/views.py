"""The reader-facing search page."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from .query import clean_query

RESULTS_PER_PAGE = 10


def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = (
        Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "page_obj": page}
    )
