"""Site-wide views that are not pages: robots.txt and the error page."""

from django.conf import settings
from django.shortcuts import render


def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page, rendered without touching the database (it may be what failed)."""
    return render(request, "500.html", {"site_name": settings.WAGTAIL_SITE_NAME}, status=500)
