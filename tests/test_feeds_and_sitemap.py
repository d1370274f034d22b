"""RSS 2.0 feeds, the sitemap and robots.txt: what crawlers and readers' apps get."""

import datetime

from defusedxml import ElementTree as ET
from django.utils import timezone
from wagtail.models import PageViewRestriction

from .factories import NewsIndexPageFactory, NewsPageFactory, SponsoredLinkPageFactory


def parse_rss(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.attrib["version"] == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required) is not None
    return channel


def item_titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def test_site_feed_lists_live_public_news_newest_first(client, home, news_section):
    other = NewsIndexPageFactory(parent=home, title="Tư vấn", slug="tu-van")
    today = timezone.localdate()
    NewsPageFactory(parent=news_section, title="Hôm qua", date=today - datetime.timedelta(1))
    NewsPageFactory(parent=other, title="Hôm nay", date=today, tags=["hội thảo"])
    NewsPageFactory(parent=news_section, title="Nháp", publish=False)
    private = NewsPageFactory(parent=news_section, title="Riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    channel = parse_rss(client.get("/feed/"))
    assert item_titles(channel) == ["Hôm nay", "Hôm qua"]
    first = channel.find("item")
    assert first.findtext("link") == "http://testserver/tu-van/hom-nay/"
    assert first.findtext("category") == "hội thảo"
    assert first.findtext("pubDate")
    assert first.findtext("description") == "Liên hiệp Hội tổ chức hội thảo khoa học."


def test_section_feed_lists_only_its_section(client, home, news_section):
    other = NewsIndexPageFactory(parent=home, title="Tư vấn", slug="tu-van")
    NewsPageFactory(parent=news_section, title="Trong chuyên mục")
    NewsPageFactory(parent=other, title="Chuyên mục khác")
    channel = parse_rss(client.get(f"{news_section.url}feed/"))
    assert item_titles(channel) == ["Trong chuyên mục"]
    assert channel.findtext("title").startswith("Tin tức – Sự kiện")


def test_feeds_stop_at_thirty_items(client, news_section):
    for number in range(32):
        NewsPageFactory(parent=news_section, title=f"Tin {number}")
    assert len(item_titles(parse_rss(client.get("/feed/")))) == 30


def test_sitemap_lists_only_live_public_pages(client, home, news_section, link_section):
    NewsPageFactory(parent=news_section, title="Công khai", slug="cong-khai")
    NewsPageFactory(parent=news_section, title="Nháp", slug="nhap", publish=False)
    private = NewsPageFactory(parent=news_section, title="Riêng tư", slug="rieng-tu")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    SponsoredLinkPageFactory(parent=link_section, slug="doi-tac")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)
    }
    assert "http://localhost/tin-tuc/cong-khai/" in locations
    assert "http://localhost/" in locations
    for hidden in ("nhap", "rieng-tu", "doi-tac"):
        assert not any(hidden in location for location in locations), hidden


def test_robots_txt_points_to_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
