"""The production start path, for real: gunicorn, PostgreSQL and Redis on 127.0.0.1.

The same steps as the Docker image and its release command (production
settings, collectstatic, migrate, gunicorn from gunicorn.conf.py), with
servers of our own started here so that the tests can stop them: readers get
a 503 page while PostgreSQL is down and pages again once it is back, without
restarting gunicorn; while Redis is down everything is still served, and
caching resumes when it returns.

Needs PostgreSQL's server binaries and redis-server (Debian's packages): the
module is skipped without them, unless REQUIRE_PRODUCTION_STACK is set (CI).
"""

import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
REDIS = shutil.which("redis-server")

if not (PG_BIN and REDIS):
    reason = "needs PostgreSQL's server and redis-server (Debian: postgresql, redis-server)"
    if os.environ.get("REQUIRE_PRODUCTION_STACK"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

pytestmark = pytest.mark.production


def as_postgres(command):
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]
    return subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603


class Postgres:
    def __init__(self, base):
        self.data = base / "pg"
        self.port = free_port()
        self.bin = PG_BIN[-1]
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(base, "postgres")
            shutil.chown(self.data, "postgres")
        as_postgres([f"{self.bin}/initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust"])
        self.start()
        psql = [f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run([*psql, "-c", "CREATE DATABASE newsroom"], check=True, capture_output=True)  # noqa: S603
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def start(self):
        options = f"'-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off'"
        as_postgres([f"{self.bin}/pg_ctl", "-D", str(self.data), "-w", "-o", options,
                     "-l", str(self.data / "log"), "start"])  # fmt: skip

    def stop(self):
        as_postgres([f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"])


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        command = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def get(url, headers=None, timeout=10):
    """(status, headers, body) without raising on HTTP errors."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def docker_command():
    """The image's start command, read from the Dockerfile's CMD."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert command[0] == "gunicorn"
    assert "migrate" not in " ".join(command), "migrations are a release step"
    return command


@pytest.fixture(scope="module")
def stack():
    # Not pytest's tmp_path: PostgreSQL runs as its own user, who must reach it.
    base = Path(tempfile.mkdtemp(prefix="newsroom-stack-"))
    base.chmod(0o755)
    postgres, redis = Postgres(base), Redis()
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "STATIC_ROOT": str(base / "static"),
        "MEDIA_ROOT": str(base / "media"),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "DEMO_ADMIN_PASSWORD": secrets.token_urlsafe(12),
    }
    manage = [sys.executable, "manage.py"]
    for step in (["collectstatic", "--noinput"], ["migrate", "--noinput"], ["load_demo_content"]):
        subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
    log = open(base / "gunicorn.log", "w+")  # noqa: SIM115 - closed below
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", *docker_command()],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port)
    yield {"url": f"http://127.0.0.1:{port}", "postgres": postgres, "redis": redis, "log": log}
    gunicorn.send_signal(signal.SIGTERM)
    gunicorn.wait(20)
    log.close()
    redis.stop()
    postgres.stop()
    shutil.rmtree(base, ignore_errors=True)


def test_pages_api_health_and_static_files(stack):
    url = stack["url"]
    status, headers, body = get(url + "/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    html = body.decode()
    assert '<html lang="vi"' in html
    assert headers["Server"] is None  # no banner
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    article = re.search(r'href="(/tin-tuc/[^"]+/)"', html).group(1)
    assert get(url + article)[0] == 200
    status, _, body = get(url + "/api/v2/pages/?type=newsroom.NewsPage&fields=*&limit=20")
    assert status == 200 and b'"total_count": 26' in body.replace(b"    ", b"")
    status, _, body = get(url + "/healthz")
    assert status == 200 and b'"cache": "ok"' in body

    image = re.search(r'src="(/media/images/[^"]+\.jpg)"', html).group(1)
    status, headers, body = get(url + image)
    assert status == 200 and headers["Content-Type"] == "image/jpeg" and body[:2] == b"\xff\xd8"

    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    status, headers, _ = get(url + stylesheet, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 31536000


def test_anonymous_readers_are_served_from_redis(stack):
    url = stack["url"] + "/tin-tuc/"
    get(url)
    assert get(url)[1]["X-Page-Cache"] == "hit"


def test_postgresql_outage_is_a_503_then_the_site_recovers(stack):
    url, postgres = stack["url"], stack["postgres"]
    get(url + "/thong-bao/")  # cached before the outage
    postgres.stop()
    try:
        started = time.monotonic()
        status, headers, body = get(url + "/tin-tuc/?page=2", timeout=15)
        assert time.monotonic() - started < 10, "no hang"
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Trang web tạm thời gián đoạn" in body.decode()
        assert b"Traceback" not in body and b"OperationalError" not in body
        assert get(url + "/healthz")[0] == 503
        # A page already in the cache is still served.
        assert get(url + "/thong-bao/")[0] == 200
    finally:
        postgres.start()
    for _ in range(20):
        if get(url + "/tin-tuc/?page=2")[0] == 200:
            break
        time.sleep(0.5)
    assert get(url + "/tin-tuc/?page=2")[0] == 200
    assert get(url + "/healthz")[0] == 200


def test_redis_outage_serves_everything_then_caching_resumes(stack):
    url, redis = stack["url"], stack["redis"]
    redis.stop()
    try:
        for path in ("/", "/tin-tuc/?page=3", "/api/v2/pages/", "/gioi-thieu/"):
            status, headers, _ = get(url + path)
            assert status == 200, path
            assert headers["X-Page-Cache"] in (None, "miss"), path
        status, _, body = get(url + "/healthz")
        assert status == 200 and b'"cache": "unavailable"' in body
    finally:
        redis.start()
    stack["log"].flush()
    stack["log"].seek(0)
    assert "Cache unavailable, serving without it" in stack["log"].read()
    time.sleep(6)  # the cache waits a few seconds before trying Redis again
    get(url + "/gioi-thieu/")
    assert get(url + "/gioi-thieu/")[1]["X-Page-Cache"] == "hit"
