"""The newsroom's page types: sections of news, announcements and partner links."""

from .announcements import AnnouncementAttachment, AnnouncementIndexPage, AnnouncementPage
from .articles import NewsIndexPage, NewsPage
from .base import ArticlePage, ArticleSectionPage, RelatedPage
from .sponsored_links import (
    Placement,
    SponsoredLinkClicks,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
)
from .tags import AnnouncementPageTag, NewsPageTag

__all__ = [
    "AnnouncementAttachment",
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "AnnouncementPageTag",
    "ArticlePage",
    "ArticleSectionPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "Placement",
    "RelatedPage",
    "SponsoredLinkClicks",
    "SponsoredLinkIndexPage",
    "SponsoredLinkPage",
]
