"""The OpenAPI 3.1 description of /api/v2/, built from the models and blocks themselves.

Each page type's ``api_fields`` and each body block become a schema: a field or
block this module cannot describe is an error (``UndescribedField``), so the
document cannot silently drift from what the API returns. Served at
/api/v2/openapi.json.
"""

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.http import JsonResponse
from rest_framework import serializers
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.fields import StreamField
from wagtail.models import get_page_models

from . import fields as api_fields
from .views import NewsroomDocumentsAPIViewSet, NewsroomImagesAPIViewSet, NewsroomPagesAPIViewSet

APPS = ("home", "newsroom")
REF = "#/components/schemas/"


class UndescribedField(Exception):
    """An API field or block the OpenAPI document does not know how to describe."""


def ref(name):
    return {"$ref": REF + name}


def page_models():
    return [model for model in get_page_models() if model._meta.app_label in APPS]


# --- blocks ------------------------------------------------------------------


def block_schema(block, schemas):
    """The JSON Schema of ``block``'s API representation, registering sub-schemas."""
    if hasattr(block, "api_schema"):
        return block.api_schema
    if isinstance(block, blocks.StreamBlock):
        name = type(block).__name__
        if name not in schemas:
            schemas[name] = {}  # placeholder against recursion
            variants = []
            for child_name, child in block.child_blocks.items():
                child_schema_name = f"{name}.{child_name}"
                schemas[child_schema_name] = {
                    "type": "object",
                    "description": str(child.meta.description or child.label or ""),
                    "required": ["type", "value", "id"],
                    "properties": {
                        "type": {"const": child_name},
                        "value": block_schema(child, schemas),
                        "id": {"type": "string", "format": "uuid"},
                    },
                    "additionalProperties": False,
                }
                variants.append(ref(child_schema_name))
            schemas[name] = {"type": "array", "items": {"oneOf": variants}}
        return ref(name)
    if isinstance(block, TypedTableBlock):
        cells = [block_schema(child, schemas) for child in block.child_blocks.values()]
        return {
            "type": "object",
            "required": ["caption", "columns", "rows"],
            "properties": {
                "caption": {"type": "string"},
                "columns": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["type", "heading"],
                        "properties": {
                            "type": {"enum": list(block.child_blocks)},
                            "heading": {"type": "string"},
                        },
                        "additionalProperties": False,
                    },
                },
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["values"],
                        "properties": {"values": {"type": "array", "items": {"anyOf": cells}}},
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        }
    if isinstance(block, blocks.StructBlock):
        return {
            "type": "object",
            "required": list(block.child_blocks),
            "properties": {
                name: block_schema(child, schemas) for name, child in block.child_blocks.items()
            },
            "additionalProperties": False,
        }
    if isinstance(block, blocks.ChoiceBlock):
        return {"enum": [value for value, _ in block.field.choices if value != ""]}
    if isinstance(block, blocks.RichTextBlock):
        return {"type": "string", "contentMediaType": "text/html"}
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return {"type": "string"}
    raise UndescribedField(f"no schema for block {type(block).__name__}")


# --- fields --------------------------------------------------------------------

DRF_TYPES = {
    serializers.BooleanField: {"type": "boolean"},
    serializers.IntegerField: {"type": "integer"},
    serializers.CharField: {"type": "string"},
}


def model_field_schema(field, schemas):
    if isinstance(field, StreamField):
        return block_schema(field.stream_block, schemas)
    if isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, (models.IntegerField, models.AutoField)):
        schema = {"type": "integer"}
    elif isinstance(field, models.URLField):
        schema = {"type": "string", "format": "uri"}
    elif isinstance(field, (models.CharField, models.TextField)):
        schema = {"type": "string"}
    else:
        raise UndescribedField(f"no schema for model field {field!r}")
    if field.choices:
        schema = {"enum": [value for value, _ in field.flatchoices]}
    if field.null:
        schema = {"oneOf": [schema, {"type": "null"}]}
    description = str(field.help_text or field.verbose_name or "")
    return {**schema, "description": description} if description else schema


def api_field_schema(model, api_field, schemas):
    serializer = api_field.serializer
    if serializer is not None:
        if hasattr(serializer, "schema"):
            return serializer.schema
        for drf_class, schema in DRF_TYPES.items():
            if isinstance(serializer, drf_class):
                return schema
        raise UndescribedField(f"no schema for {model.__name__}.{api_field.name}")
    try:
        field = model._meta.get_field(api_field.name)
    except models.FieldDoesNotExist as error:
        raise UndescribedField(f"{model.__name__}.{api_field.name} needs a serializer") from error
    return model_field_schema(field, schemas)


