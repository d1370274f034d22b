"""What news and announcements have in common."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.models import BasePage
from newsroom.blocks import BodyBlock

ARTICLE_TYPES = ["newsroom.NewsPage", "newsroom.AnnouncementPage"]


class SectionPage(BasePage):
    """A section of the site listing its child articles, newest first."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A sentence shown above the list.")
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    # Editors look for what they wrote last, not for the tree order.
    admin_default_ordering = "-latest_revision_created_at"

    class Meta:
        abstract = True

    listing_size = 20
    listing_context_name = "articles"

    def get_listing(self):
        """The section's articles readers may see (live, public), newest first."""
        child_model = self.specific_class.allowed_subpage_models()[0]
        return (
            child_model.objects.child_of(self)
            .live()
            .public()
            .select_related("listing_image")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context[self.listing_context_name] = self.get_listing()[: self.listing_size]
        return context


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
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        index.SearchField("lead"),
        index.SearchField("body"),
        index.SearchField("byline"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("featured"),
    ]
    api_fields = [
        APIField("date"),
        APIField("lead"),
        APIField("byline"),
        APIField("featured"),
        APIField("body"),
    ]

    class Meta:
        abstract = True

    @property
    def section(self):
        """The section (index page) the article is published in."""
        return self.get_parent().specific


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
