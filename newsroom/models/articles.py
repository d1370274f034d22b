"""News sections and the news articles in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey

from .base import ArticlePage, ArticleSectionPage, RelatedPage
from .tags import NewsPageTag


class NewsIndexPage(ArticleSectionPage):
    """A news section such as "Tin tức – Sự kiện"; a site may have several."""

    subpage_types = ["newsroom.NewsPage"]
    page_description = _("A news section listing its articles, newest first.")

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")


class NewsPage(ArticlePage):
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["newsroom.NewsIndexPage"]
    subpage_types: list[str] = []
    page_description = _("A news article: date, lead, body, photos and byline.")

    class Meta(ArticlePage.Meta):
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class NewsPageRelatedPage(RelatedPage):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_pages")
