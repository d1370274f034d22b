"""What editors see every day in the admin: listings, their dashboard, the editor, help texts."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.admin.rich_text import DraftailRichTextArea

from api.views import page_models
from newsroom.blocks import PARAGRAPH_FEATURES, BodyBlock
from newsroom.models import NewsPage

from .admin_forms import article_data, edit_url
from .factories import NewsIndexPageFactory, NewsPageFactory

NEWS_LIST = reverse("news_pages:index")


def table(response):
    """The listing's rows, each a dict from column heading to cell text."""
    html = BeautifulSoup(response.content, "html.parser")
    headings = [" ".join(th.get_text(" ").split()) for th in html.select("table thead th")]
    # The title's heading also counts the results: "Tiêu đề 1-3 trong số 3 …".
    headings = ["Tiêu đề" if name.startswith("Tiêu đề") else name for name in headings]
    rows = []
    for tr in html.select("table tbody tr"):
        cells = [" ".join(td.get_text(" ").split()) for td in tr.find_all("td", recursive=False)]
        rows.append(dict(zip(headings, cells, strict=False)))
    return rows


def row_for(rows, title):
    return next(row for row in rows if title in row["Tiêu đề"])


@pytest.fixture
def articles(news_section, home):
    second = NewsIndexPageFactory(parent=home, title="Tư vấn – Phản biện", slug="tu-van")
    NewsPageFactory(
        parent=news_section,
        title="Hội thảo chè Shan tuyết",
        date=datetime.date(2021, 1, 29),
        tags=["chè", "Hội thảo"],
    )
    NewsPageFactory(
        parent=second,
        title="Phản biện dự thảo Luật Sở hữu trí tuệ",
        date=datetime.date(2021, 3, 2),
        tags=["phản biện"],
    )
    NewsPageFactory(parent=news_section, title="Tin chưa đăng", publish=False)
    return second


def test_a_sections_explorer_shows_date_tags_status_and_update(
    editor_member, news_section, articles
):
    _, client = editor_member

    response = client.get(reverse("wagtailadmin_explore", args=[news_section.pk]))

    assert response.status_code == 200
    rows = table(response)
    row = row_for(rows, "Hội thảo chè Shan tuyết")
    assert row["Ngày"] == "29/01/2021"
    assert row["Từ khóa"] == "chè, Hội thảo"
    assert "đang xuất bản" in row["Trạng thái"].lower()
    assert "bản nháp" in row_for(rows, "Tin chưa đăng")["Trạng thái"].lower()
    assert "Phản biện dự thảo" not in response.content.decode()  # another section's


def test_the_news_list_in_the_menu_shows_every_section_and_filters(editor_member, articles):
    _, client = editor_member

    response = client.get(NEWS_LIST)

    assert response.status_code == 200
    rows = table(response)
    assert {row["Chuyên mục"] for row in rows} >= {"Tin tức – Sự kiện", "Tư vấn – Phản biện"}
    assert len(rows) == 3
    menu = BeautifulSoup(response.content, "html.parser").select_one("#wagtail-sidebar-props")
    labels = json.dumps(json.loads(menu.string), ensure_ascii=False)
    assert '"Tin bài"' in labels and '"Thông báo"' in labels

    by_section = table(client.get(NEWS_LIST, {"section": articles.pk}))
    assert len(by_section) == 1
    assert by_section[0]["Tiêu đề"].startswith("Phản biện dự thảo Luật Sở hữu trí tuệ")
    for typed in ("CHÈ", "che", " chè "):
        by_tag = table(client.get(NEWS_LIST, {"tag": typed}))
        assert len(by_tag) == 1 and "Hội thảo chè Shan tuyết" in by_tag[0]["Tiêu đề"], typed
    by_date = table(client.get(NEWS_LIST, {"date_from": "2021-03-01", "date_to": "2021-12-31"}))
    assert len(by_date) == 1 and "Phản biện" in by_date[0]["Tiêu đề"]


@pytest.mark.parametrize(
    "query",
    [
        {"section": "abc"},
        {"section": "999999"},
        {"date_from": "không phải ngày"},
        {"tag": "x" * 5000},
        {"ordering": "'; DROP TABLE"},
        {"p": "99999"},
    ],
)
def test_bad_filters_give_a_page_not_an_error(editor_member, articles, query):
    _, client = editor_member

    assert client.get(NEWS_LIST, query).status_code in (200, 404)


