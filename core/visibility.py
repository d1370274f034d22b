"""What readers may see: the one rule the site, its search, feeds, webhooks and the API share.

A page is shown to readers when it is live, outside every section behind a
login or a password, and its own type does not hide it now (a partner link
outside its display window: ``hidden_now()`` on the page model). The same rule
holds whoever asks, so that every answer can be cached and shared.

- ``readable(queryset, request)``: the pages of a queryset readers may open,
  for listings of one type (the type's own window is its caller's business).
- ``visible_pages(request)``: every page readers may open, of any type: what
  the API lists and finds.
- ``BasePage.readers_can_see()`` (core.models): the same question for one page.

Wagtail's ``PageQuerySet.public()`` looks the view restrictions up every time
it is called; a page built from four listings would pay four times. Here they
are looked up once per request. Images and documents have their own rule,
core.media_access: a file is public once a public page uses it.
"""

from typing import Any

from django.apps import apps
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


def private_paths(request: Any = None) -> list[str]:
    """Tree paths of the pages behind a login or password; their descendants too are private."""
    cached = getattr(request, "_private_paths", None)
    if cached is not None:
        return cached
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if request is not None:
        request._private_paths = paths
    return paths


def _private_q(request: Any) -> Q:
    q = Q()
    for path in private_paths(request):
        q |= Q(path__startswith=path)
    return q or Q(pk__in=[])


def readable(queryset: PageQuerySet, request: Any = None) -> PageQuerySet:
    """Live pages outside any login- or password-protected section."""
    return queryset.live().exclude(_private_q(request))


def visible_pages(request: Any = None) -> PageQuerySet:
    """Every page readers may open now, whatever its type."""
    pages = readable(Page.objects.all(), request)
    for model in apps.get_models():
        hidden_now = getattr(model, "hidden_now", None)
        if hidden_now is not None and issubclass(model, Page):
            pages = pages.exclude(pk__in=hidden_now().values("pk"))
    return pages
