"""Editors preview drafts: in the site's layout, and through the API with a short-lived token.

The API preview is what a headless front end shows its editors: the draft as
/api/v2/pages/<id>/ will serve it once published, to whoever holds the token
the admin gave, and to nobody once the token has expired.
"""

import datetime
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import PagePreview
from newsroom.models import NewsPage

from .admin_forms import article_data, edit_url, schema_errors
from .factories import NewsPageFactory

DRAFT_TITLE = "Hội thảo chè Shan tuyết (bản nháp)"


def preview_url(page):
    return reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])


def preview_on_add_url(parent):
    return reverse("wagtailadmin_pages:preview_on_add", args=["newsroom", "newspage", parent.pk])


def preview(client, url, data, mode):
    """Send the editor's unsaved form to the preview panel, then show it in ``mode``."""
    posted = client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content
    return client.get(url, {"mode": mode})


def token_in(response):
    """The token of the API address the headless preview panel shows."""
    link = BeautifulSoup(response.content, "html.parser").select_one("a[href*='/api/v2/preview/']")
    return re.search(r"token=([\w-]+)", link["href"]).group(1)


@pytest.fixture
def article(news_section):
    return NewsPageFactory(parent=news_section, title="Hội thảo chè Shan tuyết", slug="hoi-thao")


@pytest.fixture
def draft(article):
    """The article's edited title and text, not saved."""
    data = article_data(DRAFT_TITLE, slug="hoi-thao")
    data.pop("action-publish")
    return data


def test_editor_previews_a_draft_in_the_site_layout(editor_member, article, draft):
    _, client = editor_member

    response = preview(client, preview_url(article), draft, mode="")

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one(".site-header") is not None  # the site's own layout
    assert html.select_one("main h1").get_text(strip=True) == DRAFT_TITLE
    article.refresh_from_db()
    assert article.title == "Hội thảo chè Shan tuyết"  # nothing saved


def test_the_preview_panel_offers_phone_and_desktop_sizes_and_both_modes(editor_member, article):
    _, client = editor_member

    html = BeautifulSoup(client.get(edit_url(article)).content, "html.parser")

    widths = {tag["data-device-width"] for tag in html.select("[data-device-width]")}
    assert {"375", "1280"} <= widths
    modes = {option["value"]: option.get_text(strip=True) for option in html.select("option")}
    assert modes.get("") == "Trang web"
    assert modes.get("api") == "Giao diện headless (API)"


def test_a_draft_is_readable_through_the_api_with_its_token(
    editor_member, article, draft, schema_for
):
    _, client = editor_member
    reader = Client()

    panel = preview(client, preview_url(article), draft, mode="api")

    assert panel.status_code == 200
    assert "Xem trước cho giao diện headless" in panel.content.decode()
    token = token_in(panel)
    response = reader.get("/api/v2/preview/", {"token": token})
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == article.pk
    assert data["title"] == DRAFT_TITLE
    assert data["meta"]["type"] == "newsroom.NewsPage"
    assert data["meta"]["parent"]["id"] == article.get_parent().pk
    assert data["section"]["title"] == article.get_parent().title
    assert data["lead"].startswith("Liên hiệp Hội tổ chức Hội thảo")
    assert data["body"][0]["type"] == "paragraph"
    assert sorted(data["tags"]) == ["Chỉ thị 42", "hội thảo"]
    assert schema_errors(schema_for("PagePreview"), data) == []
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    # Readers of the published page and of the API still see the published text.
    assert reader.get(f"/api/v2/pages/{article.pk}/").json()["title"] == "Hội thảo chè Shan tuyết"
    assert DRAFT_TITLE not in reader.get("/tin-tuc/hoi-thao/").content.decode()


def test_an_expired_missing_or_wrong_token_shows_nothing(editor_member, article, draft, settings):
    settings.PREVIEW_TOKEN_SECONDS = 600
    _, client = editor_member
    reader = Client()
    start = timezone.now()

    with time_machine.travel(start, tick=False) as clock:
        token = token_in(preview(client, preview_url(article), draft, mode="api"))
        clock.move_to(start + datetime.timedelta(seconds=599))
        assert reader.get("/api/v2/preview/", {"token": token}).status_code == 200

        clock.move_to(start + datetime.timedelta(seconds=601))
        expired = reader.get("/api/v2/preview/", {"token": token})
        assert expired.status_code == 403
        assert expired.json() == {"message": "invalid or expired preview token"}
        assert DRAFT_TITLE not in expired.content.decode()

        # The next preview clears expired tokens away, and issues a fresh one.
        fresh = token_in(preview(client, preview_url(article), draft, mode="api"))
        assert reader.get("/api/v2/preview/", {"token": fresh}).status_code == 200
        assert PagePreview.objects.count() == 1

    missing = reader.get("/api/v2/preview/")
    assert missing.status_code == 400
    assert "token" in missing.json()["message"]
    # Unknown tokens are refused alike; malformed ones, as the schema says, as malformed.
    for wrong, status in (
        ("abc", 403),
        (fresh[:-1], 403),
        ("x" * 5000, 400),
        ("' OR 1=1 --", 400),
        (fresh + "\x00", 400),
    ):
        response = reader.get("/api/v2/preview/", {"token": wrong})
        assert response.status_code == status, wrong
        assert DRAFT_TITLE not in response.content.decode()


def test_previewing_again_keeps_the_token_and_shows_the_latest_draft(
    editor_member, moderator_member, article, draft
):
    _, client = editor_member
    reader = Client()
    first = token_in(preview(client, preview_url(article), draft, mode="api"))

    draft["title"] = "Hội thảo chè Shan tuyết: bản sửa lần hai"
    again = token_in(preview(client, preview_url(article), draft, mode="api"))

    assert again == first
    data = reader.get("/api/v2/preview/", {"token": first}).json()
    assert data["title"] == "Hội thảo chè Shan tuyết: bản sửa lần hai"
    # Another editor's preview of the same page has its own token.
    _, other = moderator_member
    assert token_in(preview(other, preview_url(article), draft, mode="api")) != first


def test_a_page_not_yet_created_is_previewed_too(editor_member, news_section, schema_for):
    _, client = editor_member
    data = article_data("Tin mới chưa lưu")
    data.pop("action-publish")

    token = token_in(preview(client, preview_on_add_url(news_section), data, mode="api"))

    response = Client().get("/api/v2/preview/", {"token": token})
    assert response.status_code == 200
    page = response.json()
    assert page["title"] == "Tin mới chưa lưu"
    assert page["id"] is None and "detail_url" not in page["meta"]
    assert page["meta"]["parent"]["id"] == news_section.pk
    assert schema_errors(schema_for("PagePreview"), page) == []
    assert not NewsPage.objects.filter(title="Tin mới chưa lưu").exists()


def test_the_panel_opens_the_headless_front_end_when_it_is_configured(
    editor_member, article, draft, settings
):
    settings.HEADLESS_PREVIEW_URL = "https://app.lhhhagiang.vn/xem-truoc?token={token}"
    _, client = editor_member

    response = preview(client, preview_url(article), draft, mode="api")

    assert response.status_code == 302
    token = PagePreview.objects.get().token
    assert response["Location"] == f"https://app.lhhhagiang.vn/xem-truoc?token={token}"


def test_a_reader_cannot_make_a_preview(client, article, draft):
    response = client.post(preview_url(article), draft)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not PagePreview.objects.exists()
