"""What news and announcements have in common."""

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from api import fields as api_fields
from core import visibility
from core.models import BasePage, optional_image
from newsroom import queries
from newsroom.blocks import BodyBlock

ARTICLE_TYPES = ["newsroom.NewsPage", "newsroom.AnnouncementPage"]


class SectionPage(BasePage):
    """A section of the site listing its child pages."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A sentence shown above the list.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    # Editors look for what they wrote last, not for the tree order.
    admin_default_ordering = "-latest_revision_created_at"

    class Meta:
        abstract = True

    def get_search_text(self):
        return [self.intro]


class ArticleSectionPage(RoutablePageMixin, SectionPage):
    """A section of dated articles: paginated, filterable by tag, with an RSS feed."""

    per_page = 12

    class Meta:
        abstract = True

    def get_articles(self, request=None):
        return queries.articles_in(self, request)

    def get_template(self, request, *args, **kwargs):
        # News and announcement sections look the same.
        return "newsroom/article_section_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.get_articles(request)
        # Every child of a section is one of its articles (the tree rules
        # allow nothing else), so the page tree alone can count them.
        counted = visibility.readable(self.get_children(), request)
        tag_slug = request.GET.get("tag", "").strip()[:100]
        if tag_slug:
            articles = counted = articles.filter(tags__slug=tag_slug)
            context["tag"] = Tag.objects.filter(slug=tag_slug).first()
            context["tag_slug"] = tag_slug
        context["page_obj"] = queries.paginate(
            articles, request.GET.get("page"), self.per_page, counted
        )
        return context

    def get_cached_paths(self):
        # What a CDN is told to forget when the section changes.
        return ["/", "/feed/"]

    @path("feed/")
    def feed(self, request):
        from newsroom.feeds import ArticleFeed

        return ArticleFeed()(request, section=self)


class ArticlePage(BasePage):
    """A dated article with a lead, a body, a byline and tags."""

    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("The date readers see; today by default."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("One or two sentences summarising the article, shown in lists and shares."),
    )
    listing_image = optional_image(
        _("listing image"),
        help_text=_("Shown in lists, on the home page and when the article is shared."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    byline = models.CharField(
        _("byline"),
        max_length=255,
        blank=True,
        help_text=_("The author as printed at the end, e.g. Cao Hồng Kỳ, Chairman of the union."),
    )
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Show this article in the home page's highlights."),
    )
    # Set by import_articles: the file the article came from, relative to the
    # import folder, so that importing the folder again updates this page
    # instead of adding a copy. Never shown to editors.
    import_source = models.CharField(
        _("import source"), max_length=500, blank=True, db_index=True, editable=False
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
        FieldPanel("byline"),
        FieldPanel("tags"),
        InlinePanel("related_pages", heading=_("Related pages"), label=_("Related page")),
    ]
    promote_panels = BasePage.promote_panels + [
        MultiFieldPanel([FieldPanel("featured")], heading=_("Home page")),
    ]
    search_fields = BasePage.search_fields + [
        index.FilterField("date"),
        index.FilterField("featured"),
    ]
    api_fields = [
        APIField("date"),
        APIField("lead"),
        APIField("byline"),
        APIField("tags", serializer=api_fields.TagNamesField()),
        APIField("listing_image", serializer=api_fields.ImageField()),
        APIField("featured"),
        APIField("body"),
        APIField("related_pages", serializer=api_fields.RelatedPagesField()),
        APIField("section", serializer=api_fields.SectionField()),
    ]

    class Meta:
        abstract = True
        # Newest first is how every list reads articles: the pair lets the
        # database sort a section's keys from the index alone, and the partial
        # index finds the home page's few highlights without reading the rest.
        indexes = [
            models.Index(fields=["-date", "-page_ptr"], name="%(class)s_newest"),
            models.Index(
                fields=["-date"], condition=models.Q(featured=True), name="%(class)s_featured"
            ),
        ]

    def get_search_text(self):
        tags = [tag.name for tag in self.tags.all()]
        return [self.lead, *self.stream_text(), self.byline, *tags]

    @classmethod
    def api_prefetch(cls, queryset):
        """What the API needs for a list of these pages, in a fixed number of queries."""
        related = cls._meta.get_field("related_pages").related_model
        return queries.with_listing_images(queryset.select_related("locale")).prefetch_related(
            "tags",
            Prefetch("related_pages", queryset=related.objects.select_related("related_page")),
        )

    @property
    def section(self):
        """The section the article is published in, as a tree page, in one query.

        ``queries.attach_sections`` gives a whole list theirs at once.
        """
        if not hasattr(self, "_section"):
            self._section = Page.objects.get(path=self.path[: -self.steplen])
        return self._section

    def related_articles(self, request=None, count=queries.RELATED_COUNT):
        """Hand-picked related pages first, then the newest of the same section.

        Never the article itself, and only what readers may see. One query for
        the picks, one per type of page picked and one for the newest; the
        renditions of their images are left to the caller, to be fetched with
        the page's own.
        """
        picks = [
            item.related_page
            for item in self.related_pages.select_related("related_page")
            if item.related_page_id != self.pk
        ]
        picked_ids = [page.pk for page in picks]
        models_picked = {page.specific_class for page in picks} & set(
            map(apps.get_model, ARTICLE_TYPES)
        )
        found = {}
        for model in sorted(models_picked, key=lambda model: model._meta.label):
            readable = visibility.readable(model.objects.filter(pk__in=picked_ids), request)
            found.update((page.pk, page) for page in readable.select_related("listing_image"))
        related = list(dict.fromkeys(found[pk] for pk in picked_ids if pk in found))
        if len(related) < count:
            siblings = type(self).objects.child_of(self.section)
            recent = (
                queries.newest_first(visibility.readable(siblings, request))
                .exclude(pk__in=[self.pk, *picked_ids])
                .select_related("listing_image")
            )
            related += list(recent[: count - len(related)])
        return related[:count]

    def structured_data(self, request):
        """schema.org NewsArticle for search engines, as a dict."""
        from core.models import SiteSettings

        site_settings = SiteSettings.for_request(request)
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": self.title[:110],
            "description": self.lead,
            "inLanguage": "vi",
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).isoformat(),
            "publisher": {"@type": "Organization", "name": site_settings.display_name},
        }
        if self.byline:
            data["author"] = {"@type": "Person", "name": self.byline}
        else:
            data["author"] = data["publisher"]
        if self.listing_image:
            data["image"] = [self.listing_image.get_rendition("fill-1200x630").full_url]
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["section"] = self.section
        context["tags"] = list(self.tags.all())
        related = context["related_articles"] = self.related_articles(request)
        # Every image the page shows, with their renditions in one query.
        queries.fetch_renditions(
            [self.listing_image, *queries.body_images(self)]
            + [article.listing_image for article in related]
        )
        context["structured_data"] = self.structured_data(request)
        return context


class RelatedPage(Orderable):
    """A hand-picked page shown first under "other news"."""

    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("related_page", ARTICLE_TYPES)]

    class Meta(Orderable.Meta):
        abstract = True
