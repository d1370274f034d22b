"""Every query parameter of the API: how it is checked, and how the OpenAPI document says so.

One ``Parameter`` per name and operation, with the JSON Schema of its value
and the parser that enforces exactly that schema. The endpoints validate
every request against their parameters before anything reaches the database
(``validate``: an unknown parameter, a malformed value or a number out of
range is a 400 with a message; a control character never gets this far,
core.middleware refuses it for every address), and ``api.openapi`` writes
the same parameters into the document: what the server refuses, the schema
refuses, and the reverse.
"""

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from rest_framework.request import Request
from taggit.managers import TaggableManager
from wagtail.api.v2.utils import BadRequestError

# Characters no query parameter may carry: NUL and the other C0/C1 controls.
NO_CONTROL = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
# PostgreSQL's integer; larger numbers are refused, not passed to the database.
INT_MAX = 2_147_483_647
MAX_TEXT = 255


@dataclasses.dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict
    parse: Callable[[str], Any]
    required: bool = False

    def openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": "query",
            "required": self.required,
            "description": self.description,
            "schema": self.schema,
        }


def _problem(name: str, message: str) -> BadRequestError:
    return BadRequestError(f"{name}: {message}")


def text(
    name: str,
    description: str,
    max_length: int = MAX_TEXT,
    required: bool = False,
    min_length: int = 0,
) -> Parameter:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise ValueError(f"at most {max_length} characters")
        if len(value) < min_length:
            raise ValueError(f"at least {min_length} character(s)")
        return value

    schema = {"type": "string", "maxLength": max_length, "pattern": NO_CONTROL}
    if min_length:
        schema["minLength"] = min_length
    return Parameter(name, description, schema, parse, required)


def pattern(
    name: str,
    description: str,
    regex: str,
    parse: Callable[[str], Any] | None = None,
    max_length: int = MAX_TEXT,
    required: bool = False,
) -> Parameter:
    compiled = re.compile(regex)

    def check(value: str) -> Any:
        if len(value) > max_length or not compiled.fullmatch(value):
            raise ValueError("malformed value")
        return parse(value) if parse else value

    schema = {"type": "string", "maxLength": max_length, "pattern": f"^(?:{regex})$"}
    return Parameter(name, description, schema, check, required)


def integer(
    name: str,
    description: str,
    minimum: int = 0,
    maximum: int = INT_MAX,
    required: bool = False,
) -> Parameter:
    def parse(value: str) -> int:
        if not re.fullmatch(r"-?[0-9]{1,12}", value) or not minimum <= int(value) <= maximum:
            raise ValueError(f"expected an integer from {minimum} to {maximum}")
        return int(value)

    schema = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return Parameter(name, description, schema, parse, required)


def choice(name: str, description: str, values: Iterable[str]) -> Parameter:
    values = list(values)

    def parse(value: str) -> str:
        if value not in values:
            raise ValueError(f"expected one of {', '.join(values)}")
        return value

    return Parameter(name, description, {"type": "string", "enum": values}, parse)


BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def boolean(name: str, description: str) -> Parameter:
    """Wagtail's booleans: true/false, or 1/0."""

    def parse(value: str) -> bool:
        if value not in BOOLEANS:
            raise ValueError("expected true or false")
        return BOOLEANS[value]

    return Parameter(name, description, {"type": "string", "enum": list(BOOLEANS)}, parse)


DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATE_TIME = DATE + r"T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})"


def date(name: str, description: str) -> Parameter:
    def parse(value: str) -> datetime.date:
        if not re.fullmatch(DATE, value):
            raise ValueError("expected a date, YYYY-MM-DD")
        return datetime.date.fromisoformat(value)

    return Parameter(name, description, {"type": "string", "format": "date"}, parse)


def date_time(name: str, description: str) -> Parameter:
    def parse(value: str) -> datetime.datetime:
        if not re.fullmatch(DATE_TIME, value):
            raise ValueError("expected a date and time with its offset, e.g. 2021-01-29T08:00:00Z")
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))

    return Parameter(name, description, {"type": "string", "format": "date-time"}, parse)


def page_id(name: str, description: str, root: bool = False) -> Parameter:
    """A page's id (``root`` too, for child_of and descendant_of)."""
    regex = r"root|[1-9][0-9]{0,9}" if root else r"[1-9][0-9]{0,9}"

    def parse(value: str) -> str | int:
        # Beyond the database's integers no page can exist: the filters find none.
        return value if value == "root" else int(value)

    return pattern(name, description, regex, parse, max_length=10)


