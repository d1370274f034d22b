"""Previews of drafts for a headless front end, through the API.

In the admin's preview panel, the mode "Headless front end (API)" stores the
draft being edited and gives it a token: ``/api/v2/preview/?token=…`` then
answers with the page as ``/api/v2/pages/<id>/`` would once it is published,
to anyone holding the token, until PREVIEW_TOKEN_SECONDS after the editor's
last preview. With HEADLESS_PREVIEW_URL set, the panel opens the front end's
own preview page instead, passing it the token.

wagtail-headless-preview does the same for Wagtail 7; it does not support
Wagtail 8, and its tokens never expire.
"""

import datetime
import secrets
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from .models import PagePreview


def _page_key(page: Page) -> str:
    return str(page.pk) if page.pk else f"new:{page.path[: -page.steplen]}"


def issue_token(page: Page, user: User | AnonymousUser | None) -> PagePreview:
    """Store ``page`` (a draft, perhaps unsaved) for the API; returns its PagePreview."""
    now = timezone.now()
    PagePreview.objects.filter(expires_at__lte=now).delete()
    expires_at = now + datetime.timedelta(seconds=settings.PREVIEW_TOKEN_SECONDS)
    values = {
        "content_type": ContentType.objects.get_for_model(page),
        "content": page.serializable_data(),
        "expires_at": expires_at,
    }
    preview, _ = PagePreview.objects.update_or_create(
        user=user if user and user.is_authenticated else None,
        page_key=_page_key(page),
        defaults=values,
        create_defaults={**values, "token": secrets.token_urlsafe(32)},
    )
    return preview


def find_preview(token: str) -> PagePreview | None:
    """The unexpired PagePreview of ``token``, or None."""
    return (
        PagePreview.objects.filter(token=token, expires_at__gt=timezone.now())
        .select_related("content_type")
        .first()
    )


def api_url(preview: PagePreview) -> str:
    path = reverse("wagtailapi:preview:listing")
    return f"{settings.WAGTAILAPI_BASE_URL}{path}?token={quote(preview.token)}"


def serve_headless_preview(page: Page, request: HttpRequest) -> HttpResponse:
    """The admin's preview panel in headless mode: the front end's page, or the API link."""
    preview = issue_token(page, request.user)
    url = api_url(preview)
    if settings.HEADLESS_PREVIEW_URL:
        return redirect(
            settings.HEADLESS_PREVIEW_URL.format(token=quote(preview.token), api_url=quote(url))
        )
    return TemplateResponse(
        request,
        "core/headless_preview.html",
        {"page": page, "preview": preview, "api_url": url},
    )
