"""RSS 2.0 feeds: all news at /feed/, one section at <section url>feed/."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from newsroom import queries

FEED_SIZE = 30


class ArticleFeed(Feed):
    """The newest articles of a section, or of every news section of the site."""

    def get_object(self, request, section=None):
        self.request = request
        self.site = Site.find_for_request(request)
        return section

    def title(self, section):
        site_name = self.site.site_name if self.site else ""
        return f"{section.title} – {site_name}" if section else site_name

    def link(self, section):
        return section.url if section else "/"

    def description(self, section):
        if section and section.intro:
            return section.intro
        return _("The latest news")

    def items(self, section):
        from newsroom.models import NewsPage

        if section is not None:
            articles = section.get_articles(self.request)
        else:
            root = self.site.root_page if self.site else None
            articles = queries.newest_first(
                queries.readable(NewsPage.objects.descendant_of(root), self.request)
            )
        return articles.prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return article.url

    def item_pubdate(self, article):
        # The date editors chose, at the time of day the article first went live.
        published = article.first_published_at or timezone.now()
        moment = datetime.datetime.combine(article.date, timezone.localtime(published).time())
        return timezone.make_aware(moment)

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return article.byline or None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]
