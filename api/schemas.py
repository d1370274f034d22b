"""The JSON Schemas of what the API returns, built from the models and blocks themselves.

Each page type's ``api_fields`` and each body block become a schema: a field or
block this module cannot describe is an error (``UndescribedField``), so the
document (api.openapi) cannot silently drift from what the API returns.
"""

from django.db import models
from rest_framework import serializers
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.fields import StreamField

from . import fields as api_fields
from .views import (
    NewsroomDocumentsAPIViewSet,
    NewsroomImagesAPIViewSet,
    NewsroomPagesAPIViewSet,
    page_models,
)

REF = "#/components/schemas/"


class UndescribedField(Exception):
    """An API field or block the OpenAPI document does not know how to describe."""


def ref(name):
    return {"$ref": REF + name}


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
    # ?fields= can remove any field, from a listing or a detail (even all of them).
    if detail:
        properties["parent"] = {"oneOf": [ref("NestedPage"), {"type": "null"}]}
    return {
        "type": "object",
        "required": [],
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
            "description": (
                str(model.get_page_description() or model._meta.verbose_name)
                + " Without ?fields=, a detail has every property."
            ),
            "required": [],
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
    # anyOf: with ?fields=_ a detail is {}, which every type's schema allows.
    schemas["PageDetail"] = {"anyOf": [ref(api_fields.type_name(model)) for model in page_models()]}
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
