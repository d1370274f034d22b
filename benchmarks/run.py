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
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
RESULTS = ROOT / "benchmarks" / "results"
DOCS = ROOT / "docs" / "performance.md"
CHART = ROOT / "docs" / "performance.png"
DEMO_NEWS_PAGES = 26

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
# The targets, as ratios to the floor.
UNCACHED_TARGET = 0.10
UNCACHED_TARGET_SCENARIOS = ("article", "section", "api_listing")
CACHED_TARGET = 0.60
CACHED_TARGET_SCENARIOS = ("home", "section", "section_deep", "article", "announcement", "feed")
SEARCH_TARGET = 0.05
SCALE_LIMIT = 1.5

WORKER_CLASSES = {
    "sync": {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "1"},
    "gthread": {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"},
}


# --- databases -------------------------------------------------------------------


def database_url(size):
    base = os.environ.get("BENCH_DATABASE_URL")
    if not base:
        WORK.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{WORK / f'bench-{size}.sqlite3'}"
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/newsroom_bench_{size}"))


def create_postgres_database(url):
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    name = parts.path.lstrip("/")
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def django_env(url, **extra):
    """The production settings, on loopback, with the benchmark view routed."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": url,
            "STATIC_ROOT": str(WORK / "static"),
            "MEDIA_ROOT": str(WORK / "media"),
            "SECURE_SSL_REDIRECT": "0",
            "ENABLE_BENCHMARK_VIEWS": "1",
            "CONN_MAX_AGE": "60",
            "DEMO_ADMIN_PASSWORD": secrets.token_urlsafe(12),
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra)
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def prepare(size, rebuild, log):
    """A database holding ``size`` news pages; built once, reused while it matches."""
    url = database_url(size)
    marker = WORK / f"bench-{size}.{'pg' if url.startswith('postgres') else 'sqlite'}.ready"
    if url.startswith("postgres"):
        create_postgres_database(url)
    env = django_env(url)
    if rebuild or not marker.exists():
        if url.startswith("sqlite"):
            Path(urlsplit(url).path).unlink(missing_ok=True)
        else:
            manage(env, "flush", "--noinput")
        log(f"building the {size:,}-page corpus")
        started = time.monotonic()
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo_content")
        if size > DEMO_NEWS_PAGES:
            manage(env, "build_corpus", str(size - DEMO_NEWS_PAGES))
        marker.write_text(f"{time.monotonic() - started:.0f}\n")
    else:
        manage(env, "migrate", "--noinput")
    return url, float(marker.read_text())


# --- scenarios and their SQL queries --------------------------------------------------

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


# --- gunicorn and wrk ------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env):
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "BASE_URL": f"http://127.0.0.1:{port}",
        # Steady state: no worker recycling in the middle of a measurement.
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(  # noqa: S603 - the production start command
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--access-logfile", "/dev/null", "site_project.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/bench/floor/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {
        int(match.group(1)): _milliseconds(match.group(2))
        for match in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE)
    }
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def load(url, duration, connections):
    result = subprocess.run(  # noqa: S603 - wrk on loopback
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(result.stdout)


def drain(base, timeout=120, parallel=16):
    """Wait until gunicorn has answered what wrk left queued.

    When wrk stops, requests it sent may still be queued or running in one
    worker while another answers at once; the next scenario would share the
    machine with them. So the floor is asked ``parallel`` times at once (more
    than the workers' threads, so that every worker gets some), until all
    answers come quickly twice in a row.
    """

    def answer_time(_):
        started = time.monotonic()
        urllib.request.urlopen(base + "/bench/floor/", timeout=timeout).read()  # noqa: S310
        return time.monotonic() - started

    deadline = time.monotonic() + timeout
    quick = 0
    with ThreadPoolExecutor(parallel) as pool:
        while quick < 2 and time.monotonic() < deadline:
            slowest = max(pool.map(answer_time, range(parallel)))
            quick = quick + 1 if slowest < 0.05 else 0


def warm_up(base, urls, seconds):
    for path in urls.values():
        load(base + path, seconds, 2)
        drain(base)


# --- one configuration ---------------------------------------------------------------------


def measure(env, urls, rounds, duration, connections, warmup):
    """Each scenario ``rounds`` times, interleaved with the floor; medians and ratios."""
    samples = {name: [] for name in SCENARIOS}
    with gunicorn(env) as base:
        warm_up(base, urls, warmup)
        for _ in range(rounds):
            for name in SCENARIOS:
                samples[name].append(load(base + urls[name], duration, connections))
                drain(base)
    summary = {}
    for name in SCENARIOS:
        runs = samples[name]
        ratios = [
            run["rps"] / floor["rps"] for run, floor in zip(runs, samples["floor"], strict=True)
        ]
        summary[name] = {
            "rounds": runs,
            "rps": statistics.median(run["rps"] for run in runs),
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "ratio": statistics.median(ratios),
            "errors": sum(run["errors"] for run in runs),
        }
    return summary


def wrk_version():
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    return result.stdout.splitlines()[0].strip()


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


# --- report ---------------------------------------------------------------------------------


def find(results, **match):
    return [
        run for run in results["runs"] if all(run[key] == value for key, value in match.items())
    ]


def checks(results):
    """The issue's targets, each with its measured value."""
    sizes = sorted({run["corpus_size"] for run in results["runs"]})
    largest, smallest = sizes[-1], sizes[0]
    lines = []
    for run in find(results, corpus_size=largest, cache="cold"):
        for name in UNCACHED_TARGET_SCENARIOS:
            ratio = run["scenarios"][name]["ratio"]
            lines.append(
                (f"{LABELS[name]}, uncached, {run['worker_class']}", ratio, UNCACHED_TARGET)
            )
        ratio = run["scenarios"]["search"]["ratio"]
        lines.append((f"search, uncached, {run['worker_class']}", ratio, SEARCH_TARGET))
    for run in find(results, corpus_size=largest, cache="warm"):
        worst = min(CACHED_TARGET_SCENARIOS, key=lambda name: run["scenarios"][name]["ratio"])
        ratio = run["scenarios"][worst]["ratio"]
        lines.append(
            (f"slowest cached page ({LABELS[worst]}), {run['worker_class']}", ratio, CACHED_TARGET)
        )
    scaling = []
    if largest != smallest:
        for big in find(results, corpus_size=largest):
            small = find(
                results,
                corpus_size=smallest,
                worker_class=big["worker_class"],
                cache=big["cache"],
            )[0]
            for name in SCENARIOS:
                growth = big["scenarios"][name]["p50_ms"] / small["scenarios"][name]["p50_ms"]
                same = big["scenarios"][name]["queries"] == small["scenarios"][name]["queries"]
                scaling.append((big["worker_class"], big["cache"], name, growth, same))
    return lines, scaling


def markdown(results, chart_name):
    sizes = sorted({run["corpus_size"] for run in results["runs"]})
    method = results["method"]
    out = [
        "# Performance",
        "",
        "Generated by `make bench` (`benchmarks/run.py`); do not edit by hand. Numbers from "
        f"{results['date']} on `{results['machine']['name']}` ({results['machine']['cpus']} "
        f"CPUs, Python {results['machine']['python']}), {results['database']}, page cache in "
        f"{results['page_cache']}.",
        "",
        "Each scenario is driven by "
        f"{method['tool'].split(' [')[0]} on loopback ({method['connections']} connections, "
        f"{method['duration_s']} s, {method['rounds']} rounds) against gunicorn with the "
        "production settings, 2 workers. The **floor** is a view returning a constant answer "
        "through the same middleware and the same gunicorn, measured in every round: the "
        "**ratio** is a scenario's requests/s divided by the floor's in the same round "
        "(median of the rounds), so that the machine's noise cancels out. Queries are SQL "
        "queries per request, counted in process.",
        "",
    ]
    lines, scaling = checks(results)
    out += ["## Targets", "", "| target | measured | required | |", "|---|---:|---:|---|"]
    for label, value, required in lines:
        mark = "met" if value >= required else f"**missed** by {required - value:.3f}"
        out.append(f"| {label} | {value:.3f} | ≥ {required:.2f} | {mark} |")
    if scaling:
        worst = max(scaling, key=lambda item: item[3])
        changed = [item for item in scaling if not item[4]]
        out += [
            "",
            f"From {sizes[0]:,} to {sizes[-1]:,} pages the largest change of a p50 is "
            f"**{worst[3]:.2f}×** ({LABELS[worst[2]]}, {worst[0]}, {worst[1]}; limit "
            f"{SCALE_LIMIT}×); query counts that changed: "
            + (", ".join(f"{LABELS[item[2]]} ({item[1]})" for item in changed) or "**none**")
            + ".",
        ]
    for run in results["runs"]:
        out += [
            "",
            f"## {run['pages']:,} news pages, {run['worker_class']} workers, page cache "
            f"{'on' if run['cache'] == 'warm' else 'off'}",
            "",
            "| scenario | requests/s | p50 ms | p99 ms | queries | ratio to floor |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name in SCENARIOS:
            s = run["scenarios"][name]
            out.append(
                f"| {LABELS[name]} | {s['rps']:.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f} "
                f"| {s['queries']} | {s['ratio']:.3f} |"
            )
    winner = {}
    for run in results["runs"]:
        key = (run["corpus_size"], run["cache"])
        score = statistics.median(run["scenarios"][name]["ratio"] for name in SCENARIOS[1:])
        if score > winner.get(key, ("", 0))[1]:
            winner[key] = (run["worker_class"], score)
    if len({run["worker_class"] for run in results["runs"]}) > 1:
        out += ["", "## Worker class", ""]
        for (size, cache), (worker_class, score) in sorted(winner.items()):
            out.append(
                f"- {size:,} pages, page cache {'on' if cache == 'warm' else 'off'}: "
                f"**{worker_class}** (median ratio {score:.3f})"
            )
    if chart_name:
        out += ["", "## Latency against corpus size", "", f"![p50 latency]({chart_name})"]
    out += [
        "",
        "## Reproduce",
        "",
        "```sh",
        "make bench            # 1,000 and 100,000 pages; BENCH_DATABASE_URL for PostgreSQL",
        "make bench-smoke      # the harness end to end in about a minute (CI runs it)",
        "```",
        "",
        "Raw numbers, every round: `benchmarks/results/`.",
        "",
    ]
    return "\n".join(out)


def chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    worker_class = results["runs"][0]["worker_class"]
    for ax, cache in zip(axes, ("cold", "warm"), strict=True):
        runs = sorted(
            find(results, cache=cache, worker_class=worker_class), key=lambda r: r["pages"]
        )
        for name in SCENARIOS:
            ax.plot(
                [run["pages"] for run in runs],
                [run["scenarios"][name]["p50_ms"] for run in runs],
                marker="o",
                label=LABELS[name],
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("news pages")
        ax.set_title(f"page cache {'on' if cache == 'warm' else 'off'} ({worker_class})")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("p50 latency (ms)")
    axes[1].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


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
