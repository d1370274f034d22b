#!/usr/bin/env python3
"""Print the latest news of a section: titles, dates and image URLs.

A standalone client of the pages API, standard library only:

    python examples/latest_news.py https://tin.example.vn tin-tuc
    python examples/latest_news.py http://127.0.0.1:8000 tu-van-phan-bien --limit 5
"""

import argparse
import json
import sys
import urllib.parse
import urllib.request


def get(base_url, path, **params):
    url = f"{base_url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
    # main() accepts only http(s) base URLs.
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def find_section(base_url, slug):
    """The news section with this slug, e.g. tin-tuc."""
    found = get(base_url, "/api/v2/pages/", type="newsroom.NewsIndexPage", slug=slug)
    if not found["items"]:
        raise SystemExit(f"no news section '{slug}'")
    return found["items"][0]


def latest_news(base_url, section_id, limit=10):
    return get(
        base_url,
        "/api/v2/pages/",
        type="newsroom.NewsPage",
        child_of=section_id,
        order="-date",
        fields="date,lead,listing_image",
        limit=limit,
    )["items"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the site, e.g. https://tin.example.vn")
    parser.add_argument("section", help="the section's slug, e.g. tin-tuc")
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args(argv)
    if not args.base_url.startswith(("http://", "https://")):
        parser.error("base_url must start with http:// or https://")

    section = find_section(args.base_url, args.section)
    print(section["title"])
    for article in latest_news(args.base_url, section["id"], args.limit):
        image = article["listing_image"]
        print(f"- {article['date']}  {article['title']}")
        if image:
            print(f"  {image['renditions']['medium']['url']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
