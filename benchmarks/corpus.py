"""The corpora: one database per size, and the Django environment that serves it.

Where the databases live (SQLite files under benchmarks/.work/, or one
PostgreSQL database per size on the server named by BENCH_DATABASE_URL), the
production settings on loopback with the benchmark view routed, manage.py
commands, and the building of a corpus of a given size (demo content plus
generated news pages), kept between runs.
"""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
DEMO_NEWS_PAGES = 26


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
