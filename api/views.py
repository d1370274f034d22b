"""The Wagtail API v2, mounted at /api/v2/: pages, images and documents.

Wagtail's endpoints, made strict for integrations: only live pages outside any
login or password protection (whoever asks), no partner link outside its
display window, a 400 with a message for any malformed filter, and a fixed
number of SQL queries per listing, whatever its length.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import JsonResponse
from django.urls import path
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from core import media_access
from home.preview import find_preview
from newsroom import queries
from newsroom.media import prefetched_media
from search.api import CleanSearchFilter

from . import fields

MAX_FILTER_LENGTH = 255
# What home.preview issues: URL-safe base64, so nothing else reaches the database.
PREVIEW_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class ValidatingFieldsFilter(FieldsFilter):
    """Wagtail's field filter, with every value checked before it reaches the database.

    ``?date=not-a-date`` is a 400 with a message, not a 500.
    """

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields:
                continue
            if len(value) > MAX_FILTER_LENGTH:
                raise BadRequestError(f"field filter error. '{name}' is too long")
            try:
                field = queryset.model._meta.get_field(name)
            except LookupError:
                continue
            if isinstance(field, TaggableManager):
                if any(not tag.strip() for tag in value.split(",")):
                    raise BadRequestError(f"tags filter error. empty tag name in '{value}'")
            elif isinstance(field, models.Field) and not field.is_relation:
                try:
                    field.to_python(value)
                except ValidationError as error:
                    raise BadRequestError(
                        f"field filter error. '{value}' is not a valid value for {name}: "
                        + " ".join(error.messages)
                    ) from error
        return super().filter_queryset(request, queryset, view)


class PublicEndpoint:
    """Anonymous, cacheable answers: no session is read, so nothing varies by cookie.

    Clients and CDNs may keep a successful answer for API_CACHE_SECONDS; the
    ETag (from ConditionalGetMiddleware) changes with the content, so a client
    revalidating with If-None-Match learns of a publish at once.
    """

    authentication_classes = []
    permission_classes = []

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        return response


class NewsroomPagesAPIViewSet(PublicEndpoint, PagesAPIViewSet):
    filter_backends = [
        ValidatingFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        CleanSearchFilter,  # last: search results cannot be filtered further
    ]

    def get_base_queryset(self):
        """Live pages of the requested site, outside any view restriction.

        Unlike Wagtail's, a restriction the current session has passed still
        hides the page: responses are cached and shared, so they must not
        depend on who asks.
        """
        from newsroom.models import SponsoredLinkPage

        try:
            site = SiteFilterValidator(
                site=self.request.GET.get("site"), request=self.request
            ).site_obj
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if site is None:
            return Page.objects.none()
        return (
            queries.readable(Page.objects.all(), self.request)
            .descendant_of(site.root_page, inclusive=True)
            .exclude(pk__in=SponsoredLinkPage.objects.inactive().values("pk"))
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        prefetch = getattr(queryset.model, "api_prefetch", None)
        return prefetch(queryset) if prefetch else queryset.select_related("locale")

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        pages = list(self.paginate_queryset(queryset))
        return self.get_paginated_response(self.serialize(pages, many=True))

    def detail_view(self, request, pk):
        page = self.get_object()
        return Response(self.serialize([page])[0])

    def serialize(self, pages, many=False):
        """Serialise pages with their sections and body media fetched for all at once."""
        from newsroom.models.base import ArticlePage

        queries.attach_sections([page for page in pages if isinstance(page, ArticlePage)])
        with prefetched_media(pages):
            serializer = self.get_serializer(pages, many=True)
            return serializer.data


MEDIA_FILTERS = [ValidatingFieldsFilter, OrderingFilter, CleanSearchFilter]


class NewsroomImagesAPIViewSet(PublicEndpoint, ImagesAPIViewSet):
    """Public images (core.media_access) with their alt text and the renditions pages use."""

    filter_backends = MEDIA_FILTERS

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + [
            APIField("alt", serializer=AltTextField()),
            APIField("renditions", serializer=RenditionsField()),
        ]

    def get_queryset(self):
        return queries.with_listing_images(media_access.public(super().get_queryset()), field=None)


class NewsroomDocumentsAPIViewSet(PublicEndpoint, DocumentsAPIViewSet):
    """Public documents (core.media_access), with size and type."""

    filter_backends = MEDIA_FILTERS

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + [
            APIField("url", serializer=DocumentURLField()),
            APIField("extension", serializer=DocumentExtensionField()),
            APIField("size", serializer=DocumentSizeField()),
        ]

    def get_queryset(self):
        return media_access.public(super().get_queryset())


class AltTextField(fields.SchemaField):
    schema = {"type": "string"}

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image.default_alt_text


class RenditionsField(fields.SchemaField):
    schema = fields.IMAGE_SCHEMA["properties"]["renditions"]

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return fields.image_representation(image)["renditions"]


class DocumentURLField(fields.SchemaField):
    schema = {"type": "string", "format": "uri"}

    def get_attribute(self, instance):
        return instance

    def to_representation(self, document):
        return fields.absolute_url(document.url)


class DocumentExtensionField(DocumentURLField):
    schema = {"type": "string"}

    def to_representation(self, document):
        return document.file_extension.lower()


class DocumentSizeField(DocumentURLField):
    schema = {"type": ["integer", "null"], "description": "Size in bytes"}

    def to_representation(self, document):
        return document.get_file_size()


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, like the endpoints' own."""
    return JsonResponse({"message": "not found"}, status=404)


class PagePreviewAPIViewSet(NewsroomPagesAPIViewSet):
    """``/api/v2/preview/?token=``: a draft, as its detail will read once published.

    The token comes from the admin's preview panel (home.preview). No token is
    a 400; an unknown or expired one a 403, the same for both. The answer is
    never stored by a cache or indexed.
    """

    known_query_parameters = NewsroomPagesAPIViewSet.known_query_parameters | {"token"}

    def listing_view(self, request):
        token = request.GET.get("token", "").strip()
        if not token:
            raise BadRequestError("token is required: it is given by the admin's preview")
        preview = find_preview(token) if PREVIEW_TOKEN.fullmatch(token) else None
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