def test_the_listing_costs_the_same_queries_for_5_or_20_articles(moderator_member, news_section):
    # A moderator's: for a user who may not publish, Wagtail's own row buttons
    # check each page's descendants (PagePermissionTester.can_delete), as they
    # do in its stock explorer.
    _, client = moderator_member

    def queries_for(count):
        NewsPage.objects.all().delete()
        for number in range(count):
            NewsPageFactory(parent=news_section, tags=[f"thẻ {number}", "chung"])
        client.get(NEWS_LIST)  # the second request is measured: Wagtail's site cache is filled
        with CaptureQueriesContext(connection) as captured:
            assert client.get(NEWS_LIST).status_code == 200
        return len(captured)

    assert queries_for(5) == queries_for(20)


def test_my_recent_drafts_on_the_dashboard(editor_member, moderator_member, news_section):
    user, client = editor_member
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["newsroom", "newspage", news_section.pk]),
        {**article_data("Bản nháp của tôi"), "action-publish": ""},
    )
    assert response.status_code == 302
    NewsPageFactory(parent=news_section, title="Bản nháp của người khác", publish=False)
    NewsPageFactory(parent=news_section, title="Tin đã đăng")

    html = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")

    panel = html.select_one("#my-drafts-section")
    assert panel is not None
    text = " ".join(panel.get_text(" ").split())
    assert "Bản nháp gần đây của tôi" in text
    assert "Bản nháp của tôi" in text
    assert "người khác" not in text and "Tin đã đăng" not in text


def test_a_draft_leaves_the_panel_once_published(moderator_member, news_section):
    _, client = moderator_member
    page = NewsPageFactory(parent=news_section, title="Sắp đăng", slug="sap-dang", publish=False)
    data = article_data("Sắp đăng", slug="sap-dang")
    data.pop("action-publish")
    client.post(edit_url(page), data)
    assert "Sắp đăng" in client.get(reverse("wagtailadmin_home")).content.decode()

    client.post(edit_url(page), article_data("Sắp đăng", slug="sap-dang"))

    html = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    assert html.select_one("#my-drafts-section") is None


def test_the_rich_text_editor_keeps_only_what_the_site_renders():
    paragraph = BodyBlock().child_blocks["paragraph"]
    assert paragraph.features == PARAGRAPH_FEATURES
    converter = DraftailRichTextArea(features=paragraph.features).converter
    pasted = {
        "blocks": [
            {"key": "a", "type": "header-two", "text": "Tiêu đề lạ", "depth": 0,
             "inlineStyleRanges": [], "entityRanges": []},
            {"key": "b", "type": "unstyled", "text": "Đậm và mã", "depth": 0,
             "inlineStyleRanges": [{"offset": 0, "length": 3, "style": "BOLD"},
                                   {"offset": 7, "length": 2, "style": "CODE"}],
             "entityRanges": [{"offset": 4, "length": 2, "key": 0}]},
            {"key": "c", "type": "atomic", "text": " ", "depth": 0,
             "inlineStyleRanges": [], "entityRanges": [{"offset": 0, "length": 1, "key": 1}]},
            {"key": "d", "type": "unordered-list-item", "text": "Một ý", "depth": 0,
             "inlineStyleRanges": [], "entityRanges": []},
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "https://vusta.vn"}},
            "1": {"type": "IMAGE", "mutability": "IMMUTABLE",
                  "data": {"id": 1, "src": "/anh.jpg", "alt": "ảnh", "format": "left"}},
        },
    }  # fmt: skip

    html = converter.to_database_format(json.dumps(pasted))

    assert "<b>Đậm</b>" in html and '<a href="https://vusta.vn">' in html
    assert re.search(r"<ul><li[^>]*>Một ý</li></ul>", html)
    for unwanted in ("<h2", "<code", "<embed", "<img"):
        assert unwanted not in html


@pytest.mark.parametrize("model", page_models(), ids=lambda model: model.__name__)
def test_every_help_text_of_the_editor_is_in_vietnamese(model):
    form_class = model.get_edit_handler().get_form_class()
    fields = {**form_class.base_fields}
    for formset in getattr(form_class, "formsets", {}).values():
        fields.update(formset.form.base_fields)
    help_texts = {name: field.help_text for name, field in fields.items() if field.help_text}
    assert help_texts, model
    for name, help_text in help_texts.items():
        with translation.override("en"):
            english = str(help_text)
        with translation.override("vi"):
            vietnamese = str(help_text)
        assert vietnamese != english, (model.__name__, name, english)
