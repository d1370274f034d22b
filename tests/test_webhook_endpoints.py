"""Webhooks: where deliveries go, the endpoints and log in the admin, the docs' verifiers."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import NoReverseMatch, reverse

from webhooks.models import WebhookDelivery, WebhookEndpoint

from .factories import NewsPageFactory
from .webhook_receiver import Receiver, endpoint_for, send_once

pytestmark = pytest.mark.usefixtures("webhook_settings")


# --- what is sent, and where -----------------------------------------------------------


def test_redirects_are_followed_only_on_the_same_host_and_keep_the_post(receiver, news_section):
    endpoint = endpoint_for(receiver.url)
    receiver.answer(307, headers={"Location": "/hook-moi"})
    NewsPageFactory(parent=news_section, title="Tin một")
    send_once()
    assert [request["path"] for request in receiver.requests] == ["/hook", "/hook-moi"]
    assert WebhookDelivery.objects.get().status == WebhookDelivery.DELIVERED

    WebhookDelivery.objects.all().delete()
    receiver.requests.clear()
    elsewhere = f"http://localhost:{receiver.port}/hook"
    receiver.answer(308, headers={"Location": elsewhere})
    receiver.answer(302, headers={"Location": "/hook-khac"})
    NewsPageFactory(parent=news_section, title="Tin hai")
    NewsPageFactory(parent=news_section, title="Tin ba")
    send_once()

    errors = sorted(WebhookDelivery.objects.values_list("last_error", flat=True))
    assert len(receiver.requests) == 2  # neither redirect was followed
    assert "another host" in errors[1] or "máy chủ khác" in errors[1]
    assert "302" in errors[0]
    assert endpoint.deliveries.filter(status=WebhookDelivery.PENDING).count() == 2


def test_a_slow_or_chatty_receiver_is_cut_short(receiver, news_section, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    endpoint_for(receiver.url)
    receiver.answer(200, b"x" * (2 * 1024 * 1024))
    receiver.answer(200, delay=3)
    NewsPageFactory(parent=news_section, title="Tin một")
    NewsPageFactory(parent=news_section, title="Tin hai")

    send_once()

    chatty, slow = WebhookDelivery.objects.order_by("pk")
    assert chatty.status == WebhookDelivery.DELIVERED and len(chatty.last_response) <= 1000
    assert slow.status == WebhookDelivery.PENDING and slow.last_status_code is None
    assert "1" in slow.last_error


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "https://"),
        ("ftp://example.com/hook", "https://"),
        ("javascript:alert(1)", "https://"),
        ("hagiang.gov.vn/hook", "https://"),
        ("http://example.com/hook", "WEBHOOK_HTTP_ALLOWED_HOSTS"),
        ("https://nguoi-dung:mat-khau@example.com/hook", "tên đăng nhập hay mật khẩu"),
        ("https://localhost/hook", "mạng nội bộ"),
        ("https://10.0.0.5/hook", "mạng nội bộ"),
        ("https://[::1]/hook", "mạng nội bộ"),
        ("https://169.254.169.254/latest/meta-data", "mạng nội bộ"),
        ("https://example.com/" + "a" * 2100, "2000"),
    ],
)
def test_invalid_target_urls_are_refused_with_a_clear_message(
    administrator_member, db, url, message, webhook_settings
):
    webhook_settings.WEBHOOK_HTTP_ALLOWED_HOSTS = []
    _, client = administrator_member

    response = client.post(
        reverse("webhook_endpoints:add"),
        {"name": "Cổng thông tin", "url": url, "secret": WebhookEndpoint().secret, "enabled": "on"},
    )

    assert response.status_code == 200
    errors = " ".join(
        element.get_text(" ")
        for element in BeautifulSoup(response.content, "html.parser").select(".error-message")
    )
    assert message in errors, errors
    assert not WebhookEndpoint.objects.exists()


def test_an_administrator_registers_an_endpoint_in_vietnamese(administrator_member, db, settings):
    settings.WEBHOOK_HTTP_ALLOWED_HOSTS = []
    _, client = administrator_member

    form = client.get(reverse("webhook_endpoints:add"))
    text = " ".join(BeautifulSoup(form.content, "html.parser").get_text(" ").split())
    for label in ("Địa chỉ nhận", "Khóa bí mật", "Trang được xuất bản", "Loại trang", "Bật"):
        assert label in text, label
    secret = WebhookEndpoint().secret
    response = client.post(
        reverse("webhook_endpoints:add"),
        {
            "name": "Cổng thông tin tỉnh",
            "url": "https://hagiang.gov.vn/webhooks/tin-tuc",
            "secret": secret,
            "on_published": "on",
            "enabled": "on",
        },
    )

    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.on_published, endpoint.on_unpublished, endpoint.secret) == (
        True,
        False,
        secret,
    )


def test_only_administrators_see_the_endpoints_and_the_log(editor_member, moderator_member, db):
    for _, client in (editor_member, moderator_member):
        for url in (reverse("webhook_endpoints:index"), reverse("webhook_deliveries:index")):
            response = client.get(url)
            assert response.status_code in (302, 403), url


# --- the delivery log -------------------------------------------------------------------


def test_the_log_shows_each_delivery_and_a_failed_one_can_be_sent_again(
    administrator_member, news_section, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    _, client = administrator_member
    receiver = Receiver()
    try:
        endpoint = endpoint_for(receiver.url)
        receiver.answer(500)
        NewsPageFactory(parent=news_section, title="Hội thảo chè Shan tuyết")
        send_once()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == WebhookDelivery.FAILED

        log = client.get(reverse("webhook_deliveries:index"), {"endpoint": endpoint.pk})
        row = " ".join(
            BeautifulSoup(log.content, "html.parser").select_one("tbody tr").get_text(" ").split()
        )
        assert "Hội thảo chè Shan tuyết" in row
        assert "Trang được xuất bản" in row and "Thất bại" in row and "500" in row
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Webhook gửi thất bại" in dashboard

        response = client.post(reverse("webhook_deliveries:resend", args=[delivery.pk]))
        assert response.status_code == 302
        send_once()
    finally:
        receiver.stop()

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert len(receiver.requests) == 2
    assert (
        receiver.requests[0]["headers"]["webhook-id"]
        == receiver.requests[1]["headers"]["webhook-id"]
    )
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert inspect.status_code == 200 and "page.published" in inspect.content.decode()


def test_no_one_edits_a_delivery_and_only_administrators_resend(
    administrator_member, moderator_member, admin_client, news_section, receiver
):
    endpoint_for(receiver.url)
    NewsPageFactory(parent=news_section)
    delivery = WebhookDelivery.objects.get()
    _, administrator = administrator_member
    _, moderator = moderator_member

    for client in (administrator, admin_client):
        log = client.get(reverse("webhook_deliveries:index"))
        assert log.status_code == 200
        assert "/edit/" not in log.content.decode()
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"webhook_deliveries:{name}", args=[delivery.pk] if name != "add" else [])
    assert moderator.post(reverse("webhook_deliveries:resend", args=[delivery.pk])).status_code in (
        302,
        403,
    )
    delivery.refresh_from_db()
    assert delivery.attempts == 0 and delivery.status == WebhookDelivery.PENDING


# --- the documentation's verifiers ---------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "webhooks.md"


def code_block(language):
    text = DOCS.read_text(encoding="utf-8")
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def test_the_python_verifier_in_the_docs_accepts_real_requests_only(receiver, news_section):
    endpoint = endpoint_for(receiver.url)
    NewsPageFactory(parent=news_section)
    send_once()
    request = receiver.requests[0]
    namespace = {}
    exec(code_block("python"), namespace)  # noqa: S102 - our own documentation
    verify_from_docs = namespace["verify"]

    assert verify_from_docs(endpoint.secret, request["headers"], request["body"])
    assert not verify_from_docs(endpoint.secret, request["headers"], request["body"] + b" ")
    stale = {**request["headers"], "webhook-timestamp": str(int(time.time()) - 3600)}
    assert not verify_from_docs(endpoint.secret, stale, request["body"])


def test_the_javascript_verifier_in_the_docs_accepts_real_requests_only(
    receiver, news_section, tmp_path
):
    if shutil.which("node") is None:
        # CI installs Node.js (REQUIRE_BROWSER): there a missing node is a failure.
        message = "Node.js is not installed"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    endpoint = endpoint_for(receiver.url)
    NewsPageFactory(parent=news_section)
    send_once()
    request = receiver.requests[0]
    (tmp_path / "verify.js").write_text(code_block("js"), encoding="utf-8")
    (tmp_path / "body.json").write_bytes(request["body"])
    script = (
        "const { verify } = require('./verify.js');"
        "const fs = require('node:fs');"
        "const headers = JSON.parse(process.argv[1]);"
        "const body = fs.readFileSync('body.json');"
        "console.log(verify(process.argv[2], headers, body),"
        " verify(process.argv[2], headers, Buffer.concat([body, Buffer.from(' ')])));"
    )
    headers = {name.lower(): value for name, value in request["headers"].items()}

    result = subprocess.run(  # noqa: S603 - node on our own documentation
        ["node", "-e", script, json.dumps(headers), endpoint.secret],  # noqa: S607
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.split() == ["true", "false"]
