"""Search as Vietnamese readers type: without diacritics, ranked, highlighted, safe."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from core.folding import fold

from .factories import (
    AnnouncementPageFactory,
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    image_block,
)


def results(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in html.select(".search-result h2 a")]


def api_titles(client, query):
    response = client.get("/api/v2/pages/", {"search": query, "limit": 50})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


# (what the reader types, a title that must be found)
FOLD_PAIRS = [
    ("chi thi 42", "Chỉ thị số 42-CT/TW của Bộ Chính trị"),
    ("dang doan", "Thành lập Đảng đoàn Liên hiệp Hội"),
    ("DANG DOAN", "Thành lập Đảng đoàn Liên hiệp Hội"),
    ("Đảng đoàn", "Thành lập Đảng đoàn Liên hiệp Hội"),
    ("ha giang", "Hà Giang phát triển chè Shan tuyết"),
    ("HÀ GIANG", "Hà Giang phát triển chè Shan tuyết"),
    ("Hà Giang", "Hà Giang phát triển chè Shan tuyết"),
    ("che shan tuyet", "Hà Giang phát triển chè Shan tuyết"),
    ("hoi thao", "Hội thảo khoa học về dược liệu"),
    ("duoc lieu", "Hội thảo khoa học về dược liệu"),
    ("nuoc sach", "Nước sạch cho trường học vùng cao"),
    ("truong hoc vung cao", "Nước sạch cho trường học vùng cao"),
    ("tu van phan bien", "Tư vấn, phản biện dự thảo Nghị quyết"),
    ("nghi quyet", "Tư vấn, phản biện dự thảo Nghị quyết"),
    ("sang tao ky thuat", "Hội thi Sáng tạo kỹ thuật lần thứ XII"),
    ("ky thuat", "Hội thi Sáng tạo kỹ thuật lần thứ XII"),
    ("Sáng tạo", "Hội thi Sáng tạo kỹ thuật lần thứ XII"),
    ("tri thuc", "Tôn vinh trí thức tiêu biểu"),
    ("dao tao", "Đào tạo cán bộ Hội cơ sở"),
]


@pytest.fixture
def corpus(news_section):
    titles = sorted({title for _, title in FOLD_PAIRS})
    return {title: NewsPageFactory(parent=news_section, title=title) for title in titles}


@pytest.mark.parametrize(("query", "title"), FOLD_PAIRS, ids=[q for q, _ in FOLD_PAIRS])
def test_diacritics_and_case_do_not_matter(client, corpus, query, title):
    assert title in results(client, query)
    assert title in api_titles(client, query)


def test_case_and_accents_give_the_same_results(client, corpus):
    expected = results(client, "ha giang")
    assert expected
    assert results(client, "HÀ GIANG") == expected == results(client, "Hà Giang")


def test_every_text_of_a_page_is_searched(client, news_section, announcement_section):
    image = ImageFactory()
    NewsPageFactory(parent=news_section, title="Tiêu đề một", lead="Ruộng bậc thang Hoàng Su Phì")
    NewsPageFactory(
        parent=news_section,
        title="Tiêu đề hai",
        body=[
            {"type": "paragraph", "value": "<p>Hợp tác xã dầu lạc Đồng Yên</p>"},
            image_block(image, caption="Cao nguyên đá Đồng Văn"),
            {
                "type": "quote",
                "value": {"text": "Cây cam sành Bắc Quang", "attribution": "Ông Bảy"},
            },
            {
                "type": "table",
                "value": {
                    "caption": "Kết quả",
                    "columns": [{"type": "text", "heading": "Huyện"}],
                    "rows": [{"values": ["Mèo Vạc"]}],
                },
            },
        ],
    )
    NewsPageFactory(parent=news_section, title="Tiêu đề ba", byline="Nguyễn Thị Hường")
    NewsPageFactory(parent=news_section, title="Tiêu đề bốn", tags=["Quản Bạ"])
    notice = AnnouncementPageFactory(parent=announcement_section, title="Tiêu đề năm")
    notice.attachments.create(document=DocumentFactory(title="Phiếu đăng ký Yên Minh"))
    notice.save_revision().publish()
    expectations = {
        "hoang su phi": "Tiêu đề một",
        "dau lac dong yen": "Tiêu đề hai",
        "cao nguyen da": "Tiêu đề hai",
        "cam sanh bac quang": "Tiêu đề hai",
        "meo vac": "Tiêu đề hai",
        "nguyen thi huong": "Tiêu đề ba",
        "quan ba": "Tiêu đề bốn",
        "yen minh": "Tiêu đề năm",
    }
    for query, title in expectations.items():
        # Pages with only some of the words may follow; the one with all comes first.
        assert results(client, query)[:1] == [title], query


def test_a_title_match_ranks_above_a_body_match(client, news_section):
    today = timezone.localdate()
    NewsPageFactory(
        parent=news_section,
        title="Tin trong thân bài",
        date=today,
        body=[
            {"type": "paragraph", "value": "<p>Chè Shan tuyết chè Shan tuyết chè Shan tuyết</p>"}
        ],
    )
    NewsPageFactory(
        parent=news_section, title="Chè Shan tuyết Hà Giang", date=today - datetime.timedelta(30)
    )
    assert results(client, "che shan tuyet") == ["Chè Shan tuyết Hà Giang", "Tin trong thân bài"]


def test_equal_matches_newest_first(client, news_section):
    today = timezone.localdate()
    for days, title in [(10, "Hội thảo cũ"), (0, "Hội thảo mới"), (5, "Hội thảo giữa")]:
        NewsPageFactory(parent=news_section, title=title, date=today - datetime.timedelta(days))
    assert results(client, "hoi thao") == ["Hội thảo mới", "Hội thảo giữa", "Hội thảo cũ"]


def test_pages_with_every_word_come_first(client, news_section):
    today = timezone.localdate()
    NewsPageFactory(
        parent=news_section,
        title="Một từ",
        date=today,
        lead="Nói về nước uống, nước uống và nước uống.",
    )
    NewsPageFactory(
        parent=news_section,
        title="Đủ các từ",
        date=today - datetime.timedelta(20),
        lead="Nước uống trực tiếp cho trường học.",
    )
    assert results(client, "nuoc uong truong hoc")[0] == "Đủ các từ"


def test_matched_words_are_highlighted_even_without_diacritics(client, news_section):
    NewsPageFactory(
        parent=news_section,
        title="Liên hiệp Hội tổ chức Hội thảo",
        lead="Ngày 29/01/2021, Liên hiệp Hội đã tổ chức Hội thảo xây dựng Chương trình.",
    )
    response = client.get("/search/", {"q": "hoi thao"})
    html = BeautifulSoup(response.content, "html.parser")
    result = html.select_one(".search-result")
    title_marks = [mark.get_text() for mark in result.h2.find_all("mark")]
    assert title_marks == ["Hội", "Hội", "thảo"]
    snippet_marks = {mark.get_text() for mark in result.select(".snippet mark")}
    assert snippet_marks == {"Hội", "thảo"}


def test_results_show_section_and_date(client, news_section):
    NewsPageFactory(parent=news_section, title="Tập huấn nông dân", date=datetime.date(2021, 1, 29))
    html = BeautifulSoup(client.get("/search/", {"q": "tap huan"}).content, "html.parser")
    meta = html.select_one(".search-result .meta").get_text(" ", strip=True)
    assert "Tin tức – Sự kiện" in meta
    assert "29/01/2021" in meta


def test_filter_by_type_and_section(client, home, news_section, announcement_section):
    other = NewsIndexPageFactory(parent=home, title="Tư vấn – Phản biện", slug="tu-van")
    NewsPageFactory(parent=news_section, title="Hội thảo ở tin tức")
    NewsPageFactory(parent=other, title="Hội thảo ở tư vấn")
    AnnouncementPageFactory(parent=announcement_section, title="Hội thảo ở thông báo")
    StandardPageFactory(parent=home, title="Hội thảo ở trang giới thiệu")
    assert set(results(client, "hoi thao", type="announcements")) == {"Hội thảo ở thông báo"}
    assert set(results(client, "hoi thao", type="news")) == {
        "Hội thảo ở tin tức",
        "Hội thảo ở tư vấn",
    }
    assert results(client, "hoi thao", section=other.pk) == ["Hội thảo ở tư vấn"]
    assert len(results(client, "hoi thao", type="khong-co", section="abc")) == 4


def test_pagination(client, news_section):
    for number in range(23):
        NewsPageFactory(parent=news_section, title=f"Hội thảo số {number}")
    first, third = results(client, "hoi thao"), results(client, "hoi thao", page=3)
    assert len(first) == 10
    assert len(third) == 3
    assert results(client, "hoi thao", page=99) == third
    assert results(client, "hoi thao", page="abc") == first


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        'Hội thảo "chè',
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert('x')</script>",
        "a" * 2000,
        "hội thảo " * 300,
        "%",
        "*",
        "NOT AND OR",
        "(((",
    ],
    ids=lambda query: repr(query[:15]),
)
def test_hostile_queries_get_a_friendly_page(client, corpus, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert '<html lang="vi"' in html
    assert "Tìm kiếm" in html
    api = client.get("/api/v2/pages/", {"search": query})
    assert api.status_code in (200, 400)


def test_control_characters_get_a_vietnamese_400_page(client, corpus):
    response = client.get("/search/", {"q": "\x00\x01\x1e"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Không đọc được địa chỉ này" in html
    assert client.get("/api/v2/pages/", {"search": "\x00"}).status_code == 400


def test_suggestions_are_accent_insensitive_title_prefixes(client, corpus, news_section):
    for number in range(15):
        NewsPageFactory(parent=news_section, title=f"Hội nghị tổng kết {number}")
    response = client.get("/search/suggest/", {"q": "hoi ng"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert len(suggestions) == 10
    assert all(fold(item["title"]).startswith("hoi nghi") for item in suggestions)
    assert all(item["url"].startswith("/tin-tuc/") for item in suggestions)
    assert client.get("/search/suggest/", {"q": "d"}).json()["suggestions"] == []
    titles = [
        item["title"]
        for item in client.get("/search/suggest/", {"q": "dang d"}).json()["suggestions"]
    ]
    assert titles == ["Thành lập Đảng đoàn Liên hiệp Hội"]


def test_the_search_box_offers_suggestions_without_needing_them(client, home):
    html = BeautifulSoup(client.get("/").content, "html.parser")
    form = html.select_one("header form[role=search]")
    assert form["action"] == "/search/"
    assert form.select_one("input[name=q]")["data-suggest-url"] == "/search/suggest/"


class TestTheIndexFollowsPublishing:
    def test_publish_makes_a_page_findable(self, client, news_section):
        page = NewsPageFactory(parent=news_section, title="Tin sắp đăng", publish=False)
        assert results(client, "tin sap dang") == []
        page.save_revision().publish()
        assert results(client, "tin sap dang") == ["Tin sắp đăng"]

    def test_unpublish_and_delete_remove_it(self, client, news_section):
        first = NewsPageFactory(parent=news_section, title="Tin bị gỡ")
        second = NewsPageFactory(parent=news_section, title="Tin bị xóa")
        first.unpublish()
        second.delete()
        assert results(client, "tin bi go") == []
        assert results(client, "tin bi xoa") == []
        assert api_titles(client, "tin bi go") == []

    def test_the_text_of_a_draft_is_never_findable(self, client, news_section):
        page = NewsPageFactory(parent=news_section, title="Bản đã đăng", lead="Tóm tắt.")
        page.title = "Tin hoãn lại"
        page.lead = "Kế hoạch bí mật chưa công bố"
        page.save_revision()
        assert results(client, "hoan lai") == []
        assert results(client, "ke hoach bi mat") == []
        assert api_titles(client, "hoan lai") == []
        assert results(client, "ban da dang") == ["Bản đã đăng"]


def test_body_text_is_what_wagtail_finds_without_fetching_media(
    news_section, django_assert_num_queries
):
    """Indexing and snippets read the stored body: same text as Wagtail's, no query."""
    from newsroom.models import NewsPage

    from .factories import cached_video

    image = ImageFactory()
    document = DocumentFactory(title="Tài liệu")
    decorative = image_block(image, alt="Không đọc", caption="Chú thích trang trí")
    decorative["value"]["image"]["decorative"] = True
    page = NewsPageFactory(
        parent=news_section,
        body=[
            {"type": "paragraph", "value": "<p>Đoạn <b>văn</b></p>"},
            {"type": "heading", "value": {"text": "Tiêu đề nhỏ", "level": "h2"}},
            image_block(image, alt="Đồi chè", caption="Chè Shan tuyết", credit="Ảnh: Minh"),
            decorative,
            {"type": "quote", "value": {"text": "Trích dẫn", "attribution": "Ông Bảy"}},
            {"type": "embed", "value": {"url": cached_video(), "caption": "Phim tư liệu"}},
            {"type": "document", "value": {"document": document.pk, "title": "Biểu mẫu"}},
            {
                "type": "table",
                "value": {
                    "caption": "Kết quả",
                    "columns": [{"type": "text", "heading": "Huyện"}],
                    "rows": [{"values": ["Mèo Vạc"]}],
                },
            },
        ],
    )
    page = NewsPage.objects.get(pk=page.pk)
    with django_assert_num_queries(0):
        text = page.stream_text()
    expected = NewsPage._meta.get_field("body").get_searchable_content(page.body)
    assert text == expected
    assert "Chè Shan tuyết" in text and "Biểu mẫu" in text and "Mèo Vạc" in text
    assert "Không đọc" not in text
