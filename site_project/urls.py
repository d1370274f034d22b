from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api import openapi
from api.views import api_router, not_found
from core import views
from newsroom.feeds import ArticleFeed
from search import views as search_views

admin = settings.ADMIN_URL_PREFIX.lstrip("/")

urlpatterns = [
    # The site settings lived in the home app until core 0002: old bookmarks still work.
    re_path(
        rf"^{admin}settings/home/sitesettings/(?P<rest>.*)$",
        RedirectView.as_view(url=f"/{admin}settings/core/sitesettings/%(rest)s"),
    ),
    path(admin, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/openapi.json", openapi.openapi_view, name="openapi"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", not_found),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("feed/", ArticleFeed(), name="feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("errors/413/", views.request_too_large, name="request_too_large"),
]

if settings.ENABLE_BENCHMARK_VIEWS:
    urlpatterns += [path("bench/floor/", views.floor, name="bench_floor")]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.+)$", views.media, name="media")]

# Wagtail serves every other path from the page tree; this must come last.
urlpatterns += [path("", include(wagtail_urls))]

handler500 = "core.views.server_error"
