"""The Wagtail API v2, mounted at /api/v2/: pages, images and documents.

Wagtail's endpoints, made strict for integrations: only live pages outside any
login or password protection (whoever asks), no partner link outside its
display window, a 400 with a message for any malformed filter, and a fixed
number of SQL queries per listing, whatever its length.
"""

import functools
import re

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.coreutils import get_content_languages
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, get_page_models

from core import media_access, visibility
from core.preview import find_preview
from newsroom import queries
from newsroom.media import prefetched_media
from newsroom.models.base import ArticlePage

from . import fields, filters, parameters

# What core.preview issues: URL-safe base64, so nothing else reaches the database.
PREVIEW_TOKEN = r"[A-Za-z0-9_-]{1,64}"  # noqa: S105 - a pattern, not a secret
# The content apps whose page types the API describes.
APPS = ("home", "newsroom")
# Not filters: bodies, inline children, and what has a parameter of its own.
NOT_FILTERS = {"body", "related_pages", "attachments", "renditions", "locale"}


def page_models():
    return [model for model in get_page_models() if model._meta.app_label in APPS]


class ValidatedEndpoint:
    """Anonymous, cacheable, JSON only, and every query parameter checked first.

    No session is read, so nothing varies by cookie. Clients and CDNs may keep
    a successful answer for API_CACHE_SECONDS; the ETag (from
    ConditionalGetMiddleware) changes with the content, so a client
    revalidating with If-None-Match learns of a publish at once. Rich text is
    always final HTML: the ``rich_text_format`` of Wagtail is not offered.
    """

    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        # Before DRF reads ?format=; a method the endpoint lacks gets its 405 unchecked.
        if hasattr(self, request.method.lower()):
            self.params = parameters.validate(request, _parameters(type(self), self.action))
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # DRF's own refusals (405, 406) answer {"detail"}; the API's shape is {"message"}.
        if isinstance(response.data, dict) and set(response.data) == {"detail"}:
            response.data = {"message": str(response.data["detail"])}
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        return response

    def resolve_rich_text_format(self):
        return "html"

    # --- the fields of the models, as parameters -------------------------------------

    @classmethod
    def models(cls):
        return [cls.model]

    @classmethod
    def filterable_fields(cls, model):
        return _filterable_fields(cls, model)

    @classmethod
    def orderable_fields(cls, model):
        return [
            name
            for name, field in cls.filterable_fields(model).items()
            if name != "tags" and not field.is_relation
        ]

    @classmethod
    def filter_names(cls):
        return {name for model in cls.models() for name in cls.filterable_fields(model)}

    @classmethod
    def filter_parameters(cls):
        found = {}
        for model in cls.models():
            for name, field in cls.filterable_fields(model).items():
                found.setdefault(name, parameters.for_model_field(name, field))
        return list(found.values())

    @classmethod
    def field_names(cls, listing=True):
        names = set()
        for model in cls.models():
            names |= set(cls.get_available_fields(model))
            if listing:
                names -= set(cls.detail_only_fields)
        return names

    @classmethod
    def listing_parameters(cls):
        order_names = {name for model in cls.models() for name in cls.orderable_fields(model)}
        return [
            *parameters.common_listing_parameters(cls.field_names(), order_names),
            *cls.filter_parameters(),
        ]

    @classmethod
    def parameters_for(cls, action):
        if action == "listing_view":
            return cls.listing_parameters()
        if action == "find_view":
            return [
                parameters.integer("id", "The id of the item to find.", minimum=1),
                parameters.fields_parameter(cls.field_names(listing=False)),
                *parameters.request_parameters(),
            ]
        return [
            parameters.fields_parameter(cls.field_names(listing=False)),
            *parameters.request_parameters(),
        ]

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        # Fields of other types (``fields=date`` for a page without one) are left
        # out rather than refused: api.parameters already refused unknown names.
        available = set(cls.get_available_fields(model))
        if not show_details:
            available -= set(cls.detail_only_fields)
        fields_config = [
            item
            for position, item in enumerate(fields_config)
            if item[0] in available or (position == 0 and item[0] in ("*", "_"))
        ]
        return super()._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )

    def searchable_queryset(self):
        return self.get_queryset()


@functools.cache
def _parameters(viewset, action):
    """The parameters of an operation: built once, from models that do not change."""
    return viewset.parameters_for(action)


@functools.cache
def _filterable_fields(viewset, model):
    found = {}
    for name in viewset.get_available_fields(model, db_fields_only=True):
        if name in NOT_FILTERS:
            continue
        field = model._meta.get_field(name)
        if parameters.for_model_field(name, field) is not None:
            found[name] = field
    return found


