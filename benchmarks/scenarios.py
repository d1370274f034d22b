"""The scenarios measured, and the in-process probe of their URLs and SQL queries.

The scenario names and their labels in the report, the search query, and
``probe``: the scenario URLs on a corpus, their status and SQL queries per
request, counted in process through Django's test client.
"""

import json
import subprocess
import sys

from corpus import ROOT

SCENARIOS = [
    "floor",
    "home",
    "section",
    "section_deep",
    "article",
    "announcement",
    "api_listing",
    "api_detail",
    "search",
    "feed",
    "static",
]
LABELS = {
    "floor": "bare Django view (floor)",
    "home": "home page",
    "section": "section listing, page 1",
    "section_deep": "section listing, a deep page",
    "article": "article",
    "announcement": "announcement",
    "api_listing": "API: 20 news pages, fields=*",
    "api_detail": "API: one page",
    "search": "search, no diacritics",
    "feed": "RSS feed",
    "static": "hashed static file",
}
SEARCH_QUERY = "hoi thao khoa hoc"

PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from newsroom.models import AnnouncementPage, NewsIndexPage, NewsPage

section = NewsIndexPage.objects.live().order_by("path").first()
articles = NewsPage.objects.live().child_of(section)
pages = max(1, -(-articles.count() // section.per_page))
middle = NewsPage.objects.live().order_by("path")
article = middle[middle.count() // 2]
announcement = AnnouncementPage.objects.live().order_by("-date").first()
urls = {
    "floor": "/bench/floor/",
    "home": "/",
    "section": section.url,
    "section_deep": f"{section.url}?page={max(1, pages * 3 // 4)}",
    "article": article.url,
    "announcement": announcement.url,
    "api_listing": "/api/v2/pages/?type=newsroom.NewsPage&fields=*&limit=20",
    "api_detail": f"/api/v2/pages/{article.pk}/",
    "search": "/search/?q=" + sys.argv[1].replace(" ", "+"),
    "feed": "/feed/",
    "static": static("css/site.css"),
}
client = Client(HTTP_HOST="127.0.0.1")
queries, statuses = {}, {}
for name, url in urls.items():
    client.get(url)  # warm: the page cache when it is on, Django's own caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries[name] = len(captured)
    statuses[name] = response.status_code
print(json.dumps({"urls": urls, "queries": queries, "statuses": statuses,
                  "news_pages": NewsPage.objects.live().count()}))
"""


def probe(env):
    """Scenario URLs, their status and SQL queries per request, counted in process."""
    result = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", PROBE, SEARCH_QUERY],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
