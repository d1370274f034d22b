"""RSS 2.0 feeds: all news at /feed/, one section at <section url>feed/.

Text leaves escaped exactly once. An item's description is HTML in RSS, so
the plain-text lead is HTML-escaped first ("KH&CN" reaches the reader as
"KH&CN", a typed "<img …>" as those characters, never as markup). Plain-text
elements (titles, categories, authors) spell "&" and "<" as hexadecimal
character references, as the RSS Advisory Board recommends and the W3C feed
validator checks; control characters, which XML 1.0 cannot carry, are dropped.
"""

import datetime
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.models import Site

from core import visibility
from newsroom import queries

FEED_SIZE = 30
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


class TextXMLGenerator(SimplerXMLGenerator):
    def characters(self, content):
        if content:
            text = CONTROL_CHARACTERS.sub("", str(content))
            text = text.replace("&", "&#x26;").replace("<", "&#x3C;").replace(">", "&#x3E;")
            # Written as it is: the escaping above replaces the generator's own.
            self.ignorableWhitespace(text)


class RssFeed(Rss201rev2Feed):
    def write(self, outfile, encoding):
        handler = TextXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")


class ArticleFeed(Feed):
    """The newest articles of a section, or of every news section of the site."""

    feed_type = RssFeed

    def get_object(self, request, section=None):
        self.request = request
        self.site = Site.find_for_request(request)
        return section

    def title(self, section):
        # A feed's title may not be blank: the organisation's name if the site has none.
        site_name = (self.site.site_name if self.site else "") or settings.WAGTAIL_SITE_NAME
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
                visibility.readable(NewsPage.objects.descendant_of(root), self.request)
            )
        return articles.prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return escape(article.lead)

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
