"""Rendered pages for anonymous readers, kept in the cache until something changes.

What is cached: GET and HEAD answers (200) to readers without a session
cookie, outside /admin/, /api/ and the search, that set no cookie and are not
marked private. Editors (who have a session) never read nor fill the cache,
and previews live under /admin/.

Every cached page carries the version of the code (its templates and static
files) in its key, so containers of two releases never serve each other's HTML.

Invalidation is site-wide: every cached page is stored with the "generation"
it was rendered in, and a page of an older generation is never served;
publishing, unpublishing, moving or deleting a page, or changing a partner
link, the site settings, a document or an image starts a new generation. A
page cached just before a partner link's display window opens or closes, an
announcement's deadline passes or the day changes (the "N days left") lives
only until that moment.

A new generation starts once the change is committed, never before: a reader
who renders the page while the change is being saved reads the old rows, and
what they store belongs to the old generation. The change also leaves a
``CacheInvalidation`` row, written in the same transaction; the row is deleted
once the cache has the new generation. If the cache was away (Redis stopped
or hanging), the row stays, and the new generation is started as soon as
Redis answers again: by the process that notices (core.cache's
``cache_recovered``) or by the scheduler, which looks every few seconds.

A CDN in front of the site (WAGTAILFRONTENDCACHE) keeps pages for at most a
minute (max-age). A page published or unpublished is purged from it after
the commit, with the pages that list it (its section, the home page) and the
feeds; so are the home page and the sections when a partner link or the
site settings change.
"""

import datetime
import functools
import hashlib
import time
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_response_headers, set_response_etag
from django.utils.http import http_date
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from .cache import cache_recovered
from .models import CacheInvalidation, SiteSettings

GENERATION_KEY = "page-cache:generation"
SKIPPED_PREFIXES = (
    settings.ADMIN_URL_PREFIX, "/api/", "/search/", "/documents/", "/media/", "/static/",
    "/healthz", "/bench/",
)  # fmt: skip
CACHED_TYPES = ("text/html", "application/rss+xml", "application/xml", "text/plain")
MAX_SIZE = 2 * 1024 * 1024
# Browsers and CDNs keep a page at most this long before asking again.
CLIENT_MAX_AGE = 60


@functools.cache
def code_version():
    """A digest of the project's templates and the static files manifest.

    Only the project's own apps count: a virtualenv inside the checkout holds
    Wagtail's templates, which change only with its pinned version.
    """
    base = Path(settings.BASE_DIR)
    folders = [Path(folder) for config in settings.TEMPLATES for folder in config["DIRS"]]
    folders += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base) and "site-packages" not in Path(app.path).parts
    ]
    files = sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*"))
    files.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            name = path.relative_to(base) if path.is_relative_to(base) else path
            digest.update(str(name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def generation():
    current = cache.get(GENERATION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        cache.add(GENERATION_KEY, current, None)
    return current


def cache_available():
    """False while the shared cache is away: what is written to it now is lost."""
    return getattr(cache, "available", True)


def invalidate(**kwargs):
    """Forget every cached page once the change under way is committed.

    The row is written inside the change's transaction (a rolled-back change
    leaves none); the cache is told after the commit.
    """
    CacheInvalidation.objects.create()
    transaction.on_commit(apply_pending_invalidations)


def apply_pending_invalidations():
    """Start a new generation if a change has not reached the cache yet.

    Returns True when nothing is left pending. Safe to run anywhere, any
    number of times: at worst the cache is emptied once more than needed.
    """
    last = CacheInvalidation.objects.order_by("-id").values_list("id", flat=True).first()
    if last is None:
        return True
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    if not cache_available():
        return False
    CacheInvalidation.objects.filter(id__lte=last).delete()
    return True


def apply_after_outage(**kwargs):
    """Redis answers again: apply what it missed before any page is read from it.

    Without the database it cannot be known what was missed, so every page is
    forgotten.
    """
    try:
        apply_pending_invalidations()
    except DatabaseError:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


# Media saves that only record what was measured of the file change nothing readers see.
_METADATA_FIELDS = {"file_size", "file_hash", "width", "height"}


def purge_listings_from_cdn(instance, **kwargs):
    """Purge a page published or unpublished, the pages that list it and the feeds.

    After the commit: a CDN that fetched the page again at once would
    otherwise get the old one. (Wagtail's own handlers, which purge before
    the commit, are not installed: see INSTALLED_APPS.)
    """
    if settings.WAGTAILFRONTENDCACHE:
        transaction.on_commit(functools.partial(_purge_listings, instance))


def _purge_listings(instance):
    if getattr(instance, "shown_site_wide", False):
        _purge_site()
        return
    batch = PurgeBatch()
    batch.add_page(instance)
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).live().specific())
    site = instance.get_site()
    if site is not None:
        batch.add_url(f"{site.root_url}/feed/")
    batch.purge()


def purge_site_from_cdn(**kwargs):
    """Purge, after the commit, the home page and the sections: they show links and settings."""
    if settings.WAGTAILFRONTENDCACHE:
        transaction.on_commit(_purge_site)


def _purge_site():
    from wagtail.models import Site

    batch = PurgeBatch()
    for site in Site.objects.select_related("root_page"):
        home = site.root_page
        batch.add_page(home)
        batch.add_pages(home.get_children().live().specific())
        batch.add_url(f"{site.root_url}/feed/")
    batch.purge()


def invalidate_for_media(update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= _METADATA_FIELDS:
        return
    invalidate()


def invalidate_for_settings(created=False, **kwargs):
    # The first request to a site creates its empty settings row: nothing to forget.
    if not created:
        invalidate()
        purge_site_from_cdn()


def seconds_until_next_change(now=None):
    """How long a page rendered now stays right, at most PAGE_CACHE_SECONDS.

    Page types whose pages change by the clock (an announcement's deadline, a
    partner link's display window) say when next with ``next_change_after``.
    """
    now = now or timezone.now()
    moments = [now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)]
    local = timezone.localtime(now)
    midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0)
    moments.append(midnight.replace(microsecond=0))
    for model in apps.get_models():
        next_change_after = getattr(model, "next_change_after", None)
        if next_change_after is not None:
            moments += [moment for moment in next_change_after(now) if moment]
    return max(1, int((min(moments) - now).total_seconds()))


