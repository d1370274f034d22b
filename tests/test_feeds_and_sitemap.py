"""RSS 2.0 feeds, the sitemap and robots.txt: what crawlers and readers' apps get."""

import datetime

import pytest
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


MARKUP = '<img src=x onerror="alert(1)">'


def test_text_typed_by_a_writer_reaches_feed_readers_as_text(client, news_section):
    """Escaped exactly once: the description is HTML whose text is the lead, nothing more."""
    from html.parser import HTMLParser

    NewsPageFactory(
        parent=news_section,
        title="Hội thảo KH&CN",
        lead=f"KH&CN {MARKUP} \x0bkết thúc",
        tags=[MARKUP, "KH&CN"],
    )
    response = client.get("/feed/")
    raw = response.content.decode()
    item = parse_rss(response).find("item")

    class Elements(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            self.found.append(tag)

    description = item.findtext("description")
    parser = Elements()
    parser.feed(description)
    assert parser.found == [], "no element in the description's HTML"
    assert description == "KH&amp;CN &lt;img src=x onerror=&quot;alert(1)&quot;&gt; kết thúc"
    assert item.findtext("title") == "Hội thảo KH&CN"
    assert sorted(category.text for category in item.findall("category")) == [MARKUP, "KH&CN"]
    # Plain text spells & and < as the RSS Advisory Board recommends.
    assert "<title>Hội thảo KH&#x26;CN</title>" in raw


def test_the_w3c_feed_validator_finds_nothing_to_report(client, news_section, tmp_path):
    """Run when FEEDVALIDATOR names a checkout of w3c/feedvalidator's src/ folder.

    It is not on PyPI and cannot be installed by CI (the README says how to run it);
    FEEDVALIDATOR_PYTHON is an interpreter with its lxml, html5lib and rdflib.
    """
    import os
    import subprocess

    validator = os.environ.get("FEEDVALIDATOR")
    if not validator:
        pytest.skip("set FEEDVALIDATOR to a checkout of w3c/feedvalidator/src")
    NewsPageFactory(
        parent=news_section, title="Hội thảo KH&CN", lead=f"KH&CN {MARKUP}", tags=[MARKUP]
    )
    feed = tmp_path / "feed.xml"
    feed.write_bytes(client.get("/feed/").content)
    result = subprocess.run(  # noqa: S603 - the validator's own command line, on a local file
        [os.environ.get("FEEDVALIDATOR_PYTHON", "python3"), "demo.py", str(feed), "AA"],
        cwd=validator,
        capture_output=True,
        text=True,
        check=False,
    )
    findings = [
        line
        for line in result.stdout.splitlines()[1:]
        # A local file's address is not the feed's own: that one finding is expected.
        if "Self reference doesn't match document location" not in line
    ]
    assert findings in ([], ["No errors or warnings"]), result.stdout