class NewsroomPagesAPIViewSet(ValidatedEndpoint, PagesAPIViewSet):
    filter_backends = [
        filters.FieldFilter,
        filters.TreeFilter,
        filters.LocaleFilter,
        filters.OrderFilter,
        filters.SearchFilter,
    ]

    @classmethod
    def models(cls):
        return [Page, *page_models()]

    @classmethod
    def page_models(cls):
        return page_models()

    @classmethod
    def listing_parameters(cls):
        types = [fields.type_name(model) for model in page_models()]
        one_type = "|".join(re.escape(name) for name in types)
        languages = list(get_content_languages())
        return [
            parameters.pattern(
                "type",
                "Page type, e.g. newsroom.NewsPage; several, comma-separated.",
                f"(?:{one_type})(?:,(?:{one_type}))*",
                max_length=500,
            ),
            parameters.page_id("child_of", "Id of the parent page, or root.", root=True),
            parameters.page_id("descendant_of", "Id of an ancestor page, or root.", root=True),
            parameters.page_id("ancestor_of", "Id of a descendant page."),
            parameters.pattern(
                "site",
                "Host name of the site, if several (or host:port).",
                r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?",
            ),
            parameters.choice("locale", "Language of the pages.", languages),
            *super().listing_parameters(),
        ]

    @classmethod
    def parameters_for(cls, action):
        if action == "find_view":
            return [
                parameters.text("html_path", "The page's path, e.g. /tin-tuc/ten-bai/", 2000),
                *super().parameters_for(action),
            ]
        return super().parameters_for(action)

    def get_base_queryset(self):
        """Live pages of the requested site, outside any view restriction.

        Unlike Wagtail's, a restriction the current session has passed still
        hides the page: responses are cached and shared, so they must not
        depend on who asks. An unknown site has no pages.
        """
        try:
            site = SiteFilterValidator(
                site=self.request.GET.get("site"), request=self.request
            ).site_obj
        except ValueError:
            site = None
        if site is None:
            return Page.objects.none()
        return visibility.visible_pages(self.request).descendant_of(site.root_page, inclusive=True)

    def get_root_page(self):
        root = self.get_base_queryset().filter(depth=2).first()
        return root or super().get_root_page()

    def get_queryset(self):
        queryset = super().get_queryset()
        prefetch = getattr(queryset.model, "api_prefetch", None)
        return prefetch(queryset) if prefetch else queryset.select_related("locale")

    def searchable_queryset(self):
        return super().get_queryset()

    def listing_view(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        pages = list(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.serialize(pages))

    def detail_view(self, request, pk):
        page = self.get_object()
        return Response(self.serialize([page])[0])

    def serialize(self, pages):
        """Serialise pages with their sections and body media fetched for all at once."""
        queries.attach_sections([page for page in pages if isinstance(page, ArticlePage)])
        with prefetched_media(pages):
            serializer = self.get_serializer(pages, many=True)
            return serializer.data


class MediaEndpoint(ValidatedEndpoint):
    filter_backends = [filters.FieldFilter, filters.OrderFilter, filters.SearchFilter]

    def listing_view(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        items = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(items, many=True).data)

    def searchable_queryset(self):
        # The search backend takes plain filters only: it looks among the files
        # outside private collections, and api.filters.SearchFilter keeps those
        # of its matches that get_queryset() holds (the public ones).
        return self.model.objects.exclude(collection__in=list(media_access.hidden_collection_ids()))

    @classmethod
    def get_meta_fields(cls, model):
        # An absolute download address, like every other URL of the API.
        return [
            APIField("download_url", serializer=fields.DownloadURLField())
            if field.name == "download_url"
            else field
            for field in super().get_meta_fields(model)
        ]


class NewsroomImagesAPIViewSet(MediaEndpoint, ImagesAPIViewSet):
    """Public images (core.media_access) with their alt text and the renditions pages use."""

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + [
            APIField("alt", serializer=fields.AltTextField()),
            APIField("renditions", serializer=fields.RenditionsField()),
        ]

    def get_queryset(self):
        return queries.with_listing_images(media_access.public(super().get_queryset()), field=None)


class NewsroomDocumentsAPIViewSet(MediaEndpoint, DocumentsAPIViewSet):
    """Public documents (core.media_access), with size and type."""

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + [
            APIField("url", serializer=fields.DocumentURLField()),
            APIField("extension", serializer=fields.DocumentExtensionField()),
            APIField("size", serializer=fields.DocumentSizeField()),
        ]

    def get_queryset(self):
        return media_access.public(super().get_queryset())


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, like the endpoints' own."""
    return JsonResponse({"message": "not found"}, status=404)


class PagePreviewAPIViewSet(NewsroomPagesAPIViewSet):
    """``/api/v2/preview/?token=``: a draft, as its detail will read once published.

    The token comes from the admin's preview panel (core.preview). No token is
    a 400; an unknown or expired one a 403, the same for both. The answer is
    never stored by a cache or indexed.
    """

    @classmethod
    def parameters_for(cls, action):
        return [
            parameters.pattern(
                "token", "The preview token the admin gives.", PREVIEW_TOKEN, required=True
            ),
            parameters.fields_parameter(cls.field_names(listing=False)),
            *parameters.request_parameters(),
        ]

    def listing_view(self, request):
        preview = find_preview(self.params["token"])
        if preview is None:
            return Response({"message": "invalid or expired preview token"}, status=403)
        self.preview_page = preview.as_page()
        # Serialised with the fields of a detail answer.
        self.action = "detail_view"
        return Response(self.serialize([self.preview_page])[0])

    def get_object(self):
        return self.preview_page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]


class NewsroomAPIRouter(WagtailAPIRouter):
    def get_object_detail_urlpath(self, model, pk):
        # A page previewed before it is first saved has no detail URL yet.
        if pk is None:
            return None
        return super().get_object_detail_urlpath(model, pk)


api_router = NewsroomAPIRouter("wagtailapi")
api_router.register_endpoint("pages", NewsroomPagesAPIViewSet)
api_router.register_endpoint("images", NewsroomImagesAPIViewSet)
api_router.register_endpoint("documents", NewsroomDocumentsAPIViewSet)
# After "pages", which stays the endpoint of page models (their detail_url).
api_router.register_endpoint("preview", PagePreviewAPIViewSet)
