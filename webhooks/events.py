"""Page events written to the outbox, in the same transaction as the change.

Publishing (in the admin, by ``publish_scheduled`` or from code) and deleting
happen in a transaction Wagtail opens, and the deliveries are written inside
it. Wagtail unpublishes and moves without one; in the admin every change
request runs in a transaction (site_project.transactions), and so does each
run of ``publish_scheduled`` (webhooks.management.commands), so those are
atomic with their deliveries too. Code that unpublishes or moves pages should
do it inside ``transaction.atomic()`` for the same guarantee.

Only pages readers may see produce events: a page behind a password or a
login never does, so an integration never learns its title.
"""

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import (
    DELETED,
    EVENT_FIELDS,
    MOVED,
    PUBLISHED,
    UNPUBLISHED,
    WebhookDelivery,
    WebhookEndpoint,
)


def type_name(content_type):
    model = content_type.model_class()
    return f"{model._meta.app_label}.{model.__name__}" if model else content_type.model


def _absolute(page):
    try:
        return page.get_full_url()
    except Exception:  # noqa: BLE001 - a page outside any site has no URL
        return None


def enqueue(event, page, **extra):
    """Queue ``event`` about ``page`` for every endpoint that wants it; returns the deliveries."""
    if page.get_view_restrictions().exists():
        return []
    content_type = ContentType.objects.get_for_id(page.content_type_id)
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            enabled=True, **{EVENT_FIELDS[event]: True}
        ).prefetch_related("page_types")
        if endpoint.wants(event, content_type.pk)
    ]
    if not endpoints:
        return []
    data = {
        "id": page.pk,
        "type": type_name(content_type),
        "title": page.title,
        "url": _absolute(page),
        "api_url": f"{settings.WAGTAILAPI_BASE_URL}/api/v2/pages/{page.pk}/",
        **extra,
    }
    body = json.dumps(
        {"type": event, "timestamp": timezone.now().isoformat(), "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint, event=event, page_id=page.pk, page_title=page.title[:255], body=body
        )
        for endpoint in endpoints
    )


def on_published(sender, instance, **kwargs):
    # Wagtail also sends page_published when it schedules a page for later:
    # the event waits until the page really goes live.
    if instance.live:
        enqueue(PUBLISHED, instance)


def _live_in_database(page):
    return Page.objects.filter(pk=page.pk, live=True).exists()


def on_unpublished(sender, instance, **kwargs):
    # Before deleting a live page, Wagtail unpublishes it in memory only; that
    # is not an unpublish of its own: the deletion sends page.deleted.
    if not _live_in_database(instance):
        enqueue(UNPUBLISHED, instance)


def on_deleted(sender, instance, **kwargs):
    # Before the row goes, while the page still has its place in the tree.
    if _live_in_database(instance):
        enqueue(DELETED, instance)


def on_moved(sender, instance, parent_page_before, parent_page_after, url_path_before, **kwargs):
    if parent_page_before.pk == parent_page_after.pk or not instance.live:
        return  # reordered among its siblings: its address is the same
    before = Page(pk=instance.pk, path=instance.path, url_path=url_path_before)
    enqueue(MOVED, instance, old_url=_absolute(before))


def connect():
    page_published.connect(on_published, dispatch_uid="webhooks-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="webhooks-unpublished")
    pre_delete.connect(on_deleted, sender=Page, dispatch_uid="webhooks-deleted")
    post_page_move.connect(on_moved, dispatch_uid="webhooks-moved")
