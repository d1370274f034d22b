"""The home page and free-standing pages."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page

from core import visibility
from core.models import BasePage
from newsroom import queries
from newsroom.blocks import BodyBlock
from newsroom.models import AnnouncementPage, NewsIndexPage, NewsPage


class HomePage(BasePage):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences presenting the organisation, shown on the home page."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "newsroom.NewsIndexPage",
        "newsroom.AnnouncementIndexPage",
        "newsroom.SponsoredLinkIndexPage",
        "home.StandardPage",
    ]
    max_count_per_parent = 1
    page_description = _("The home page of the site: featured and latest news.")

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_search_text(self):
        return [self.intro, *self.stream_text()]

    def route(self, request, path_components):
        # Wagtail walks the tree one level at a time, two queries per level.
        # Here the deepest page on the way is found by its URL path in one
        # query, and routes what remains (a section's feed, say) itself.
        if not path_components:
            return super().route(request, path_components)
        # The URL path of each page on the way, and how many components it takes.
        lengths = {
            self.url_path + "/".join(path_components[:length]) + "/": length
            for length in range(1, len(path_components) + 1)
        }
        page = Page.objects.filter(url_path__in=lengths).order_by("-depth").first()
        if page is None:
            raise Http404
        return page.specific.route(request, path_components[lengths[page.url_path] :])

    featured_count = 4

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = visibility.readable(NewsPage.objects.descendant_of(self), request)
        context["featured"] = queries.newest_first(
            queries.with_listing_images(news.filter(featured=True))
        )[: self.featured_count]
        sections = list(visibility.readable(NewsIndexPage.objects.child_of(self), request))
        latest = queries.latest_per_section(sections, NewsPage, request)
        for section in sections:
            section.latest = latest.get(section.path, [])
        context["sections"] = sections
        context["open_announcements"] = queries.open_announcements(self, AnnouncementPage, request)
        return context


class StandardPage(BasePage):
    lead = models.TextField(
        _("lead"), blank=True, max_length=600, help_text=_("A short summary shown under the title.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    api_fields = [APIField("lead"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    page_description = _("A free-standing page such as the introduction or contact details.")

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_search_text(self):
        return [self.lead, *self.stream_text()]
