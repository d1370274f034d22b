"""Partner links: a logo and a URL, shown in a placement during a display window."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Min, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel
from wagtail.api import APIField
from wagtail.models import PageManager, PageQuerySet

from api import fields as api_fields
from core import visibility
from core.models import BasePage, optional_image
from core.visitors import is_reader
from newsroom import queries

from .base import SectionPage


class Placement(models.TextChoices):
    SIDEBAR = "sidebar", _("Sidebar")
    FOOTER = "footer", _("Footer")
    BANNER = "banner", _("Banner")


class ClickCountPanel(Panel):
    """Read-only: how often readers followed the link, for the editor of the link."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsroom/panels/click_count.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            stats = (
                SponsoredLinkClicks.objects.filter(link_id=self.instance.pk).first()
                if self.instance.pk
                else None
            )
            self.clicks = stats.count if stats else 0
            self.last_clicked_at = stats.last_clicked_at if stats else None


class SponsoredLinkIndexPage(SectionPage):
    subpage_types = ["newsroom.SponsoredLinkPage"]
    max_count_per_parent = 1
    page_description = _("The partner links of the site.")

    class Meta:
        verbose_name = _("partner links section")
        verbose_name_plural = _("partner links sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        links = SponsoredLinkPage.objects.child_of(self).active()
        context["links"] = queries.with_listing_images(
            visibility.readable(links, request), field="logo"
        ).order_by("sort_order", "partner_name")
        return context


class SponsoredLinkQuerySet(PageQuerySet):
    @staticmethod
    def active_q(at=None):
        at = at or timezone.now()
        return (Q(starts_at__isnull=True) | Q(starts_at__lte=at)) & (
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )

    def active(self, at=None):
        """Links whose display window contains ``at`` (now by default)."""
        return self.filter(self.active_q(at))

    def inactive(self, at=None):
        """Links outside their display window: not started yet, or ended."""
        return self.exclude(self.active_q(at))


class SponsoredLinkPage(BasePage):
    """A partner's link. It has no body: its URL sends the reader to the partner."""

    partner_name = models.CharField(_("partner name"), max_length=255)
    target_url = models.URLField(
        _("target URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The partner's website, starting with https:// or http://."),
    )
    logo = optional_image(_("logo"))
    placement = models.CharField(
        _("placement"), max_length=20, choices=Placement.choices, default=Placement.SIDEBAR
    )
    starts_at = models.DateTimeField(
        _("show from"), null=True, blank=True, help_text=_("Leave empty to show it at once.")
    )
    ends_at = models.DateTimeField(
        _("show until"), null=True, blank=True, help_text=_("Leave empty to show it until removed.")
    )
    sort_order = models.IntegerField(
        _("order"), default=0, help_text=_("Links with a smaller number are shown first.")
    )

    objects = PageManager.from_queryset(SponsoredLinkQuerySet)()

    content_panels = BasePage.content_panels + [
        FieldPanel("partner_name"),
        FieldPanel("target_url"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("placement"), FieldPanel("sort_order")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])],
            heading=_("Display window"),
        ),
        ClickCountPanel(heading=_("Clicks")),
    ]
    api_fields = [
        APIField("partner_name"),
        APIField("target_url"),
        APIField("logo", serializer=api_fields.ImageField()),
        APIField("placement"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("sort_order"),
        APIField("is_active", serializer=serializers.BooleanField(read_only=True)),
    ]

    parent_page_types = ["newsroom.SponsoredLinkIndexPage"]
    subpage_types: list[str] = []
    page_description = _("A partner's logo and link, shown during a display window.")

    class Meta:
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")

    @classmethod
    def api_prefetch(cls, queryset):
        return queries.with_listing_images(queryset.select_related("locale"), field="logo")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("The end of the display window must come after its start.")}
            )

    def is_active_at(self, moment):
        return (self.starts_at is None or self.starts_at <= moment) and (
            self.ends_at is None or moment < self.ends_at
        )

    @property
    def is_active(self):
        """True while now is inside the display window."""
        return self.is_active_at(timezone.now())

    def get_sitemap_urls(self, request=None):
        # A redirect to another website is nothing for crawlers to index here.
        return []

    # A partner link shows on every page: a change to it purges them all (core.page_cache).
    shown_site_wide = True

    @classmethod
    def next_change_after(cls, now):
        """When a live link's display window next opens or closes (core.page_cache)."""
        links = cls.objects.live()
        return [
            links.filter(starts_at__gt=now).aggregate(moment=Min("starts_at"))["moment"],
            links.filter(ends_at__gt=now).aggregate(moment=Min("ends_at"))["moment"],
        ]

    @classmethod
    def hidden_now(cls):
        """Partner links outside their display window: nowhere for readers (core.visibility)."""
        return cls.objects.inactive()

    def readers_can_see(self):
        # Outside its display window a partner link leads nowhere.
        return self.is_active and super().readers_can_see()

    def serve(self, request, *args, **kwargs):
        # The link's own URL counts the click and sends the reader on to the
        # partner; an inactive link leads nowhere. Only people count: not HEAD
        # requests, prefetches or bots (core.visitors), who are redirected all the same.
        if not self.is_active:
            raise Http404
        if is_reader(request):
            SponsoredLinkClicks.record(self.pk)
        return redirect(self.target_url)

    def serve_preview(self, request, mode_name):
        # Editors preview the card readers will see, not the partner's site.
        return super().serve(request)


class SponsoredLinkClicks(models.Model):
    """Clicks on a partner link.

    Kept out of the page so that publishing a new revision of the link never
    writes an old count back; incremented in the database, never in Python.
    """

    link = models.OneToOneField(
        SponsoredLinkPage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="click_stats",
        verbose_name=_("partner link"),
    )
    count = models.PositiveBigIntegerField(_("clicks"), default=0)
    last_clicked_at = models.DateTimeField(_("last click"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner link clicks")
        verbose_name_plural = _("partner link clicks")

    def __str__(self):
        return f"{self.link_id}: {self.count}"

    @classmethod
    def record(cls, link_id):
        now = timezone.now()
        increment = {"count": F("count") + 1, "last_clicked_at": now}
        if cls.objects.filter(link_id=link_id).update(**increment):
            return
        try:
            with transaction.atomic():
                cls.objects.create(link_id=link_id, count=1, last_clicked_at=now)
        except IntegrityError:
            # Another request created the row first.
            cls.objects.filter(link_id=link_id).update(**increment)
