"""Search in the pages API: the same cleaned query as the search page."""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError

from .query import clean_query


class CleanSearchFilter(SearchFilter):
    """Wagtail's ``?search=`` with the query cleaned first; an empty query is a 400."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = clean_query(request.GET["search"])
        if not query:
            raise BadRequestError("search query is empty")
        operator = request.GET.get("search_operator")
        if operator not in (None, "and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        original = request._request.GET
        request._request.GET = original.copy()
        request._request.GET["search"] = query
        try:
            return super().filter_queryset(request, queryset, view)
        finally:
            request._request.GET = original
