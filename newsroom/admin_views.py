"""The admin's listings of news and announcements, and the editor's dashboard panel.

A section's page explorer, and the flat lists "Tin bài" and "Thông báo" in the
menu, show what an editor looks for: the article's date, its section, its
tags, its status and when it was last changed, with filters on the same. A
listing costs the same number of queries whatever its length.
"""

from django.db.models import Max, prefetch_related_objects
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, DateFromToRangeFilter, ModelChoiceFilter
from taggit.models import Tag
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    ParentPageColumn,
)
from wagtail.admin.views.pages.listing import ExplorableIndexView, IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.models import Page, PageLogEntry

from core.folding import fold
from newsroom import queries

from .models import AnnouncementPage, NewsPage

MY_DRAFTS_LIMIT = 10


def _short_date(page):
    return formats.date_format(page.date, "d/m/Y") if page.date else ""


def _tag_names(page):
    return ", ".join(sorted((tag.name for tag in page.tags.all()), key=str.casefold))


COLUMNS = [
    BulkActionsColumn("bulk_actions"),
    PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
    ParentPageColumn("parent", label=_("Section")),
    Column("date", label=_("Date"), accessor=_short_date, sort_key="date", width="10%"),
    Column("tags", label=_("Tags"), accessor=_tag_names, width="18%"),
    PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
    DateColumn(
        "latest_revision_created_at",
        label=_("Updated"),
        sort_key="latest_revision_created_at",
        width="12%",
    ),
]


def filterset_for(model):
    """Wagtail's page filters, plus the article's date, section and a tag."""
    section_model = model.allowed_parent_page_models()[0]

    def filter_section(queryset, name, section):
        return queryset.child_of(section) if section else queryset

    def filter_tag(queryset, name, value):
        # "che" finds "Chè": tags compared folded, as search does, on any database.
        wanted = fold(value.strip())
        if not wanted:
            return queryset
        tags = [tag.pk for tag in Tag.objects.only("name") if fold(tag.name) == wanted]
        return queryset.filter(pk__in=model.objects.filter(tags__in=tags).values("pk"))

    attributes = {
        "date": DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget),
        "section": ModelChoiceFilter(
            label=_("Section"),
            queryset=lambda request: section_model.objects.order_by("path"),
            method=filter_section,
        ),
        "tag": CharFilter(label=_("Tag"), method=filter_tag, max_length=Tag.name.field.max_length),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    return type(f"{model.__name__}FilterSet", (PageFilterSet,), attributes)


class ArticleTableMixin:
    """Tags and sections of the listed articles, fetched once for the whole page of results."""

    def get_table(self, object_list):
        pages = [page for page in object_list if isinstance(page, (NewsPage, AnnouncementPage))]
        queries.attach_sections(pages)
        for page in pages:
            page._parent_page = page.section
        for model in (NewsPage, AnnouncementPage):
            group = [page for page in pages if type(page) is model]
            if group:
                prefetch_related_objects(group, "tags")
        return super().get_table(object_list)


class ArticleIndexView(ArticleTableMixin, IndexView):
    pass


class ArticleExplorableIndexView(ArticleTableMixin, ExplorableIndexView):
    pass


class ArticleListingViewSet(PageListingViewSet):
    """A flat list, in the menu, of every article of one type whatever its section."""

    index_view_class = ArticleIndexView
    columns = COLUMNS
    ordering = "-latest_revision_created_at"
    add_to_admin_menu = True


class NewsListingViewSet(ArticleListingViewSet):
    name = "news_pages"
    model = NewsPage
    filterset_class = filterset_for(NewsPage)
    menu_label = _("News articles")
    icon = "doc-full"
    menu_order = 150


class AnnouncementListingViewSet(ArticleListingViewSet):
    name = "announcement_pages"
    model = AnnouncementPage
    filterset_class = filterset_for(AnnouncementPage)
    menu_label = _("Announcements")
    icon = "info-circle"
    menu_order = 160


class NewsPageViewSet(PageViewSet):
    """The page explorer's listing of a news section: its articles, with these columns."""

    model = NewsPage
    index_view_class = ArticleExplorableIndexView
    columns = COLUMNS
    filterset_class = NewsListingViewSet.filterset_class


class AnnouncementPageViewSet(NewsPageViewSet):
    model = AnnouncementPage
    filterset_class = AnnouncementListingViewSet.filterset_class


class MyDraftsPanel(Component):
    """Dashboard: the pages I edited last whose latest changes are not published yet."""

    name = "my_drafts"
    template_name = "newsroom/panels/my_drafts.html"
    order = 220

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        edits = (
            PageLogEntry.objects.filter(
                user=self.request.user, action__in=["wagtail.create", "wagtail.edit"]
            )
            .filter(page__has_unpublished_changes=True)
            .values("page_id")
            .annotate(edited_at=Max("timestamp"))
            .order_by("-edited_at")[:MY_DRAFTS_LIMIT]
        )
        pages = (
            Page.objects.specific()
            .prefetch_workflow_states()
            .annotate_approved_schedule()
            .in_bulk([edit["page_id"] for edit in edits])
        )
        context["drafts"] = [
            (edit["edited_at"], pages[edit["page_id"]])
            for edit in edits
            if edit["page_id"] in pages
        ]
        return context
