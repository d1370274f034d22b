"""Article and announcement pages as readers and sharing sites see them."""

import datetime
import io
import json
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from .factories import (
    AnnouncementPageFactory,
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)


def large_image():
    from django.core.files.images import ImageFile

    from .factories import jpeg_bytes

    return ImageFile(io.BytesIO(jpeg_bytes(1600, 1000)), name="lon.jpg")


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def figure_body(image):
    return [
        {"type": "paragraph", "value": "<p>Ngày 29/01/2021, Liên hiệp Hội tổ chức Hội thảo.</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "Các đại biểu"},
                "caption": "Toàn cảnh Hội thảo",
                "credit": "Ảnh: Minh Đức",
            },
        },
    ]


def test_article_shows_what_the_old_site_showed(client, news_section):
    image = ImageFactory()
    article = NewsPageFactory(
        parent=news_section,
        title="Liên hiệp Hội Hà Giang tổ chức Hội thảo",
        date=datetime.date(2021, 1, 29),
        lead="Hội thảo xây dựng Chương trình tiếp tục thực hiện Chỉ thị số 42-CT/TW.",
        byline="Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang",
        body=figure_body(image),
        tags=["Chỉ thị 42"],
    )
    html = html_of(client, article)
    main = html.select_one("main")
    assert main.h1.get_text() == "Liên hiệp Hội Hà Giang tổ chức Hội thảo"
    assert main.select_one(".article-header time").get_text() == "Thứ Sáu, 29/01/2021"
    assert "Chỉ thị số 42-CT/TW" in main.select_one(".lead").get_text()
    figure = main.select_one("figure.figure")
    img = figure.img
    assert img["alt"] == "Các đại biểu"
    assert img["loading"] == "lazy"
    assert len(img["srcset"].split(",")) == 3
    assert "sizes" in img.attrs
    assert figure.figcaption.get_text(" ", strip=True) == "Toàn cảnh Hội thảo Ảnh: Minh Đức"
    assert main.select_one(".byline").get_text() == "Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang"


def test_share_links_and_controls(client, news_section):
    article = NewsPageFactory(parent=news_section, title="Chè Shan tuyết & nước sạch")
    share = html_of(client, article).select_one(".share")
    url = f"http://localhost{article.url}"
    facebook = share.select_one("a.share-facebook")["href"]
    assert parse_qs(urlsplit(facebook).query)["u"] == [url]
    x_query = parse_qs(urlsplit(share.select_one("a.share-x")["href"]).query)
    assert x_query == {"url": [url], "text": ["Chè Shan tuyết & nước sạch"]}
    assert share.select_one("[data-share-native]")["data-url"] == url
    assert share.select_one("[data-copy-link]")["data-copy-link"] == url
    assert share.select_one("[data-print]")
    assert share.select_one('[role="status"]')


def test_social_and_search_engine_metadata(client, news_section):
    image = ImageFactory(file=large_image())
    article = NewsPageFactory(
        parent=news_section,
        title="Hội thảo Chỉ thị 42",
        lead="Tóm tắt cho mạng xã hội.",
        listing_image=image,
        date=datetime.date(2021, 1, 29),
        byline="Cao Hồng Kỳ",
    )
    html = html_of(client, article)

    def meta(attr, name):
        return html.find("meta", attrs={attr: name})["content"]

    assert html.title.get_text().startswith("Hội thảo Chỉ thị 42 – ")
    assert meta("name", "description") == "Tóm tắt cho mạng xã hội."
    assert html.find("link", rel="canonical")["href"] == f"http://localhost{article.url}"
    assert meta("property", "og:title") == "Hội thảo Chỉ thị 42"
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:image").startswith("http")
    assert meta("property", "og:image:width") == "1200"
    assert meta("name", "twitter:card") == "summary_large_image"

    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Hội thảo Chỉ thị 42"
    assert data["datePublished"] == "2021-01-29"
    assert data["author"] == {"@type": "Person", "name": "Cao Hồng Kỳ"}
    assert data["image"][0] == meta("property", "og:image")
    assert data["mainEntityOfPage"]["@id"] == f"http://localhost{article.url}"


