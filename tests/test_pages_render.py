"""Every page type renders for readers; drafts do not; block previews work for editors."""

import pytest
from django.urls import reverse

from newsroom.models import NewsPage

from .factories import (
    AnnouncementPageFactory,
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    StandardPageFactory,
    cached_video,
    image_block,
)


def full_body(image, document, video):
    return [
        {"type": "paragraph", "value": "<p>Ngày 29/01/2021, Liên hiệp Hội tổ chức Hội thảo.</p>"},
        {"type": "heading", "value": {"text": "Kết quả Hội thảo", "level": "h2"}},
        image_block(image),
        {"type": "quote", "value": {"text": "Khoa học đến bản làng.", "attribution": "Chủ tịch"}},
        {"type": "embed", "value": {"url": video, "caption": "Clip"}},
        {"type": "document", "value": {"document": document.pk, "title": "Toàn văn Kết luận"}},
        {
            "type": "table",
            "value": {
                "caption": "Kết quả Hội thi",
                "columns": [{"type": "text", "heading": "Giải"}, {"type": "text", "heading": "Số"}],
                "rows": [{"values": ["Nhất", "2"]}],
            },
        },
    ]


def test_an_article_with_every_block_renders(client, news_section):
    image, document = ImageFactory(), DocumentFactory(title="Kết luận 93-KL/TW")
    page = NewsPageFactory(
        parent=news_section,
        title="Hội thảo Chỉ thị 42",
        date="2021-01-29",
        byline="Cao Hồng Kỳ",
        body=full_body(image, document, cached_video("abc")),
        tags=["Chỉ thị 42"],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hội thảo Chỉ thị 42</h1>" in html
    assert "Thứ Sáu, 29/01/2021" in html
    assert "<figcaption>Toàn cảnh Hội thảo" in html
    assert "srcset=" in html
    assert 'loading="lazy"' in html
    assert "<blockquote>" in html
    assert "youtube-nocookie.com/embed/abc" in html
    assert "Toàn văn Kết luận" in html
    assert "<caption>Kết quả Hội thi</caption>" in html
    assert "Cao Hồng Kỳ" in html


@pytest.mark.parametrize(
    ("factory", "section"),
    [
        (NewsPageFactory, "news_section"),
        (AnnouncementPageFactory, "announcement_section"),
        (StandardPageFactory, "home"),
    ],
)
def test_each_page_type_renders(db, client, request, factory, section):
    parent = request.getfixturevalue(section)
    page = factory(parent=parent, title="Trang kiểm tra hiển thị")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Trang kiểm tra hiển thị" in response.content.decode()


@pytest.mark.parametrize(
    "fixture", ["home", "news_section", "announcement_section", "link_section"]
)
def test_home_and_sections_render(db, client, request, fixture):
    page = request.getfixturevalue(fixture)
    assert client.get(page.url).status_code == 200


def test_a_draft_is_not_served_nor_listed(client, news_section):
    NewsPageFactory(parent=news_section, title="Tin đã xuất bản")
    draft = NewsPageFactory(parent=news_section, title="Tin còn là bản nháp", publish=False)
    assert client.get(draft.url).status_code == 404
    listing = client.get(news_section.url).content.decode()
    assert "Tin đã xuất bản" in listing
    assert "Tin còn là bản nháp" not in listing


def test_unknown_paths_get_a_vietnamese_404(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("with_media", [True, False], ids=["library", "empty-library"])
def test_every_body_block_has_a_preview(admin_client, with_media):
    cached_video("abc")
    if with_media:
        ImageFactory()
        DocumentFactory()
    stream_block = NewsPage._meta.get_field("body").stream_block
    for name, block in stream_block.child_blocks.items():
        assert block.meta.icon and block.label, name
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        assert "css/site.css" in response.content.decode(), name
