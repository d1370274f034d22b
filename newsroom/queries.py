"""The queries behind the pages readers see, each a fixed number of SQL queries.

What readers may see at all is core.visibility's rule; these build the
listings on top of it.
"""

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.images import get_image_model
from wagtail.models import Page

from core.visibility import readable

# How many articles the home page shows per section, and how many "other news".
LATEST_PER_SECTION = 5
RELATED_COUNT = 8


def with_listing_images(queryset, field="listing_image"):
    """Join the listing image and fetch its renditions in one more query.

    With ``field=None`` the queryset is of images themselves.
    """
    renditions = Prefetch(
        f"{field}__renditions" if field else "renditions",
        queryset=get_image_model().get_rendition_model().objects.all(),
    )
    if field:
        queryset = queryset.select_related(field)
    return queryset.prefetch_related(renditions)


def fetch_renditions(images):
    """The renditions of all these images (``None`` allowed) in one query."""
    prefetch_related_objects([image for image in images if image is not None], "renditions")


def attach_sections(articles):
    """Give each article, of any type, its section (``article.section``) in one query.

    Sections come as tree pages: their title, URL and type are all a list needs.
    """
    paths = {article.path[: -article.steplen] for article in articles}
    sections = {section.path: section for section in Page.objects.filter(path__in=paths)}
    for article in articles:
        article._section = sections[article.path[: -article.steplen]]


def newest_first(queryset):
    return queryset.order_by("-date", "-first_published_at", "-pk")


def articles_in(section, request=None):
    """A section's readable articles, newest first, with their listing images."""
    model = section.specific_class.allowed_subpage_models()[0]
    return newest_first(with_listing_images(readable(model.objects.child_of(section), request)))


def latest_per_section(sections, model, request=None, count=LATEST_PER_SECTION):
    """The ``count`` newest articles of each of ``sections``.

    One query per section, each read from the date index, and one for all the
    listing images' renditions. (A single query ranking every article with a
    window function sorts the whole archive: 0.6 s at 100,000 pages, against a
    few milliseconds per section this way.)

    Returns {section path: [article, …]}.
    """
    grouped = {}
    for section in sections:
        articles = readable(model.objects.child_of(section), request).select_related(
            "listing_image"
        )
        found = list(newest_first(articles)[:count])
        if found:
            grouped[section.path] = found
    fetch_renditions(article.listing_image for articles in grouped.values() for article in articles)
    return grouped


def open_announcements(home, model, request=None, count=5):
    """Announcements still open: no deadline, or a deadline still to come.

    Those closing soonest come first, then those without a deadline.
    """
    queryset = readable(model.objects.descendant_of(home), request).filter(
        Q(deadline__isnull=True) | Q(deadline__gt=timezone.now())
    )
    return with_listing_images(queryset).order_by(
        F("deadline").asc(nulls_last=True), "-date", "-pk"
    )[:count]


def body_images(page):
    """The images of a page's body (fetched together when the body is first read)."""
    return [
        block.value["image"]
        for block in page.body
        if block.block_type == "image" and block.value["image"] is not None
    ]


class ArchivePaginator(Paginator):
    """Pages through a long archive without reading more than the page shown.

    The rows of a page are found by their keys first (sorted from the indexes
    alone), then only those rows are read whole. ``counted`` is a cheaper
    queryset of the same length to count, when there is one.

    Near the start of the archive, where readers are, the articles are counted
    only up to ``horizon``: a section of 50,000 articles is not counted on every
    visit to its first page. The pagination then ends with "…" instead of the
    number of the last page. Past the horizon, the count is exact.
    """

    horizon = 1200
    # Pages past the one asked for that must be counted to draw its links.
    lookahead = 4

    def __init__(self, object_list, per_page, counted=None, number=1):
        super().__init__(object_list, per_page)
        self.counted = object_list if counted is None else counted
        self.count_is_exact = True
        self._enough = (number + self.lookahead) * per_page

    @cached_property
    def count(self):
        if self._enough <= self.horizon:
            found = self.counted[: self.horizon + 1].count()
            if found <= self.horizon:
                return found
            self.count_is_exact = False
            return self.horizon
        return self.counted.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)

    def get_elided_page_range(self, number=1, *, on_each_side=3, on_ends=2):
        if self.count_is_exact:
            yield from super().get_elided_page_range(
                number, on_each_side=on_each_side, on_ends=on_ends
            )
            return
        number = self.validate_number(number)
        first = number - on_each_side
        if first > on_ends + 1:
            yield from range(1, on_ends + 1)
            yield self.ELLIPSIS
        else:
            first = 1
        yield from range(first, min(number + on_each_side, self.num_pages) + 1)
        yield self.ELLIPSIS


def paginate(items, raw_number, per_page, counted=None):
    """The page of results asked for, or the nearest one that exists.

    ``?page=abc`` gives the first page, ``?page=0`` or a negative number the
    first, and a number past the end the last: never an error.
    """
    try:
        number = max(int(str(raw_number)[:20]), 1)
    except (TypeError, ValueError):
        number = 1
    if isinstance(items, QuerySet):
        paginator = ArchivePaginator(items, per_page, counted, number)
    else:
        paginator = Paginator(items, per_page)
    return paginator.page(min(number, paginator.num_pages))
