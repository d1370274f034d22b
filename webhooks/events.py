"""Page events written to the outbox, in the same transaction as the change.

Publishing (in the admin, by ``publish_scheduled`` or from code) and deleting
happen in a transaction Wagtail opens, and the deliveries are written inside
it. Wagtail unpublishes and moves without one; in the admin every change
request runs in a transaction (core.transactions), and the scheduler
(core.scheduling) publishes or unpublishes each page in a transaction of its
own, so those are atomic with their deliveries too. Code that unpublishes or moves pages should
do it inside ``transaction.atomic()`` for the same guarantee.

Only pages readers may see produce events: a page behind a password or a
login never does, so an integration never learns its title, and a partner
link is published or moved for integrations only inside its display window.
"""

import json

from django.db.models.signals import pre_delete
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from api.fields import absolute_url, type_name

from .models import (
    DELETED,
    EVENT_FIELDS,
    MOVED,
    PUBLISHED,
    UNPUBLISHED,
    WebhookDelivery,
    WebhookEndpoint,
)


def _absolute(page):
    try:
        return page.get_full_url()
    except Exception:  # noqa: BLE001 - a page outside any site has no URL
        return None


def _endpoints(event, content_type_id):
    """The enabled endpoints that want ``event`` for pages of this type."""
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            enabled=True, **{EVENT_FIELDS[event]: True}
        ).prefetch_related("page_types")
        if endpoint.wants(event, content_type_id)
    ]


def enqueue(event, page, only_if=None, **extra):
    """Queue ``event`` about ``page`` for every endpoint that wants it; returns the deliveries.

    The endpoints are looked up first: with none (the usual case), an event
    costs one query, and ``only_if`` (a further check that may query) is not
    even called.
    """
    endpoints = _endpoints(event, page.content_type_id)
    if not endpoints or (only_if is not None and not only_if()):
        return []
    if page.get_view_restrictions().exists():
        return []
    data = {
        "id": page.pk,
        "type": type_name(page.specific_class),
        "title": page.title,
        "url": _absolute(page),
        "api_url": absolute_url(reverse("wagtailapi:pages:detail", args=[page.pk])),
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


def _visible(page):
    readers_can_see = getattr(page.specific, "readers_can_see", None)
    return readers_can_see() if readers_can_see else page.live


def on_published(sender, instance, **kwargs):
    # Wagtail also sends page_published when it schedules a page for later:
    # the event waits until the page really goes live. A partner link outside
    # its display window is not there for readers: no event either.
    if instance.live:
        enqueue(PUBLISHED, instance, only_if=lambda: _visible(instance))


def _live_in_database(page):
    return Page.objects.filter(pk=page.pk, live=True).exists()


def on_unpublished(sender, instance, **kwargs):
    # Before deleting a live page, Wagtail unpublishes it in memory only; that
    # is not an unpublish of its own: the deletion sends page.deleted.
    enqueue(UNPUBLISHED, instance, only_if=lambda: not _live_in_database(instance))


def on_deleted(sender, instance, **kwargs):
    # Before the row goes, while the page still has its place in the tree.
    enqueue(DELETED, instance, only_if=lambda: _live_in_database(instance))


def on_moved(sender, instance, parent_page_before, parent_page_after, url_path_before, **kwargs):
    if parent_page_before.pk == parent_page_after.pk or not _visible(instance):
        return  # reordered among its siblings (its address is the same), or not for readers
    before = Page(pk=instance.pk, path=instance.path, url_path=url_path_before)
    enqueue(MOVED, instance, old_url=_absolute(before))


def connect():
    page_published.connect(on_published, dispatch_uid="webhooks-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="webhooks-unpublished")
    pre_delete.connect(on_deleted, sender=Page, dispatch_uid="webhooks-deleted")
    post_page_move.connect(on_moved, dispatch_uid="webhooks-moved")