def page_meta_schema(model=None, detail=False):
    properties = {
        "type": {"const": api_fields.type_name(model)} if model else {"type": "string"},
        "detail_url": {"type": "string", "format": "uri"},
        "html_url": {"type": ["string", "null"], "format": "uri"},
        "slug": {"type": "string"},
        "show_in_menus": {"type": "boolean"},
        "seo_title": {"type": "string"},
        "search_description": {"type": "string"},
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "alias_of": {"oneOf": [ref("NestedPage"), {"type": "null"}]},
        "locale": {"type": "string"},
    }
    # ?fields= can remove any field from a listing; a detail has them all.
    required = []
    if detail:
        properties["parent"] = {"oneOf": [ref("NestedPage"), {"type": "null"}]}
        required = list(properties)
        required.remove("locale")  # only when Wagtail's i18n is on
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def page_fields(model, schemas):
    return {
        api_field.name: api_field_schema(model, api_field, schemas)
        for api_field in NewsroomPagesAPIViewSet._convert_api_fields(
            getattr(model, "api_fields", ())
        )
    }


def page_schemas(schemas):
    """A detail schema per page type, and a listing item covering them all."""
    listing_properties = {}
    for model in page_models():
        fields = page_fields(model, schemas)
        schemas[api_fields.type_name(model)] = {
            "type": "object",
            "description": str(model.get_page_description() or model._meta.verbose_name),
            "required": ["id", "meta", "title", *fields],
            "properties": {
                "id": {"type": "integer"},
                "meta": page_meta_schema(model, detail=True),
                "title": {"type": "string"},
                **fields,
            },
            "additionalProperties": False,
        }
        for name, schema in fields.items():
            shape = {key: value for key, value in schema.items() if key != "description"}
            if listing_properties.setdefault(name, shape) != shape:
                raise UndescribedField(f"'{name}' has different shapes on different page types")
    schemas["NestedPage"] = {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "detail_url": {"type": "string", "format": "uri"},
                    "html_url": {"type": ["string", "null"], "format": "uri"},
                },
                "additionalProperties": False,
            },
            "title": {"type": "string"},
        },
        "additionalProperties": False,
    }
    schemas["PageListingItem"] = {
        "type": "object",
        "description": "A page in a listing: the fields asked for with ?fields=.",
        "required": [],
        "properties": {
            "id": {"type": "integer"},
            "meta": page_meta_schema(),
            "title": {"type": "string"},
            **listing_properties,
        },
        "additionalProperties": False,
    }
    schemas["PageDetail"] = {"oneOf": [ref(api_fields.type_name(model)) for model in page_models()]}
    schemas["PagePreview"] = {
        "oneOf": [
            ref("PageDetail"),
            {
                "type": "object",
                "description": (
                    "A page not saved yet: the fields of its type's detail, "
                    "with id null and no detail_url."
                ),
                "required": ["id", "meta", "title"],
                "properties": {
                    "id": {"type": "null"},
                    "meta": {"type": "object", "not": {"required": ["detail_url"]}},
                    "title": {"type": "string"},
                },
            },
        ]
    }


def media_schemas(schemas):
    image_fields = {
        field.name: api_field_schema(None, field, schemas)
        for field in NewsroomImagesAPIViewSet.get_body_fields(None)
        if field.serializer is not None
    }
    document_fields = {
        field.name: api_field_schema(None, field, schemas)
        for field in NewsroomDocumentsAPIViewSet.get_body_fields(None)
        if field.serializer is not None
    }
    meta = {
        "type": {"type": "string"},
        "detail_url": {"type": "string", "format": "uri"},
        "tags": {"type": "array", "items": {"type": "string"}},
    }
    schemas["ImageItem"] = {
        "type": "object",
        "required": [],
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "type": "object",
                "properties": {**meta, "download_url": {"type": "string"}},
                "additionalProperties": False,
            },
            "title": {"type": "string"},
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            **image_fields,
        },
        "additionalProperties": False,
    }
    schemas["DocumentItem"] = {
        "type": "object",
        "required": [],
        "properties": {
            "id": {"type": "integer"},
            "meta": {
                "type": "object",
                "properties": {**meta, "download_url": {"type": "string", "format": "uri"}},
                "additionalProperties": False,
            },
            "title": {"type": "string"},
            **document_fields,
        },
        "additionalProperties": False,
    }


def listing_of(item):
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {"total_count": {"type": "integer", "minimum": 0}},
                "additionalProperties": False,
            },
            "items": {"type": "array", "items": ref(item)},
        },
        "additionalProperties": False,
    }


# --- paths ---------------------------------------------------------------------


