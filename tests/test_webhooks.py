"""Webhooks: page events reach a real receiver on 127.0.0.1, signed, retried, never lost."""

import datetime
import io
import socket
import threading
import time
from unittest import mock

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsroom.models import AnnouncementPage
from webhooks.management.commands.send_webhooks import Command as Worker
from webhooks.models import WebhookDelivery, WebhookEndpoint

from .admin_forms import article_data, edit_url
from .conftest import free_port
from .factories import AnnouncementPageFactory, NewsIndexPageFactory, NewsPageFactory
from .webhook_receiver import Receiver, endpoint_for, events, send_once, verify

pytestmark = pytest.mark.usefixtures("webhook_settings")

# --- events ------------------------------------------------------------------------


def test_every_kind_of_event_reaches_the_receiver_signed(receiver, home, news_section):
    other_section = NewsIndexPageFactory(parent=home, title="Tư vấn", slug="tu-van")
    endpoint = endpoint_for(receiver.url)

    page = NewsPageFactory(parent=news_section, title="Hội thảo chè Shan tuyết", slug="hoi-thao")
    first_url = page.full_url
    page.unpublish()
    page.save_revision().publish()
    page.move(other_section, pos="last-child")
    page.refresh_from_db()
    page.delete()
    send_once()

    received = events(receiver)
    assert [event["type"] for event in received] == [
        "page.published",
        "page.unpublished",
        "page.published",
        "page.moved",
        "page.deleted",
    ]
    for request in receiver.requests:
        assert verify(endpoint.secret, request["headers"], request["body"])
        assert request["headers"]["Content-Type"] == "application/json"
    first = received[0]
    assert first["data"] == {
        "id": page.pk,
        "type": "newsroom.NewsPage",
        "title": "Hội thảo chè Shan tuyết",
        "url": first_url,
        "api_url": f"http://testserver/api/v2/pages/{page.pk}/",
    }
    assert first_url.endswith("/tin-tuc/hoi-thao/")
    assert datetime.datetime.fromisoformat(first["timestamp"]).tzinfo is not None
    moved = received[3]["data"]
    assert moved["url"] == first_url.replace("/tin-tuc/", "/tu-van/")
    assert moved["old_url"] == first_url
    ids = {request["headers"]["webhook-id"] for request in receiver.requests}
    assert len(ids) == 5
    assert WebhookDelivery.objects.filter(status=WebhookDelivery.DELIVERED).count() == 5


def test_a_tampered_body_or_a_wrong_secret_fails_verification(receiver, news_section):
    endpoint = endpoint_for(receiver.url)
    NewsPageFactory(parent=news_section)
    send_once()
    request = receiver.requests[0]

    assert verify(endpoint.secret, request["headers"], request["body"])
    assert not verify(endpoint.secret, request["headers"], request["body"].replace(b"}", b" }"))
    other = WebhookEndpoint(name="x", url=receiver.url).secret
    assert not verify(other, request["headers"], request["body"])


def test_endpoints_get_only_the_events_and_page_types_they_chose(
    receiver, news_section, announcement_section
):
    announcements_only = endpoint_for(receiver.url, on_unpublished=False)
    announcements_only.page_types.set([ContentType.objects.get_for_model(AnnouncementPage)])
    endpoint_for(receiver.url, enabled=False)

    NewsPageFactory(parent=news_section)
    notice = AnnouncementPageFactory(
        parent=announcement_section, title="Thông báo tuyển chuyên gia"
    )
    notice.unpublish()
    send_once()

    assert [(e["type"], e["data"]["type"]) for e in events(receiver)] == [
        ("page.published", "newsroom.AnnouncementPage")
    ]


