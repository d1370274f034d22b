"""API answers compressed for clients that accept it, by Django or by the proxy in front."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class APICompressionMiddleware(GZipMiddleware):
    """Django's gzip, for /api/ only: a listing of 20 articles is ~250 KB of JSON.

    Pages are left to the proxy (and, later, to the page cache): their HTML
    carries the CSRF token of forms, which must not be compressed beside
    text a visitor controls (BREACH). The ETag becomes weak, and a client's
    If-None-Match still gets its 304.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
