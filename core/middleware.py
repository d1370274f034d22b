"""Requests refused before anything reads them."""

import re
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

# NUL and the other control characters: no link of the site has them, and
# PostgreSQL refuses NUL in any text, so they would reach it as a 500.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class RefuseControlCharactersMiddleware:
    """A 400 for an address whose path or query string carries a control character.

    The API answers in JSON, like its other errors; every other page with the
    site's Vietnamese 400 page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if CONTROL.search(request.path) or CONTROL.search(query):
            if request.path.startswith("/api/"):
                message = "control characters are not allowed in the address"
                return JsonResponse({"message": message}, status=400)
            context = {"site_name": settings.WAGTAIL_SITE_NAME}
            return render(request, "400.html", context, status=400)
        return self.get_response(request)
