"""Every public view costs a fixed number of SQL queries, whatever the amount of content.

Counts are taken on the second request: the first one creates image renditions
and fills Wagtail's site cache, as it would once in production.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import (
    AnnouncementPageFactory,
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SponsoredLinkPageFactory,
    StandardPageFactory,
    cached_video,
)


def body(images, documents):
    blocks = [{"type": "paragraph", "value": "<p>Nội dung.</p>"}]
    for image in images:
        blocks.append(
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Ảnh"},
                    "caption": "Chú thích",
                    "credit": "",
                },
            }
        )
    for document in documents:
        blocks.append({"type": "document", "value": {"document": document.pk, "title": ""}})
    return blocks


def build_site(home, news_section, announcement_section, link_section, size):
    """A site whose every list has ``size`` items: articles, tags, images, related pages."""
    other = NewsIndexPageFactory(parent=home, title="Tư vấn", slug="tu-van")
    today = timezone.localdate()
    images = [ImageFactory() for _ in range(size)]
    documents = [DocumentFactory() for _ in range(size)]
    articles = []
    for number in range(size):
        for section in (news_section, other):
            articles.append(
                NewsPageFactory(
                    parent=section,
                    date=today - datetime.timedelta(days=number),
                    listing_image=images[number],
                    featured=number < 3,
                    tags=[f"từ khóa {n}" for n in range(size)],
                )
            )
    article = NewsPageFactory(
        parent=news_section,
        title="Bài được đo",
        listing_image=images[0],
        body=body(images, documents),
        tags=[f"từ khóa {n}" for n in range(size)],
        related=articles[:size],
    )
    announcement = AnnouncementPageFactory(
        parent=announcement_section,
        listing_image=images[0],
        body=body(images, documents),
        deadline=timezone.now() + datetime.timedelta(days=5),
        tags=[f"từ khóa {n}" for n in range(size)],
        related=articles[:size],
    )
    for document in documents:
        announcement.attachments.create(document=document)
    announcement.save_revision().publish()
    for number in range(size):
        AnnouncementPageFactory(parent=announcement_section, listing_image=images[number])
        SponsoredLinkPageFactory(
            parent=link_section, logo=images[number], placement=["sidebar", "footer"][number % 2]
        )
    return {
        "home": "/",
        "section": news_section.url,
        "section, page 2": news_section.url + "?page=2",
        "article": article.url,
        "announcement": announcement.url,
        "feed": "/feed/",
        "section feed": news_section.url + "feed/",
    }


def queries_of(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


# The budget of each view, pinned: a change that adds a query must say so here.
# Of these, routing and the view-restriction check cost 5 for a section and 5 for
# an article (found by its URL path, not level by level).
BUDGET = {
    # One query per news section (two here) for its newest articles: a single
    # query ranking the whole archive took 0.6 s at 100,000 pages.
    "home": 16,
    "section": 13,
    "section, page 2": 13,
    "article": 19,
    "announcement": 20,
    "feed": 4,
    "section feed": 9,
}


@pytest.fixture
def sections(home, news_section, announcement_section, link_section):
    return home, news_section, announcement_section, link_section


@pytest.mark.parametrize("size", [2, 6], ids=["2-of-everything", "6-of-everything"])
def test_query_budget_does_not_grow_with_content(client, sections, size):
    urls = build_site(*sections, size=size)
    for name, url in urls.items():
        sql = queries_of(client, url)
        assert len(sql) == BUDGET[name], f"{name}: {len(sql)} queries\n" + "\n".join(sql)


# The issue asked for at most 12; what it costs today is pinned exactly.
API_LISTING_QUERIES = 11


def build_news(news_section, count):
    images = [ImageFactory() for _ in range(3)]
    documents = [DocumentFactory() for _ in range(2)]
    pages = []
    for number in range(count):
        pages.append(
            NewsPageFactory(
                parent=news_section,
                listing_image=images[number % 3],
                body=body(images[:2], documents),
                tags=[f"từ khóa {number % 4}", "hội thảo"],
                related=pages[-2:],
            )
        )
    return pages


@pytest.mark.parametrize("count", [5, 100])
def test_api_listing_with_all_fields_has_a_fixed_query_count(client, news_section, count):
    build_news(news_section, count)
    url = f"/api/v2/pages/?type=newsroom.NewsPage&fields=*&limit={count}"
    sql = queries_of(client, url)
    assert len(client.get(url).json()["items"]) == count
    assert len(sql) == API_LISTING_QUERIES, f"{len(sql)} queries\n" + "\n".join(sql)
    assert len(sql) == len(queries_of(client, url.replace(f"limit={count}", "limit=20")))


def test_search_costs_the_same_whatever_its_results_hold(
    client, home, news_section, announcement_section
):
    """Snippets are read from the stored text: no image, document or video is fetched,
    and pages of every kind are loaded together."""
    images = [ImageFactory() for _ in range(2)]
    for number in range(3):
        NewsPageFactory(parent=news_section, title=f"Hội thảo số {number}", listing_image=images[0])
    url = "/search/?q=hoi+thao"
    plain = queries_of(client, url)

    documents = [DocumentFactory() for _ in range(2)]
    video = {"type": "embed", "value": {"url": cached_video(), "caption": "Phim tư liệu"}}
    NewsPageFactory(
        parent=news_section,
        title="Hội thảo lớn",
        lead="Tóm tắt.",
        body=[*body(images, documents), video],
    )
    AnnouncementPageFactory(
        parent=announcement_section, title="Thông báo hội thảo", listing_image=images[1]
    )
    StandardPageFactory(parent=home, title="Hội thảo thường niên")
    rich = queries_of(client, url)
    shown = BeautifulSoup(client.get(url).content, "html.parser").get_text(" ", strip=True)
    assert "Thông báo hội thảo" in shown and "Hội thảo thường niên" in shown

    assert len(rich) == len(plain), "\n".join(rich)
    # The text beside the media still makes the snippet.
    response = client.get("/search/?q=phim+tu+lieu")
    snippet = BeautifulSoup(response.content, "html.parser").select_one(".snippet")
    assert "Phim tư liệu" in snippet.get_text()
