"""Site-wide views that are not pages: robots.txt, images, errors, health, the benchmark floor."""

import posixpath
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.static import serve
from wagtail.images import get_image_model

from core import media_access

# Uploaded files readers may fetch directly. Documents are not among them:
# they go through /documents/, which checks collection privacy.
PUBLIC_MEDIA_FOLDERS = ("images/", "original_images/")


def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def media(request, path):
    """An uploaded image or one of its renditions, from MEDIA_ROOT.

    Only public images are served to readers (core.media_access): the photo of
    an article still in draft is a 404 until the article is published, except
    to editors who may choose it. Conditional requests get a 304; browsers and
    CDNs keep public images for a day, and nobody keeps the others.
    """
    if posixpath.normpath(path) != path or not path.startswith(PUBLIC_MEDIA_FOLDERS):
        raise Http404
    Image = get_image_model()
    pk = media_access.image_of_file(path)
    if pk is None:
        raise Http404
    public = media_access.is_public_now(Image, pk)
    if not public and not media_access.may_choose(request.user, Image.objects.get(pk=pk)):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without touching the database (it may be what failed).

    When the database is what failed, readers get a 503 "back soon" instead:
    the site recovers by itself once the database answers again.
    """
    error = sys.exc_info()[1]
    context = {"site_name": settings.WAGTAIL_SITE_NAME}
    if isinstance(error, (OperationalError, InterfaceError)):
        response = render(request, "503.html", context, status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", context, status=500)


def request_too_large(request: HttpRequest) -> HttpResponse:
    """The page the proxy shows instead of its own when an upload is over its limit (413)."""
    largest = max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "max_megabytes": largest // (1024 * 1024)}
    return render(request, "413.html", context, status=413)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and dependencies, as JSON: 503 when the database cannot be reached."""
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError):
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "ok", 10)
        answered = cache.get(key) == "ok" and getattr(cache, "available", True)
        checks["cache"] = "ok" if answered else "unavailable"
        cache.delete(key)
    elif "FileBasedCache" in settings.CACHES["default"]["BACKEND"]:
        checks["cache"] = "files"
    else:
        checks["cache"] = "local memory"
    healthy = checks["database"] == "ok"
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **checks})
    response.status_code = 200 if healthy else 503
    response["Cache-Control"] = "no-store"
    return response


def floor(request: HttpRequest) -> HttpResponse:
    """A constant answer through the whole stack: the baseline benchmarks compare to.

    Only routed when ENABLE_BENCHMARK_VIEWS is set.
    """
    return HttpResponse(b"ok", content_type="text/plain")
