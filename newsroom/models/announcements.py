"""Announcements: articles with an optional deadline and attached files."""

from django.db import models
from django.db.models import Min, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from api import fields as api_fields
from core import media_access
from core.models import BasePage
from newsroom.blocks import BodyBlock

from .base import ArticlePage, ArticleSectionPage, RelatedPage
from .tags import AnnouncementPageTag


class AnnouncementIndexPage(ArticleSectionPage):
    subpage_types = ["newsroom.AnnouncementPage"]
    max_count_per_parent = 1
    page_description = _("The announcements section: notices, calls and deadlines.")

    class Meta:
        verbose_name = _("announcements section")
        verbose_name_plural = _("announcements sections")


class AnnouncementPage(ArticlePage):
    # A notice may be no more than its lead and an attached file.
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("When applications or submissions close; leave empty if there is none."),
    )
    tags = ClusterTaggableManager(through=AnnouncementPageTag, blank=True, verbose_name=_("tags"))

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("deadline"),
        FieldPanel("lead"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        FieldPanel("byline"),
        FieldPanel("tags"),
        InlinePanel("related_pages", heading=_("Related pages"), label=_("Related page")),
    ]
    search_fields = ArticlePage.search_fields + [index.FilterField("deadline")]
    api_fields = ArticlePage.api_fields + [
        APIField("deadline"),
        APIField("is_expired", serializer=serializers.BooleanField(read_only=True)),
        APIField("attachments", serializer=api_fields.AttachmentsField()),
    ]

    parent_page_types = ["newsroom.AnnouncementIndexPage"]
    subpage_types: list[str] = []
    page_description = _("An announcement with an optional deadline and attached files.")

    class Meta(ArticlePage.Meta):
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def get_search_text(self):
        return [*super().get_search_text(), *(item.title for item in self.attachments.all())]

    @classmethod
    def api_prefetch(cls, queryset):
        attachments = AnnouncementAttachment.objects.select_related("document")
        return (
            super()
            .api_prefetch(queryset)
            .prefetch_related(Prefetch("attachments", queryset=attachments))
        )

    @classmethod
    def next_change_after(cls, now):
        """When the next live announcement expires (core.page_cache)."""
        live = cls.objects.live().filter(deadline__gt=now)
        return [live.aggregate(moment=Min("deadline"))["moment"]]

    @property
    def is_expired(self):
        """True once the deadline has passed; an announcement without one never expires."""
        return self.deadline is not None and self.deadline <= timezone.now()

    @property
    def days_left(self):
        """Whole days from today to the deadline's day (0 on the day itself), or None."""
        if self.deadline is None:
            return None
        return (timezone.localdate(self.deadline) - timezone.localdate()).days

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = [
            attachment
            for attachment in self.attachments.select_related("document")
            if media_access.readable(attachment.document, request)
        ]
        return context


class AnnouncementPageRelatedPage(RelatedPage):
    page = ParentalKey(AnnouncementPage, on_delete=models.CASCADE, related_name="related_pages")


class AnnouncementAttachment(Orderable):
    page = ParentalKey(AnnouncementPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        _("link text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def title(self):
        return self.label or self.document.title
