"""Site-wide views that are not pages: robots.txt, the error page, the benchmark floor."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The 500 page, rendered without touching the database (it may be what failed)."""
    return render(request, "500.html", {"site_name": settings.WAGTAIL_SITE_NAME}, status=500)


def floor(request):
    """A constant answer through the whole stack: the baseline benchmarks compare to.

    Only routed when ENABLE_BENCHMARK_VIEWS is set.
    """
    return HttpResponse(b"ok", content_type="text/plain")
