"""What the listings do with their (already validated) query parameters.

Stricter than Wagtail's filters about what they take in (``api.parameters``
checked it), and more accommodating about how parameters combine, so that
every request the OpenAPI document allows gets an answer:

- a field filter or an ordering on a field some page types have works
  without ``?type=`` too (on the pages of those types);
- ``child_of``, ``descendant_of`` and ``ancestor_of`` combine, and name a page
  that does not exist (or is not readable) to get an empty list;
- ``order=random`` takes an ``offset``; search combines with ordering and tag
  filters, and a query left empty by cleaning finds nothing.

``view.params`` holds the parsed parameters (``api.parameters.validate``).
"""

from typing import Any

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from search.query import clean_query

from .parameters import INT_MAX

# Matches of a search, at most: enough for any reader, and a bounded query.
SEARCH_LIMIT = 1000


def _models_with(view: Any, name: str) -> list[Any]:
    return [model for model in view.models() if name in view.filterable_fields(model)]


class TreeFilter(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        params = view.params
        for name, method in (
            ("child_of", "child_of"),
            ("descendant_of", "descendant_of"),
            ("ancestor_of", "ancestor_of"),
        ):
            if name not in params:
                continue
            value = params[name]
            if value == "root":
                page = view.get_root_page()
            elif value <= INT_MAX:
                page = view.get_base_queryset().filter(pk=value).first()
            else:
                page = None
            if page is None:
                return queryset.none()
            queryset = getattr(queryset, method)(page)
        return queryset


class FieldFilter(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        for name, value in view.params.items():
            if name not in view.filter_names():
                continue
            if name in view.filterable_fields(queryset.model):
                queryset = self._filter(queryset, name, value)
                continue
            # Pages of the types that have this field, whichever they are.
            matching = Q(pk__in=[])
            for model in _models_with(view, name):
                ids = self._filter(model.objects.all(), name, value).values("pk")
                matching |= Q(pk__in=ids)
            queryset = queryset.filter(matching)
        return queryset

    @staticmethod
    def _filter(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if name == "tags":
            for tag in value:
                queryset = queryset.filter(tags__name=tag)
            return queryset
        return queryset.filter(**{name: value})


class LocaleFilter(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        if "locale" not in view.params:
            return queryset
        return queryset.filter(
            locale__in=Locale.objects.filter(language_code=view.params["locale"])
        )


class OrderFilter(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        names = view.params.get("order")
        if not names:
            return queryset
        if names == ["random"]:
            return queryset.order_by("?")
        annotations: dict[str, BaseExpression]
        ordering, annotations = [], {}
        for item in names:
            descending, name = item.startswith("-"), item.lstrip("-")
            if name in view.orderable_fields(queryset.model):
                expression = name
            else:
                expression = f"_order_{name}"
                annotations.setdefault(expression, self._across_types(view, name))
            # Pages without the field (or without a value) come last, both ways.
            field = F(expression)
            ordering.append(
                field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
            )
        return queryset.annotate(**annotations).order_by(*ordering, "pk")

    @staticmethod
    def _across_types(view: Any, name: str) -> BaseExpression:
        """The field's value on whichever page type has it; None for the others."""
        values = [
            Subquery(model.objects.filter(pk=OuterRef("pk")).values(name)[:1])
            for model in _models_with(view, name)
        ]
        if not values:
            return Value(None)
        return Coalesce(*values) if len(values) > 1 else values[0]


class SearchFilter(BaseFilterBackend):
    """The search of the site (diacritics folded), among what the other filters kept.

    The search backend is asked for the best matches among everything the
    endpoint shows; the listing then keeps those the other parameters allow,
    in order of relevance unless ``order`` says otherwise.
    """

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        if "search" not in view.params:
            return queryset
        query = clean_query(view.params["search"])
        if not query:
            return queryset.none()
        matches = get_search_backend().search(
            query,
            view.searchable_queryset(),
            operator=view.params.get("search_operator"),
            order_by_relevance=True,
        )
        ids = [match.pk for match in matches[:SEARCH_LIMIT]]
        queryset = queryset.filter(pk__in=ids)
        if "order" in view.params or not ids:
            return queryset
        rank = Case(
            *(When(pk=pk, then=Value(position)) for position, pk in enumerate(ids)),
            output_field=IntegerField(),
        )
        return queryset.annotate(_search_rank=rank).order_by("_search_rank")
