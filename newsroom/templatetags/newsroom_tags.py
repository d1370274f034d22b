"""Template tags for partner links and announcement deadlines."""

from django import template

from core import visibility
from newsroom import queries

register = template.Library()


def _links_by_placement(request):
    """Active, readable partner links grouped by placement, once per request."""
    cached = getattr(request, "_newsroom_partner_links", None)
    if cached is not None:
        return cached
    from newsroom.models import SponsoredLinkPage

    links = visibility.readable(SponsoredLinkPage.objects.active(), request)
    grouped = {}
    for link in queries.with_listing_images(links, field="logo").order_by(
        "sort_order", "partner_name"
    ):
        grouped.setdefault(link.placement, []).append(link)
    if request is not None:
        request._newsroom_partner_links = grouped
    return grouped


@register.simple_tag(takes_context=True)
def partner_links(context, placement):
    """The partner links to show in ``placement`` (sidebar, footer or banner)."""
    return _links_by_placement(context.get("request")).get(placement, [])
