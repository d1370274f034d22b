"""Partner links: a logo and a URL, shown in a placement during a display window."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import PageManager, PageQuerySet

from home.models import BasePage

from .base import SectionPage


class Placement(models.TextChoices):
    SIDEBAR = "sidebar", _("Sidebar")
    FOOTER = "footer", _("Footer")
    BANNER = "banner", _("Banner")


class SponsoredLinkIndexPage(SectionPage):
    subpage_types = ["newsroom.SponsoredLinkPage"]
    max_count_per_parent = 1
    page_description = _("The partner links of the site.")

    class Meta:
        verbose_name = _("partner links section")
        verbose_name_plural = _("partner links sections")

    listing_context_name = "links"

    def get_listing(self):
        """The active partner links, in the editors' order."""
        return (
            SponsoredLinkPage.objects.child_of(self)
            .live()
            .public()
            .active()
            .select_related("logo")
            .order_by("sort_order", "partner_name")
        )


class SponsoredLinkQuerySet(PageQuerySet):
    def active(self, at=None):
        """Links whose display window contains ``at`` (now by default)."""
        at = at or timezone.now()
        return self.filter(
            Q(starts_at__isnull=True) | Q(starts_at__lte=at),
            Q(ends_at__isnull=True) | Q(ends_at__gt=at),
        )


class SponsoredLinkPage(BasePage):
    """A partner's link. It has no body: its URL sends the reader to the partner."""

    partner_name = models.CharField(_("partner name"), max_length=255)
    target_url = models.URLField(
        _("target URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The partner's website, starting with https:// or http://."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
    ]
    api_fields = [
        APIField("partner_name"),
        APIField("target_url"),
        APIField("placement"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("sort_order"),
        APIField("is_active"),
    ]

    parent_page_types = ["newsroom.SponsoredLinkIndexPage"]
    subpage_types = []
    page_description = _("A partner's logo and link, shown during a display window.")

    class Meta:
        verbose_name = _("partner link")
        verbose_name_plural = _("partner links")

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

    def serve(self, request, *args, **kwargs):
        # The link's own URL sends the reader on to the partner; an inactive
        # link leads nowhere.
        if not self.is_active:
            raise Http404
        return redirect(self.target_url)

    def serve_preview(self, request, mode_name):
        # Editors preview the card readers will see, not the partner's site.
        return super().serve(request)