class PageCacheMiddleware:
    """Serve anonymous readers from the cache; store what they were served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        # One round trip: the current generation and this page's entry together.
        key = self.key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            return self.rebuild(entry)
        response = self.get_response(request)
        if cache_available() and self.cacheable_response(response):
            self.store(key, current, response)
        return response

    @staticmethod
    def store(key, current, response):
        timeout = seconds_until_next_change()
        patch_response_headers(response, cache_timeout=min(timeout, CLIENT_MAX_AGE))
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        # Once here rather than by ConditionalGetMiddleware on every hit.
        set_response_etag(response)
        headers = [(name, value) for name, value in response.items() if name != "Expires"]
        expires_at = time.time() + timeout
        cache.set(
            key, (current, response.status_code, headers, response.content, expires_at), timeout
        )
        response["X-Page-Cache"] = "miss"

    @staticmethod
    def rebuild(entry):
        """The cached answer rebuilt from its status, headers and body: cheaper than unpickling.

        Browsers and CDNs are told to keep it from now, for no longer than the
        cached copy itself stays right: its Expires follows the Date of this
        answer, not of the first.
        """
        _, status, headers, content, expires_at = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        now = time.time()
        max_age = max(0, min(CLIENT_MAX_AGE, int(expires_at - now)))
        response["Cache-Control"] = f"max-age={max_age}"
        response["Expires"] = http_date(now + max_age)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(SKIPPED_PREFIXES)
        )

    @staticmethod
    def cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and response.get("Content-Type", "").startswith(CACHED_TYPES)
            and len(response.content) <= MAX_SIZE
        )

    @staticmethod
    def key(request):
        """The page's key; the generation is stored in the entry, checked on reading."""
        url = f"{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
        return f"page-cache:{code_version()}:{url}"


def connect_signals():
    """Start a new generation whenever something readers see may have changed."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Page,
        PageViewRestriction,
        Site,
    )
    from wagtail.signals import page_published, page_unpublished, post_page_move

    cache_recovered.connect(apply_after_outage, dispatch_uid="page-cache-recovered")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"page-cache-{signal}")
    for signal in (page_published, page_unpublished):
        signal.connect(purge_listings_from_cdn, dispatch_uid=f"page-cache-cdn-{signal}")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="page-cache-page-deleted")
    post_save.connect(invalidate_for_settings, sender=SiteSettings, dispatch_uid="page-cache-ss")
    post_delete.connect(invalidate, sender=SiteSettings, dispatch_uid="page-cache-ss-deleted")
    post_delete.connect(purge_site_from_cdn, sender=SiteSettings, dispatch_uid="page-cache-ss-cdn")
    # A private collection hides its files from readers (core.media_access).
    for model in (Site, PageViewRestriction, Collection, CollectionViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model}-{signal}")
    for model in (get_document_model(), get_image_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_for_media, sender=model, dispatch_uid=f"page-cache-{model}-{signal}"
            )
