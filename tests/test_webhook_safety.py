"""Webhooks reach only the address that was checked, nothing else, and say nothing early.

A name that resolves to a public address for the check and to an internal
one for the request (DNS rebinding) must not reach the internal one; proxy
variables of the environment must not divert the request; the re-send button
returns only to the admin; and no event announces a page readers cannot see.
"""

import datetime
import socket
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from webhooks import sender
from webhooks.models import WebhookDelivery

from .factories import NewsPageFactory, SponsoredLinkPageFactory
from .webhook_receiver import Receiver, endpoint_for, events, send_once

pytestmark = pytest.mark.usefixtures("webhook_settings")


def resolving(host, address):
    """getaddrinfo answering ``address`` for ``host``, as a DNS server under someone's control."""
    real = socket.getaddrinfo

    def fake(name, port, *args, **kwargs):
        if name == host:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(name, port, *args, **kwargs)

    return mock.patch("socket.getaddrinfo", side_effect=fake)


def test_the_request_goes_to_the_address_that_was_checked(receiver, news_section, settings):
    """The check approved 127.0.0.1; DNS now says 127.0.0.2: the request still goes to .1."""
    endpoint_for(f"http://hooks.example.vn:{receiver.port}/hook")
    NewsPageFactory(parent=news_section, title="Tin gửi đi")
    checked = "127.0.0.1"
    with (
        mock.patch.object(sender, "check_destination", return_value=checked),
        resolving("hooks.example.vn", "127.0.0.2"),
    ):
        send_once()
    [request] = receiver.requests
    assert request["headers"]["Host"] == f"hooks.example.vn:{receiver.port}"
    assert WebhookDelivery.objects.get().status == WebhookDelivery.DELIVERED


def test_a_name_that_rebinds_to_an_internal_address_reaches_nothing(receiver, news_section):
    """Checked on its public answer, the request is pinned to it: the internal one is untried."""
    endpoint_for(f"https://hooks.example.vn:{receiver.port}/hook")
    NewsPageFactory(parent=news_section, title="Tin gửi đi")
    answers = iter(["93.184.215.14", "127.0.0.1"])  # public for the check, loopback after
    real = socket.getaddrinfo
    connected = []

    def rebinding(name, port, *args, **kwargs):
        if name == "hooks.example.vn":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(name, port, *args, **kwargs)

    def refuse(address, *args, **kwargs):
        connected.append(address[0])
        raise ConnectionRefusedError("no network in tests")

    with (
        mock.patch("webhooks.validators.socket.getaddrinfo", side_effect=rebinding),
        mock.patch("urllib3.util.connection.create_connection", side_effect=refuse),
    ):
        send_once()
    assert connected == ["93.184.215.14"], "only the checked address was tried"
    assert receiver.requests == []


def test_proxy_variables_of_the_environment_are_ignored(receiver, news_section, monkeypatch):
    proxy = Receiver()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        endpoint_for(receiver.url)
        NewsPageFactory(parent=news_section)
        send_once()
        assert len(receiver.requests) == 1
        assert proxy.requests == []
    finally:
        proxy.stop()


def test_the_proxy_is_used_when_configured(receiver, news_section, monkeypatch, settings):
    settings.WEBHOOK_TRUST_ENV_PROXIES = True
    proxy = Receiver()
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        endpoint_for(f"http://hooks.example.vn:{receiver.port}/hook")
        settings.WEBHOOK_HTTP_ALLOWED_HOSTS = ["hooks.example.vn"]
        NewsPageFactory(parent=news_section)
        send_once()
        assert len(proxy.requests) == 1
        assert receiver.requests == []
    finally:
        proxy.stop()


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("https://evil.example/phish", None),
        ("//evil.example/admin/", None),
        ("/\\evil.example/admin/", None),
        ("/tin-tuc/", None),
        ("/admin/webhooks/", "/admin/webhooks/"),
    ],
)
def test_re_sending_returns_only_to_the_admin(
    admin_client, receiver, news_section, next_url, lands_on
):
    endpoint_for(receiver.url)
    NewsPageFactory(parent=news_section)
    delivery = WebhookDelivery.objects.get()
    response = admin_client.post(
        reverse("webhook_deliveries:resend", args=[delivery.pk]), {"next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == (lands_on or reverse("webhook_deliveries:index"))


def test_a_partner_link_is_announced_only_inside_its_display_window(receiver, link_section):
    now = timezone.now()
    endpoint_for(receiver.url)
    SponsoredLinkPageFactory(
        parent=link_section,
        partner_name="Chưa tới ngày",
        starts_at=now + datetime.timedelta(days=2),
    )
    SponsoredLinkPageFactory(
        parent=link_section, partner_name="Đã hết hạn", ends_at=now - datetime.timedelta(days=1)
    )
    shown = SponsoredLinkPageFactory(parent=link_section, partner_name="Đang hiển thị")
    send_once()
    assert [event["data"]["id"] for event in events(receiver)] == [shown.pk]
