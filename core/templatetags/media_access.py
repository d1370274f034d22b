"""``{% load media_access %}``: leave out of a page the files its reader may not open."""

from typing import Any

from django import template
from django.http import HttpRequest

from core import media_access

register = template.Library()


@register.filter
def readable_by(media: Any, request: HttpRequest) -> bool:
    """``{% if image|readable_by:request %}``: the image or document, if the reader may open it."""
    return media_access.readable(media, request)
