#!/usr/bin/env python
"""Search latency for ten representative queries, against a baseline in the same run.

In process: ``search.service.search`` for the first page of results (what the
search page does to find and order them) and the whole search page through
Django's test client, next to the benchmark floor view through the same
client. Over HTTP (``--url``): the search page and the floor view served by
the same gunicorn.

    DATABASE_URL=postgres://… python benchmarks/search_latency.py --rounds 30 \\
        [--url http://127.0.0.1:8001] [--json benchmarks/results/search.json]

Needs a corpus (``manage.py build_corpus 100000``) and ENABLE_BENCHMARK_VIEWS=1.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.dev")
os.environ.setdefault("ENABLE_BENCHMARK_VIEWS", "1")

QUERIES = [
    "chi thi 42",
    "Chỉ thị 42",
    "ha giang",
    "Hà Giang",
    "dang doan",
    "che shan tuyet",
    "hoi thao khoa hoc",
    "nuoc sach truong hoc",
    "tư vấn phản biện",
    "sang tao ky thuat tinh",
]


def timed(function, rounds):
    function()  # warm caches, like a server that has served once
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


def http_get(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a local URL we were given
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--url", help="a gunicorn serving the same database, e.g. http://127.0.0.1:8001"
    )
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client
    from wagtail.models import Page

    from search import service

    client = Client(HTTP_HOST="127.0.0.1")

    def page(path, **params):
        response = client.get(path, params)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")

    results = {
        "pages": Page.objects.count(),
        "database": django.db.connection.vendor,
        "rounds": args.rounds,
        "baseline": {"in_process_floor": timed(lambda: page("/bench/floor/"), args.rounds)},
        "queries": {},
    }
    if args.url:
        floor_url = args.url.rstrip("/") + "/bench/floor/"
        results["baseline"]["http_floor"] = timed(lambda: http_get(floor_url), args.rounds)

    for query in QUERIES:
        entry = {
            "results": len(service.search(query)),
            # What the first page of results asks of the search: 20 hits.
            "in_process_search": timed(lambda q=query: service.search(q, limit=20), args.rounds),
            "in_process_page": timed(lambda q=query: page("/search/", q=q), args.rounds),
        }
        if args.url:
            page_url = f"{args.url.rstrip('/')}/search/?{urllib.parse.urlencode({'q': query})}"
            entry["http_page"] = timed(lambda u=page_url: http_get(u), args.rounds)
        results["queries"][query] = entry

    medians = [entry["in_process_search"]["median_ms"] for entry in results["queries"].values()]
    results["median_of_medians_in_process_ms"] = round(statistics.median(medians), 2)

    print(f"{results['pages']} pages on {results['database']}, {args.rounds} rounds")
    print(f"floor in process: {results['baseline']['in_process_floor']}")
    if args.url:
        print(f"floor over HTTP:  {results['baseline']['http_floor']}")
    header = f"{'query':26} {'hits':>5} {'search p50':>11} {'p95':>7} {'page p50':>9} {'p95':>7}"
    if args.url:
        header += f" {'http p50':>9} {'p95':>7}"
    print(header)
    for query, entry in results["queries"].items():
        line = (
            f"{query:26} {entry['results']:>5} {entry['in_process_search']['median_ms']:>11} "
            f"{entry['in_process_search']['p95_ms']:>7} {entry['in_process_page']['median_ms']:>9} "
            f"{entry['in_process_page']['p95_ms']:>7}"
        )
        if args.url:
            line += f" {entry['http_page']['median_ms']:>9} {entry['http_page']['p95_ms']:>7}"
        print(line)
    print(
        f"median of the in-process search medians: {results['median_of_medians_in_process_ms']} ms"
    )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
