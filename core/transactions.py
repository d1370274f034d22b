"""Every change made in the admin is one transaction.

Wagtail publishes in a transaction of its own, but unpublishes and moves
without one; run inside this, a change and what it writes alongside (its
log entries, the webhook outbox) are saved together or not at all. Only
POST requests to the admin are wrapped: readers' pages are untouched.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase


class AdminChangesAtomicMiddleware:
    """Django's ATOMIC_REQUESTS, for the admin's POST requests only.

    The view itself runs in the transaction, as with ATOMIC_REQUESTS, so an
    exception rolls everything back before Django turns it into a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.method != "POST" or not request.path.startswith(settings.ADMIN_URL_PREFIX):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)