def test_private_pages_and_drafts_send_nothing(receiver, news_section):
    endpoint_for(receiver.url)
    PageViewRestriction.objects.create(
        page=news_section, restriction_type=PageViewRestriction.PASSWORD, password="bi-mat"
    )
    NewsPageFactory(parent=news_section, title="Tin nội bộ")
    draft = NewsPageFactory(parent=news_section, title="Bản nháp", publish=False)
    draft.delete()
    send_once()

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_publish_scheduled_sends_the_event_when_the_page_goes_live(receiver, news_section):
    endpoint_for(receiver.url)
    page = NewsPageFactory(parent=news_section, publish=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        page.go_live_at = start + datetime.timedelta(hours=1)
        page.save_revision().publish()
        assert not WebhookDelivery.objects.exists()
        clock.move_to(start + datetime.timedelta(hours=1, minutes=1))
        call_command("publish_scheduled", stdout=None)
        send_once()

    assert [event["type"] for event in events(receiver)] == ["page.published"]


# --- never lost ----------------------------------------------------------------------


def test_the_outbox_is_written_in_the_same_transaction_as_the_publish(receiver, news_section):
    endpoint_for(receiver.url)
    page = NewsPageFactory(parent=news_section, publish=False)

    with pytest.raises(RuntimeError), transaction.atomic():
        page.save_revision().publish()
        raise RuntimeError("the request failed after publishing")

    page.refresh_from_db()
    assert not page.live
    assert not WebhookDelivery.objects.exists()


def test_an_unpublish_in_the_admin_and_its_event_commit_together(
    receiver, news_section, moderator_member
):
    endpoint_for(receiver.url)
    page = NewsPageFactory(parent=news_section)
    WebhookDelivery.objects.all().delete()
    _, client = moderator_member
    url = reverse("wagtailadmin_pages:unpublish", args=[page.pk])

    with (
        mock.patch(
            "webhooks.events.WebhookDelivery.objects.bulk_create",
            side_effect=DatabaseError("outbox unavailable"),
        ),
        pytest.raises(DatabaseError),
    ):
        client.post(url)
    page.refresh_from_db()
    assert page.live  # the unpublish was rolled back with the failed event

    assert client.post(url).status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert WebhookDelivery.objects.get().event == "page.unpublished"


def test_a_receiver_failing_twice_then_succeeding_gets_one_delivery_after_three_attempts(
    receiver, news_section
):
    endpoint_for(receiver.url)
    receiver.answer(500, b"loi may chu")
    receiver.answer(503)
    NewsPageFactory(parent=news_section)

    for _ in range(3):
        send_once()
    send_once()  # nothing left to send

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert delivery.attempts == 3
    assert delivery.last_status_code == 200
    assert len(receiver.requests) == 3
    assert len({request["headers"]["webhook-id"] for request in receiver.requests}) == 1
    assert len({request["body"] for request in receiver.requests}) == 1


def test_retries_wait_longer_each_time_and_give_up_at_the_limit(news_section, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    endpoint_for(f"http://127.0.0.1:{free_port()}/hook")
    NewsPageFactory(parent=news_section)
    start = timezone.now()
    delivery = WebhookDelivery.objects.get()

    with time_machine.travel(start, tick=False) as clock:
        waits = []
        for _ in range(3):
            send_once()
            delivery.refresh_from_db()
            waits.append((delivery.next_attempt_at - timezone.now()).total_seconds())
            send_once()  # not due yet: nothing happens
            clock.move_to(delivery.next_attempt_at + datetime.timedelta(seconds=1))

    assert delivery.status == WebhookDelivery.FAILED
    assert delivery.attempts == 3
    assert "Connection refused" in delivery.last_error or "connect" in delivery.last_error
    assert 30 <= waits[0] <= 33 and 60 <= waits[1] <= 66


def test_a_receiver_that_is_down_gets_the_event_after_the_worker_restarts(
    transactional_db, live_home, webhook_settings
):
    webhook_settings.WEBHOOK_MAX_ATTEMPTS = 10_000
    port = free_port()
    section = NewsIndexPageFactory(parent=live_home, slug="tin-tuc")
    endpoint_for(f"http://127.0.0.1:{port}/hook")
    page = NewsPageFactory(parent=section, title="Tin gửi khi máy nhận hoạt động lại")

    def run_worker_until(condition):
        stop = threading.Event()
        worker = threading.Thread(target=Worker(stdout=io.StringIO()).run_until, args=(stop, 0.05))
        worker.start()
        try:
            deadline = time.monotonic() + 20
            while not condition() and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            stop.set()
            worker.join(timeout=20)
        assert not worker.is_alive()
        assert condition()

    def delivery():
        return WebhookDelivery.objects.get(page_id=page.pk)

    run_worker_until(lambda: delivery().attempts >= 2)
    assert delivery().status == WebhookDelivery.PENDING  # down, but still queued

    receiver = Receiver(port)
    try:
        run_worker_until(lambda: delivery().status == WebhookDelivery.DELIVERED)
    finally:
        receiver.stop()

    assert delivery().status == WebhookDelivery.DELIVERED
    assert [event["data"]["id"] for event in events(receiver)] == [page.pk]


def test_an_editors_publish_never_waits_for_the_receiver(news_section, moderator_member):
    """A receiver that hangs costs the publish nothing: no connection, the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, client = moderator_member
    hanging = Receiver()
    up = Receiver()
    connections = []
    real_connect = socket.socket.connect

    def watching_connect(sock, address):
        if address[1] in (hanging.port, up.port):
            connections.append(address)
        return real_connect(sock, address)

    def publish(title, url):
        WebhookEndpoint.objects.update(enabled=False)
        endpoint_for(url)
        page = NewsPageFactory(parent=news_section, title=title, slug=title, publish=False)
        with (
            mock.patch.object(socket.socket, "connect", watching_connect),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.post(edit_url(page), article_data(title, slug=title))
        assert response.status_code == 302
        return len(queries)

    try:
        publish("tin-a", up.url)  # the first publish also creates the tags
        hanging.answer(200, delay=30)
        queries_down = publish("tin-b", hanging.url)
        queries_up = publish("tin-c", up.url)
    finally:
        hanging.stop()
        up.stop()

    # Not one connection from the request: the hanging receiver could not hold it.
    assert connections == []
    assert queries_down == queries_up
    assert WebhookDelivery.objects.filter(status=WebhookDelivery.PENDING).count() == 3


def test_an_expiry_by_publish_scheduled_and_its_event_commit_together(receiver, news_section):
    endpoint_for(receiver.url)
    start = timezone.now()
    page = NewsPageFactory(parent=news_section, expire_at=start + datetime.timedelta(hours=1))
    WebhookDelivery.objects.all().delete()

    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        with (
            mock.patch(
                "webhooks.events.WebhookDelivery.objects.bulk_create",
                side_effect=DatabaseError("outbox unavailable"),
            ),
            pytest.raises(DatabaseError),
        ):
            call_command("publish_scheduled", stdout=None)
        page.refresh_from_db()
        assert page.live  # rolled back with its event

        call_command("publish_scheduled", stdout=None)
        page.refresh_from_db()
        assert not page.live and page.expired
        send_once()

    assert [event["type"] for event in events(receiver)] == ["page.unpublished"]
