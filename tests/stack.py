"""The production stack on 127.0.0.1, for the tests that attack it: servers the tests can stop.

PostgreSQL and Redis from Debian's packages, gunicorn from gunicorn.conf.py
with the production settings, the scheduler (``run_scheduler``) and nginx
with the repository's own proxy configuration (deploy/nginx). Each is a
process of its own, started, stopped, paused (SIGSTOP) and resumed here.
"""

import http.cookiejar
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
import urllib.parse
import urllib.request
from pathlib import Path

from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
REDIS = shutil.which("redis-server")
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
WRK = shutil.which("wrk")
MISSING = [
    name
    for name, found in (("PostgreSQL", PG_BIN), ("redis-server", REDIS), ("nginx", NGINX))
    if not found
]
ADMIN_PASSWORD = secrets.token_urlsafe(12)


def as_postgres(command):
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]
    return subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def get(url, headers=None, timeout=10, source=None):
    """(status, headers, body) without raising on HTTP errors; ``source`` binds a local address."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    opener = urllib.request.build_opener(SourceAddressHandler(source)) if source else None
    try:
        response = (opener.open if opener else urllib.request.urlopen)(request, timeout=timeout)
        with response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class SourceAddressHandler(urllib.request.HTTPHandler):
    """Connect from another loopback address (127.0.0.2, …): another reader, for nginx."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def http_open(self, request):
        import http.client

        def connection(host, **kwargs):
            return http.client.HTTPConnection(host, source_address=(self.source, 0), **kwargs)

        return self.do_open(connection, request)


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
        self.psql("CREATE DATABASE newsroom")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def psql(self, sql, database="postgres"):
        command = [f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        return subprocess.run(  # noqa: S603
            [*command, "-d", database, "-tAc", sql], check=True, capture_output=True, text=True
        ).stdout.strip()

    def tool(self, name, *args, **kwargs):
        command = [f"{self.bin}/{name}", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        return subprocess.run([*command, *args], check=True, capture_output=True, **kwargs)  # noqa: S603

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
        self.process.send_signal(signal.SIGCONT)
        self.process.terminate()
        self.process.wait(10)

    def hang(self):
        """Stopped, not gone: connections are still accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


def docker_command():
    """The image's start command, read from the Dockerfile's CMD."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE).group(1))
    assert command[0] == "gunicorn"
    assert "migrate" not in " ".join(command), "migrations are a release step"
    return command


class Process:
    """A long-running command of the site (gunicorn, the scheduler), its output in a log file."""

    def __init__(self, command, env, log_path):
        self.command, self.env, self.log_path = command, env, log_path
        self.process = None

    def start(self):
        self.log = open(self.log_path, "a+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        return self

    def stop(self, timeout=30):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def output(self):
        if not self.log.closed:
            self.log.flush()
        return Path(self.log_path).read_text()


class Nginx:
    """nginx with deploy/nginx's configuration, as the official image renders it."""

    TEMPLATE = ROOT / "deploy" / "nginx" / "templates" / "default.conf.template"

    def __init__(self, base, upstream_port):
        self.port = free_port()
        self.prefix = base / "nginx"
        (self.prefix / "temp").mkdir(parents=True)
        self.prefix.chmod(0o777)
        (self.prefix / "temp").chmod(0o777)
        server = self.TEMPLATE.read_text()
        for name, value in {
            "NEWSROOM_UPSTREAM": f"127.0.0.1:{upstream_port}",
            "NEWSROOM_PROXY_PORT": str(self.port),
        }.items():
            server = server.replace("${" + name + "}", value)
        assert "${" not in server, "every variable of the template is filled in"
        temp = self.prefix / "temp"
        (self.prefix / "nginx.conf").write_text(f"""
            worker_processes 1;
            error_log {self.prefix}/error.log warn;
            pid {self.prefix}/nginx.pid;
            events {{ worker_connections 4096; }}
            http {{
                include /etc/nginx/mime.types;
                access_log off;
                client_body_temp_path {temp}/body;
                proxy_temp_path {temp}/proxy;
                fastcgi_temp_path {temp}/fastcgi;
                uwsgi_temp_path {temp}/uwsgi;
                scgi_temp_path {temp}/scgi;
                {server}
            }}
        """)
        self.command = [NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf")]
        self.process = None

    def check(self):
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True, check=False)  # noqa: S603

    def start(self):
        self.process = subprocess.Popen([*self.command, "-g", "daemon off;"])  # noqa: S603
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            self.process.wait(20)


class Stack:
    """PostgreSQL, Redis, gunicorn, the scheduler and nginx, with the demo content loaded."""

    def __init__(self, **settings):
        # Not pytest's tmp_path: PostgreSQL runs as its own user, who must reach it.
        self.base = Path(tempfile.mkdtemp(prefix="newsroom-stack-"))
        self.base.chmod(0o755)
        self.postgres, self.redis = Postgres(self.base), Redis()
        self.web_port = free_port()
        self.env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "site_project.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "STATIC_ROOT": str(self.base / "static"),
            "MEDIA_ROOT": str(self.base / "media"),
            "BASE_URL": f"http://127.0.0.1:{self.web_port}",
            "CONN_MAX_AGE": "60",
            # Plain http on loopback: no redirect to https, cookies sent over http.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "GUNICORN_BIND": f"127.0.0.1:{self.web_port}",
            "WEB_CONCURRENCY": "2",
            "DEMO_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "TRUSTED_PROXY_COUNT": "1",
            **settings,
        }
        for step in ("collectstatic", "migrate"):
            self.manage(step, "--noinput")
        self.manage("load_demo_content")
        self.gunicorn = self.web()
        self.nginx = Nginx(self.base, self.web_port).start()
        self.url = f"http://127.0.0.1:{self.nginx.port}"
        self.direct_url = f"http://127.0.0.1:{self.web_port}"

    def manage(self, *args, env=None):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            check=False,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}"
        return result

    def web(self, port=None, log_name="gunicorn.log", **settings):
        """Another gunicorn of this stack (or the first one), started and answering."""
        port = port or self.web_port
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", **settings}
        process = Process(
            [sys.executable, "-m", *docker_command()], env, self.base / log_name
        ).start()
        wait_for_port(port, timeout=60)
        return process

    def scheduler(self, *args, log_name="scheduler.log"):
        return Process(
            [sys.executable, "manage.py", "run_scheduler", *args], self.env, self.base / log_name
        ).start()

    def shell(self, code):
        """Run ``code`` in a Django shell of the stack; returns what it printed."""
        return self.manage("shell", "--no-imports", "-c", code).stdout

    def close(self):
        self.nginx.stop()
        self.gunicorn.stop()
        self.redis.stop()
        self.postgres.stop()
        shutil.rmtree(self.base, ignore_errors=True)


class AdminSession:
    """An editor's browser session: a cookie jar, signed in through the login form."""

    def __init__(self, url, username="admin", password=ADMIN_PASSWORD):
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        response = self.post("/admin/login/", {"username": username, "password": password})
        assert response.url.rstrip("/").endswith("/admin"), "signed in"

    def csrf_token(self, path):
        with self.opener.open(self.url + path, timeout=30) as response:
            html = response.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self, path, data):
        fields = {"csrfmiddlewaretoken": self.csrf_token(path), **data}
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.url + path, data=urllib.parse.urlencode(fields).encode(), method="POST"
        )
        return self.opener.open(request, timeout=30)


def wrk(url, paths, seconds, connections=100, script="timeline.lua"):
    """wrk against ``url`` over ``paths``: answers per wall-clock second, 5xx and timeouts.

    The counts come from tests/wrk/timeline.lua; other scripts give only requests/s.
    """
    result = subprocess.run(  # noqa: S603 - wrk on loopback
        [WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
         "-s", str(ROOT / "tests" / "wrk" / script), url, "--", *paths],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = result.stdout
    per_second = {
        int(second): int(count) for second, count in re.findall(r"^second (\d+) (\d+)$", out, re.M)
    }
    counted = {
        name: int(found.group(1)) if (found := re.search(rf"^{name} (\d+)$", out, re.M)) else None
        for name in ("server_errors", "timeouts")
    }
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "per_second": dict(sorted(per_second.items())),
        **counted,
        "output": out,
    }


def silent_seconds(per_second):
    """The whole seconds, between the first and the last, in which nothing was answered."""
    if not per_second:
        return []
    first, last = min(per_second), max(per_second)
    return [second for second in range(first + 1, last) if not per_second.get(second)]
