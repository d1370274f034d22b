"""Tag links: one through-model per tagged page type, one shared tag vocabulary."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")


class AnnouncementPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "newsroom.AnnouncementPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("announcement tag")
        verbose_name_plural = _("announcement tags")
