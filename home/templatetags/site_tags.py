"""Template tags for the layout every page shares."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from core.visibility import readable

register = template.Library()

# Characters that could end a <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """Serialise ``data`` for a <script type="application/ld+json"> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def site_root(context):
    """The home page of the site serving this request."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def site_navigation(context):
    """The sections shown in the menu: live, public children of the home page."""
    request = context.get("request")
    current = context.get("page")
    root = site_root(context)
    items = []
    if root is not None:
        menu = readable(Page.objects.child_of(root).in_menu(), request)
        items = [
            {
                "title": item.title,
                "url": item.url,
                "active": current is not None and current.path.startswith(item.path),
            }
            for item in menu
        ]
    return {"home_url": root.url if root else "/", "items": items, "request": request}