def test_json_ld_cannot_break_out_of_its_script(client, news_section):
    article = NewsPageFactory(parent=news_section, lead="</script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "</script><script>alert(1)" not in html
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
    assert json.loads(script.string)["description"] == "</script><script>alert(1)</script>"


def related_titles(client, page):
    return [a.get_text() for a in html_of(client, page).select(".related .card-title a")]


def test_other_news_hand_picked_first_then_recent_never_itself(client, home, news_section):
    today = timezone.localdate()
    older = NewsPageFactory(parent=news_section, title="Cũ", date=today - datetime.timedelta(9))
    recent = [
        NewsPageFactory(parent=news_section, title=f"Gần {n}", date=today - datetime.timedelta(n))
        for n in range(3)
    ]
    elsewhere = NewsIndexPageFactory(parent=home, title="Tư vấn", slug="tu-van")
    other_section = NewsPageFactory(parent=elsewhere, title="Chuyên mục khác")
    draft = NewsPageFactory(parent=news_section, title="Nháp", publish=False)
    article = NewsPageFactory(
        parent=news_section,
        title="Bài chính",
        date=today - datetime.timedelta(5),
        related=[other_section, older, draft],
    )
    article.related_pages.create(related_page=article)  # an editor's slip
    titles = related_titles(client, article)
    assert titles[:2] == ["Chuyên mục khác", "Cũ"]
    assert titles[2:] == ["Gần 0", "Gần 1", "Gần 2"]
    assert "Bài chính" not in titles
    assert "Nháp" not in titles
    assert len(titles) == len(set(titles))
    assert recent


def test_other_news_hides_private_pages_and_stops_at_eight(client, news_section):
    for number in range(12):
        NewsPageFactory(parent=news_section, title=f"Tin {number}")
    private = NewsPageFactory(parent=news_section, title="Riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    article = NewsPageFactory(parent=news_section, title="Bài chính", related=[private])
    titles = related_titles(client, article)
    assert len(titles) == 8
    assert "Riêng tư" not in titles


def test_announcement_deadline_states(client, announcement_section):
    now = timezone.now()
    end_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(23, 59, 59))
    )
    cases = [
        (now - datetime.timedelta(days=1), "Đã hết hạn"),
        (now - datetime.timedelta(minutes=1), "Đã hết hạn"),
        (now + datetime.timedelta(days=3), "Còn 3 ngày"),
        (now + datetime.timedelta(days=1), "Còn 1 ngày"),
    ]
    if end_of_today - now > datetime.timedelta(minutes=1):
        cases.append((end_of_today, "Hết hạn hôm nay"))
    for deadline, label in cases:
        page = AnnouncementPageFactory(parent=announcement_section, deadline=deadline)
        status = html_of(client, page).select_one(".deadline .status")
        assert status.get_text() == label, deadline


def test_announcement_without_deadline_has_no_deadline_box(client, announcement_section):
    page = AnnouncementPageFactory(parent=announcement_section)
    assert html_of(client, page).select_one(".deadline") is None


def test_announcement_attachments_with_title_type_and_size(client, announcement_section):
    document = DocumentFactory(title="Mẫu hồ sơ dự tuyển")
    page = AnnouncementPageFactory(parent=announcement_section)
    page.attachments.create(document=document)
    page.attachments.create(document=DocumentFactory(title="Gốc"), label="Kế hoạch chi tiết")
    page.save_revision().publish()
    items = html_of(client, page).select(".attachments li")
    assert [item.a.get_text() for item in items] == ["Mẫu hồ sơ dự tuyển", "Kế hoạch chi tiết"]
    assert items[0].a["href"] == document.url
    meta = items[0].select_one(".document-meta").get_text()
    assert meta.startswith("PDF, ")
    assert "byte" in meta