def parameter(name, description, schema=None, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


FIELD_NAME = r"-?[a-z_]+"
COMMON_PARAMETERS = [
    parameter(
        "limit",
        "How many items, at most 100.",
        {"type": "integer", "minimum": 0, "maximum": settings.WAGTAILAPI_LIMIT_MAX},
    ),
    parameter("offset", "How many items to skip.", {"type": "integer", "minimum": 0}),
    parameter(
        "fields",
        "Fields to add (name), remove (-name), all (*) or none (_), comma-separated.",
        {"type": "string", "pattern": rf"^([*_]|{FIELD_NAME})(,{FIELD_NAME})*$"},
    ),
    parameter(
        "order",
        "Field names, -name for descending, or random.",
        {"type": "string", "pattern": rf"^(random|{FIELD_NAME}(,{FIELD_NAME})*)$"},
    ),
    parameter("search", "Words to search for (diacritics optional)."),
    parameter("search_operator", "How search words combine.", {"enum": ["and", "or"]}),
]


def filter_parameters():
    """The type-specific fields integrations may filter on, e.g. ?date=2021-01-29."""
    found = {}
    for model in page_models():
        names = NewsroomPagesAPIViewSet.get_available_fields(model, db_fields_only=True)
        for name in names:
            if name in ("id", "title", "slug", "locale", "show_in_menus", "seo_title"):
                continue
            field = model._meta.get_field(name)
            if name == "tags":
                schema = {"type": "string"}
                description = "Comma-separated tag names; pages with all of them."
            elif isinstance(field, StreamField) or field.is_relation:
                continue
            else:
                schema = model_field_schema(field, {})
                schema = {key: value for key, value in schema.items() if key != "description"}
                description = f"Exact value of '{name}' (needs ?type=)."
            found.setdefault(name, parameter(name, description, schema))
    return list(found.values())


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
        "400": {
            "description": "The request is malformed; the message says how.",
            "content": {"application/json": {"schema": ref("Error")}},
        },
        "404": {
            "description": "Not found.",
            "content": {"application/json": {"schema": ref("Error")}},
        },
    }


def id_parameter():
    return {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def media_paths(endpoint, item_schema, noun):
    media_parameters = [*COMMON_PARAMETERS, parameter("tags", "Comma-separated tag names.")]
    name = noun.capitalize()
    return {
        f"/api/v2/{endpoint}/": {
            "get": {
                "summary": f"List {endpoint}",
                "operationId": f"list{name}s",
                "parameters": media_parameters,
                "responses": responses(listing_of(item_schema)),
            }
        },
        f"/api/v2/{endpoint}/{{id}}/": {
            "get": {
                "summary": f"One {noun}",
                "operationId": f"get{name}",
                "parameters": [id_parameter()],
                "responses": responses(ref(item_schema)),
            }
        },
    }


def paths():
    page_types = [api_fields.type_name(model) for model in page_models()]
    pages_parameters = [
        parameter("type", "Page type, e.g. newsroom.NewsPage.", {"enum": page_types}),
        parameter("child_of", "Id of the parent page, or 'root'."),
        parameter("descendant_of", "Id of an ancestor page, or 'root'."),
        parameter("ancestor_of", "Id of a descendant page."),
        parameter("site", "Host name of the site, if several."),
        *COMMON_PARAMETERS,
        *filter_parameters(),
    ]
    return {
        "/api/v2/pages/": {
            "get": {
                "summary": "List pages",
                "operationId": "listPages",
                "parameters": pages_parameters,
                "responses": responses(listing_of("PageListingItem")),
            }
        },
        "/api/v2/pages/{id}/": {
            "get": {
                "summary": "One page with all its fields",
                "operationId": "getPage",
                "parameters": [id_parameter(), parameter("fields", "Fields to add or remove.")],
                "responses": responses(ref("PageDetail")),
            }
        },
        "/api/v2/pages/find/": {
            "get": {
                "summary": "Find a page by its path on the site",
                "operationId": "findPage",
                "parameters": [parameter("html_path", "e.g. /tin-tuc/ten-bai/", required=True)],
                "responses": {
                    "302": {"description": "Redirect to the page's detail URL."},
                    "404": {
                        "description": "No readable page there.",
                        "content": {"application/json": {"schema": ref("Error")}},
                    },
                },
            }
        },
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
                "parameters": [
                    parameter("token", "The preview token.", required=True),
                    parameter("fields", "Fields to add or remove."),
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": ref("PagePreview")}},
                    },
                    "400": {
                        "description": "No token.",
                        "content": {"application/json": {"schema": ref("Error")}},
                    },
                    "403": {
                        "description": "The token is unknown or has expired.",
                        "content": {"application/json": {"schema": ref("Error")}},
                    },
                },
            }
        },
        **media_paths("images", "ImageItem", "image"),
        **media_paths("documents", "DocumentItem", "document"),
    }


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
