"""Wagtail's database search backend (PostgreSQL, SQLite, others), folding diacritics.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}``

Besides folding, equal scores are broken by recency, not by primary key: of two
equally relevant articles, the one with the later publication date comes first.
"""

from django.db.models import DateField, F
from django.db.models.functions import Cast, Coalesce
from modelsearch.backends.database import SearchBackend as database_backend

from . import FoldingBackendMixin


def recency_ordering(model):
    """Newest first: the article's own date where it has one, else when it went live."""
    from django.apps import apps
    from wagtail.models import Page

    if any(field.name == "date" for field in model._meta.get_fields()):
        return [F("date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True)]
    if not issubclass(model, Page):
        return []
    dated = [
        other
        for other in apps.get_models()
        if issubclass(other, model)
        and other is not model
        and other._meta.parents.get(model) is not None
        and any(field.name == "date" for field in other._meta.local_fields)
    ]
    published = Cast("first_published_at", DateField())
    newest = Coalesce(*[F(f"{other._meta.model_name}__date") for other in dated], published)
    if not dated:
        newest = published
    return [newest.desc(nulls_last=True), F("first_published_at").desc(nulls_last=True)]


class RecencyTieBreakMixin:
    """Order equal scores by recency instead of Wagtail's descending primary key."""

    def search(self, config, start, stop, *args, **kwargs):
        results = super().search(config, None, None, *args, **kwargs)
        ordering = list(results.query.order_by)
        if self.order_by_relevance and ordering[-1:] == ["-pk"]:
            results = results.order_by(*ordering[:-1], *recency_ordering(results.model), "-pk")
        return results[start:stop]


def _folding_subclass(backend_class):
    """``backend_class`` with folded queries and a compiler that breaks ties by recency."""
    compiler = type(
        f"Recency{backend_class.query_compiler_class.__name__}",
        (RecencyTieBreakMixin, backend_class.query_compiler_class),
        {},
    )
    return type(
        f"Folding{backend_class.__name__}",
        (FoldingBackendMixin, backend_class),
        {"query_compiler_class": compiler},
    )


_classes: dict[type, type] = {}


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    """The database backend Wagtail would pick for this database, with folding."""
    backend_class = type(database_backend(params))
    if backend_class not in _classes:
        _classes[backend_class] = _folding_subclass(backend_class)
    return _classes[backend_class](params)
