"""Section pages: newest first, paginated without errors, filtered by tag."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from .factories import NewsPageFactory

PER_PAGE = 4
COUNT = 10  # three pages: 4, 4 and 2 articles


@pytest.fixture
def articles(news_section, monkeypatch):
    from newsroom.models import NewsIndexPage

    monkeypatch.setattr(NewsIndexPage, "per_page", PER_PAGE)
    today = timezone.localdate()
    return [
        NewsPageFactory(
            parent=news_section,
            title=f"Bài số {number:02d}",
            date=today - datetime.timedelta(days=number),
            tags=["chè Shan tuyết"] if number % 3 == 0 else ["hội thảo"],
        )
        for number in range(COUNT)
    ]


def titles(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in html.select(".card-list .card-title a")]


def test_newest_first_with_date_title_lead_and_thumbnail(client, news_section):
    from .factories import ImageFactory

    NewsPageFactory(parent=news_section, title="Cũ", date=datetime.date(2021, 1, 29))
    NewsPageFactory(
        parent=news_section, title="Mới", lead="Tóm tắt tin mới.", listing_image=ImageFactory()
    )
    response = client.get(news_section.url)
    assert titles(response) == ["Mới", "Cũ"]
    card = BeautifulSoup(response.content, "html.parser").select_one(".card")
    assert card.select_one("img")["loading"] == "lazy"
    assert "Tóm tắt tin mới." in card.get_text()
    assert card.select_one("time")["datetime"] == timezone.localdate().isoformat()


def test_drafts_and_private_articles_are_not_listed(client, news_section):
    from wagtail.models import PageViewRestriction

    NewsPageFactory(parent=news_section, title="Công khai")
    NewsPageFactory(parent=news_section, title="Nháp", publish=False)
    private = NewsPageFactory(parent=news_section, title="Có mật khẩu")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert titles(client.get(news_section.url)) == ["Công khai"]


def test_pages_split_the_list(client, news_section, articles):
    first = titles(client.get(news_section.url))
    second = titles(client.get(news_section.url, {"page": 2}))
    third = titles(client.get(news_section.url, {"page": 3}))
    assert len(first) == len(second) == PER_PAGE
    assert len(third) == COUNT - 2 * PER_PAGE
    assert first[0] == "Bài số 00"
    assert not set(first) & set(second)


NEAREST_PAGE = {
    "abc": 1,
    "": 1,
    "0": 1,
    "-3": 1,
    "2.5": 1,
    "3": 3,
    "4": 3,
    "999999999999999999999999999999": 3,
    "1e9": 1,
    "' OR 1=1 --": 1,
}


def test_any_page_number_gives_the_nearest_page(client, news_section, articles):
    pages = {number: titles(client.get(news_section.url, {"page": number})) for number in (1, 3)}
    for raw, expected in NEAREST_PAGE.items():
        assert titles(client.get(news_section.url, {"page": raw})) == pages[expected], raw


def test_pagination_links(client, news_section, articles):
    html = BeautifulSoup(client.get(news_section.url, {"page": 2}).content, "html.parser")
    nav = html.select_one("nav.pagination")
    assert nav.find("a", rel="prev")["href"] == "?page=1"
    assert nav.find("a", rel="next")["href"] == "?page=3"
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "2"
    canonical = html.find("link", rel="canonical")["href"]
    assert canonical.endswith("/tin-tuc/?page=2")


def test_tag_filter(client, news_section, articles):
    from taggit.models import Tag

    slug = Tag.objects.get(name="chè Shan tuyết").slug
    filtered = titles(client.get(news_section.url, {"tag": slug}))
    assert filtered == [f"Bài số {number:02d}" for number in range(0, COUNT, 3)]
    html = client.get(news_section.url, {"tag": slug}).content.decode()
    assert "Bài viết có từ khóa “chè Shan tuyết”" in html


def test_unknown_or_hostile_tag_gives_an_empty_list(client, news_section, articles):
    for tag in ("khong-co", "<script>alert(1)</script>", "x" * 5000):
        response = client.get(news_section.url, {"tag": tag})
        assert titles(response) == []
        html = response.content.decode()
        assert "Chưa có bài viết nào với từ khóa này." in html
        assert "<script>alert(1)</script>" not in html


def test_tag_links_on_an_article_lead_to_the_filter(client, news_section):
    article = NewsPageFactory(parent=news_section, tags=["Đảng đoàn"])
    NewsPageFactory(parent=news_section, title="Không liên quan", tags=["nước sạch"])
    html = BeautifulSoup(client.get(article.url).content, "html.parser")
    link = html.select_one(".tags a")
    assert link.get_text() == "Đảng đoàn"
    assert link["href"].startswith("/tin-tuc/?tag=")
    assert titles(client.get(link["href"])) == [article.title]


def page_links(response):
    html = BeautifulSoup(response.content, "html.parser")
    return [item.get_text(strip=True) for item in html.select(".pagination li")]


def test_a_long_archive_is_not_counted_to_its_end_near_the_start(
    client, news_section, articles, monkeypatch
):
    """Past the counting horizon the last page is not shown; deeper pages count it all."""
    from newsroom.queries import ArchivePaginator

    # 10 articles, 4 per page: three pages, but only 6 articles are counted from page 1.
    monkeypatch.setattr(ArchivePaginator, "horizon", 6)
    monkeypatch.setattr(ArchivePaginator, "lookahead", 0)

    first = client.get(news_section.url)
    assert titles(first) == ["Bài số 00", "Bài số 01", "Bài số 02", "Bài số 03"]
    assert page_links(first) == ["1", "2", "…", "Trang sau"]

    # Counted from here: three pages, the last one with two articles.
    last = client.get(news_section.url + "?page=3")
    assert titles(last) == ["Bài số 08", "Bài số 09"]
    assert page_links(last) == ["Trang trước", "1", "2", "3"]
    assert titles(client.get(news_section.url + "?page=99")) == ["Bài số 08", "Bài số 09"]
