"""The OpenAPI 3.1 description of /api/v2/, served at /api/v2/openapi.json.

The schemas of what the endpoints return come from api.schemas (the models
and blocks themselves); the parameters of each operation from the endpoints'
own ``parameters_for`` (api.parameters), the same that validate requests.
"""

from functools import lru_cache

from django.conf import settings
from django.http import JsonResponse

from . import fields as api_fields
from .schemas import listing_of, media_schemas, page_schemas, ref
from .views import (
    NewsroomDocumentsAPIViewSet,
    NewsroomImagesAPIViewSet,
    NewsroomPagesAPIViewSet,
    PagePreviewAPIViewSet,
)

# The address is longer than the server reads (gunicorn: 4,094 bytes in the request line).
TOO_LONG = {"description": "The query string is too long."}


def error(description):
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def responses(ok_schema):
    return {
        "200": {
            "description": "OK",
            "headers": {
                "ETag": {"schema": {"type": "string"}},
                "Cache-Control": {"schema": {"type": "string"}},
            },
            "content": {"application/json": {"schema": ok_schema}},
        },
        "400": error("A query parameter is unknown or malformed; the message says which."),
        "404": error("Not found."),
        "414": TOO_LONG,
    }


def id_parameter():
    return {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def query(viewset, action):
    return [parameter.openapi() for parameter in viewset.parameters_for(action)]


def operations(endpoint, viewset, item_schema, noun, listing_schema=None):
    name = noun[0].upper() + noun[1:]
    return {
        f"/api/v2/{endpoint}/": {
            "get": {
                "summary": f"List {endpoint}",
                "operationId": f"list{name}s",
                "parameters": query(viewset, "listing_view"),
                "responses": responses(listing_of(listing_schema or item_schema)),
            }
        },
        f"/api/v2/{endpoint}/{{id}}/": {
            "get": {
                "summary": f"One {noun}",
                "operationId": f"get{name}",
                "parameters": [id_parameter(), *query(viewset, "detail_view")],
                "responses": responses(ref(item_schema)),
            }
        },
        f"/api/v2/{endpoint}/find/": {
            "get": {
                "summary": f"Find a {noun}",
                "operationId": f"find{name}",
                "parameters": query(viewset, "find_view"),
                "responses": {
                    "302": {"description": "Redirect to its detail URL."},
                    "400": error("A query parameter is unknown or malformed."),
                    "404": error("Nothing readable there."),
                    "414": TOO_LONG,
                },
            }
        },
    }


def paths():
    found = {
        **operations("pages", NewsroomPagesAPIViewSet, "PageDetail", "page", "PageListingItem"),
        "/api/v2/preview/": {
            "get": {
                "summary": "A draft, as its detail will read once published",
                "description": (
                    "For a headless front end's preview. The token comes from the admin's "
                    "preview panel and expires PREVIEW_TOKEN_SECONDS after the editor's last "
                    "preview. A page not yet saved has id null and no detail_url. "
                    "Never cached (Cache-Control: no-store)."
                ),
                "operationId": "previewPage",
                "parameters": query(PagePreviewAPIViewSet, "listing_view"),
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": ref("PagePreview")}},
                    },
                    "400": error("No token, or a malformed one."),
                    "403": error("The token is unknown or has expired."),
                    "414": TOO_LONG,
                },
            }
        },
        **operations("images", NewsroomImagesAPIViewSet, "ImageItem", "image"),
        **operations("documents", NewsroomDocumentsAPIViewSet, "DocumentItem", "document"),
    }
    found["/api/v2/pages/find/"]["get"]["summary"] = "Find a page by its path on the site"
    return found


@lru_cache(maxsize=1)
def build_document():
    schemas = dict(api_fields.SHARED_SCHEMAS)
    schemas["Error"] = {
        "type": "object",
        "required": ["message"],
        "properties": {"message": {"type": "string"}},
        "additionalProperties": False,
    }
    page_schemas(schemas)
    media_schemas(schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME} – pages API",
            "version": "2",
            "description": (
                "Published content of the site: news, announcements, partner links and "
                "pages, with images as renditions and rich text as final HTML. Only live, "
                "public pages appear. See docs/api.md."
            ),
        },
        "servers": [{"url": settings.WAGTAILAPI_BASE_URL}],
        "paths": paths(),
        "components": {"schemas": schemas},
    }


def openapi_view(request):
    response = JsonResponse(build_document(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
    return response
