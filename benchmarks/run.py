"""The benchmark harness: the site under load next to a bare Django view, on loopback.

For each corpus size it builds a database (demo content plus generated news
pages, kept between runs), collects the static files, then for each gunicorn
worker class and with the page cache off (cold) and on (warm) it starts
gunicorn with the production settings and drives every scenario with wrk,
the framework floor (/bench/floor/, a constant answer through the same
stack) measured in each round beside them. It reports requests/s, p50 and
p99 latency, SQL queries per request (counted in process, they are
deterministic) and the ratio to the floor, the median of the rounds; writes
the results as JSON and regenerates docs/performance.md and its chart.

    python benchmarks/run.py                     # make bench: 1,000 and 100,000 pages
    python benchmarks/run.py --smoke             # make bench-smoke: a minute, for CI
    python benchmarks/run.py --sizes 1000 --rounds 1 --duration 2 --no-docs

Set BENCH_DATABASE_URL=postgres://user@host:port/ to use PostgreSQL (one
database per size is created there); SQLite files under benchmarks/.work/
otherwise. REDIS_URL, if set, is the page cache's store, as in production.

This module holds the command line and the loop over sizes, page cache and
worker classes; the rest is beside it: corpus.py (the databases and the
Django environment), scenarios.py (what is measured, the in-process probe),
loadtest.py (gunicorn and wrk) and report.py (the targets, the page and the
chart).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from corpus import ROOT, django_env, manage, prepare
from loadtest import WORKER_CLASSES, measure, wrk_version
from report import chart, markdown
from scenarios import SCENARIOS, SEARCH_QUERY, probe

RESULTS = ROOT / "benchmarks" / "results"
DOCS = ROOT / "docs" / "performance.md"
CHART = ROOT / "docs" / "performance.png"


def run(args, log):
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": {
            "name": platform.node(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "database": "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite",
        "page_cache": "redis" if os.environ.get("REDIS_URL") else "per-process memory",
        "method": {
            "rounds": args.rounds,
            "duration_s": args.duration,
            "connections": args.connections,
            "tool": wrk_version(),
            "search_query": SEARCH_QUERY,
        },
        "runs": [],
    }
    collected = False
    for size in args.sizes:
        url, build_seconds = prepare(size, args.rebuild, log)
        if not collected:
            manage(django_env(url), "collectstatic", "--noinput")
            collected = True
        for cache, seconds in (("cold", "0"), ("warm", "300")):
            env = django_env(url, PAGE_CACHE_SECONDS=seconds)
            probed = probe(env)
            bad = {name: status for name, status in probed["statuses"].items() if status != 200}
            if bad:
                raise RuntimeError(f"scenarios not answering 200: {bad}")
            for worker_class in args.worker_classes:
                log(f"{size:,} pages, {worker_class}, page cache {cache}")
                summary = measure(
                    {**env, **WORKER_CLASSES[worker_class]},
                    probed["urls"],
                    args.rounds,
                    args.duration,
                    args.connections,
                    args.warmup,
                )
                for name in SCENARIOS:
                    summary[name]["queries"] = probed["queries"][name]
                    summary[name]["url"] = probed["urls"][name]
                results["runs"].append(
                    {
                        "pages": probed["news_pages"],
                        "corpus_size": size,
                        "corpus_build_s": build_seconds,
                        "worker_class": worker_class,
                        "cache": cache,
                        "scenarios": summary,
                    }
                )
                errors = {name: s["errors"] for name, s in summary.items() if s["errors"]}
                if errors:
                    raise RuntimeError(f"non-2xx answers under load: {errors}")
    return results


# --- command line --------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny corpus, one short round")
    parser.add_argument("--sizes", default="1000,100000", help="news pages, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per scenario and round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=1, help="seconds per scenario first")
    parser.add_argument("--worker-classes", default="sync,gthread")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus databases")
    parser.add_argument("--output", type=Path, help="results JSON (default benchmarks/results/)")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.rounds, args.duration, args.connections = "60", 1, 1, 2
        args.worker_classes, args.warmup, args.no_docs = "sync", 1, True
    args.sizes = [int(size) for size in args.sizes.split(",")]
    args.worker_classes = args.worker_classes.split(",")
    if shutil.which("wrk") is None:
        parser.error("wrk is needed: apt-get install wrk")

    def log(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)

    results = run(args, log)
    output = args.output
    if output is None:
        name = f"{results['date']}-{results['machine']['name']}"
        output = (
            Path(tempfile.gettempdir()) / f"{name}-smoke.json"
            if args.smoke
            else RESULTS / f"{name}.json"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    log(f"results: {output}")
    report = markdown(results, CHART.name if not args.no_docs else None)
    if args.no_docs:
        print(report)
    else:
        chart(results, CHART)
        DOCS.write_text(report, encoding="utf-8")
        log(f"report: {DOCS}")


if __name__ == "__main__":
    main()