def tag_list(name: str, description: str) -> Parameter:
    def parse(value: str) -> list[str]:
        tags = value.split(",")
        if any(not tag.strip() for tag in tags):
            raise ValueError("empty tag name")
        return tags

    # A name: no comma or control character, and not only spaces.
    tag = r"[^,\x00-\x1f\x7f-\x9f]*[^\s,\x00-\x1f\x7f-\x9f][^,\x00-\x1f\x7f-\x9f]*"
    return pattern(name, description, rf"{tag}(?:,{tag})*", parse)


def for_model_field(name: str, field: Any) -> Parameter | None:
    """The parameter that filters on a model field, by the field's kind; None if it cannot."""
    description = f"Pages (or items) whose {name} is exactly this."
    if isinstance(field, (TaggableManager, ClusterTaggableManager)):
        return tag_list(name, "Comma-separated tag names: items with all of them.")
    if isinstance(field, models.ForeignKey):
        return integer(name, f"Id of the {name}.", minimum=1)
    if field.is_relation or not field.concrete:
        return None
    if field.choices:
        return choice(name, description, [str(value) for value, _ in field.choices])
    if isinstance(field, models.BooleanField):
        return boolean(name, description + " true or false.")
    if isinstance(field, models.DateTimeField):
        return date_time(name, description)
    if isinstance(field, models.DateField):
        return date(name, description)
    if isinstance(field, (models.AutoField, models.BigAutoField)):
        return integer(name, description, minimum=1)
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        return integer(name, description, minimum=0)
    if isinstance(field, models.IntegerField):
        return integer(name, description, minimum=-INT_MAX - 1)
    if isinstance(field, (models.CharField, models.TextField)):
        return text(name, description, max_length=min(field.max_length or MAX_TEXT, MAX_TEXT))
    return None


# --- parameters every listing shares ------------------------------------------------


def common_listing_parameters(
    field_names: Iterable[str], order_names: Iterable[str]
) -> list[Parameter]:
    return [
        integer("limit", "How many items, at most 100.", maximum=settings.WAGTAILAPI_LIMIT_MAX),
        integer("offset", "How many items to skip."),
        fields_parameter(field_names),
        order_parameter(order_names),
        text("search", "Words to search for (diacritics optional).", max_length=400),
        choice("search_operator", "How search words combine.", ["and", "or"]),
        *request_parameters(),
    ]


def order_parameter(order_names: Iterable[str]) -> Parameter:
    names = sorted(set(order_names), key=lambda item: (-len(item), item))
    name = "-?(?:" + "|".join(re.escape(item) for item in names) + ")"
    return pattern(
        "order",
        "Field names, -name for descending, comma-separated; or random (alone).",
        rf"random|{name}(?:,{name})*",
        lambda value: value.split(","),
        max_length=2000,
    )


def fields_parameter(field_names: Iterable[str]) -> Parameter:
    """Wagtail's syntax: names to add or -names to remove; ``*,-name…``; ``_,name…``."""
    names = sorted(set(field_names), key=lambda item: (-len(item), item))
    name = "(?:" + "|".join(re.escape(item) for item in names) + ")"
    regex = rf"\*(?:,-{name})*|_(?:,{name})*|-?{name}(?:,-?{name})*"
    return pattern(
        "fields",
        "Fields to add (name) or remove (-name), comma-separated; * first for all fields "
        "(then only removals), _ first for none (then only additions). Fields a page's type "
        "does not have are left out.",
        regex,
        lambda value: value.split(","),
        max_length=2000,
    )


def request_parameters() -> list[Parameter]:
    """What any request may carry: the format (JSON only) and jQuery's cache-buster."""
    return [
        choice("format", "Always json.", ["json"]),
        text("_", "Ignored: lets a client bypass caches."),
    ]


def validate(request: Request, parameters: Iterable[Parameter]) -> dict[str, Any]:
    """The request's query parameters parsed, or a 400 naming the first that is wrong."""
    known = {parameter.name: parameter for parameter in parameters}
    parsed = {}
    for name in request.GET:
        if name not in known:
            raise BadRequestError(f"unknown query parameter: {name[:100]}")
    for name, parameter in known.items():
        values = request.GET.getlist(name)
        if not values:
            if parameter.required:
                raise _problem(name, "is required")
            continue
        if len(values) > 1:
            raise _problem(name, "given more than once")
        value = values[0]
        try:
            parsed[name] = parameter.parse(value)
        except ValueError as error:
            raise _problem(name, str(error)) from None
    return parsed
