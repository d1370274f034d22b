"""The production start path, for real: nginx in front of gunicorn, PostgreSQL and Redis.

The same steps as the Docker image, its release command and docker-compose.yml
(production settings, collectstatic, migrate, gunicorn from gunicorn.conf.py,
the repository's nginx configuration, the scheduler), with servers of our own
started here so that the tests can stop them. The attacks under load are in
test_bad_day.py.
"""

import gzip
import http.client
import json
import re
import socket
import threading
import time
import urllib.request

import pytest
import yaml

from .stack import ROOT, AdminSession, SourceAddressHandler, get

pytestmark = pytest.mark.production


def test_the_proxy_configuration_is_valid(stack):
    result = stack.nginx.check()
    assert result.returncode == 0, result.stderr


def test_pages_api_health_and_static_files(stack):
    url = stack.url
    status, headers, body = get(url + "/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    html = body.decode()
    assert '<html lang="vi"' in html
    assert headers["Server"] is None or "gunicorn" not in headers["Server"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    article = re.search(r'href="(/tin-tuc/[^"]+/)"', html).group(1)
    assert get(url + article)[0] == 200
    status, _, body = get(url + "/api/v2/pages/?type=newsroom.NewsPage&fields=*&limit=20")
    assert status == 200 and json.loads(body)["meta"]["total_count"] == 26
    status, _, body = get(url + "/healthz")
    assert status == 200 and json.loads(body)["cache"] == "ok"

    image = re.search(r'src="(/media/images/[^"]+\.jpg)"', html).group(1)
    status, headers, body = get(url + image)
    assert status == 200 and headers["Content-Type"] == "image/jpeg" and body[:2] == b"\xff\xd8"

    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    status, headers, _ = get(url + stylesheet, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 31536000


@pytest.mark.parametrize(
    "path", ["/", "/tin-tuc/", "/feed/", "/sitemap.xml", "/api/v2/pages/?fields=*&limit=20"]
)
def test_the_proxy_compresses_pages_feeds_and_the_api_for_clients_that_accept_it(stack, path):
    status, headers, body = get(stack.url + path, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    plain = get(stack.url + path)[2]
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 2


def test_anonymous_readers_are_served_from_redis(stack):
    url = stack.url + "/tin-tuc/"
    get(url)
    assert get(url)[1]["X-Page-Cache"] == "hit"


def test_an_upload_over_the_limit_gets_the_site_s_vietnamese_page_from_the_proxy(stack):
    connection = http.client.HTTPConnection("127.0.0.1", stack.nginx.port, timeout=10)
    connection.putrequest("POST", "/admin/images/multiple/add/")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", "40000000")
    connection.endheaders()  # the body is refused before a byte of it is sent
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == 413
    assert "tối đa 20 MB" in body
    assert "nginx" not in body


def test_postgresql_outage_is_a_503_then_the_site_recovers(stack):
    url, postgres = stack.url, stack.postgres
    get(url + "/thong-bao/")  # cached before the outage
    log_before = len(stack.gunicorn.output())
    postgres.stop()
    try:
        # A hang would raise a timeout here.
        status, headers, body = get(url + "/tin-tuc/?page=2", timeout=15)
        assert status == 503
        assert headers["Retry-After"] == "30"
        assert "Trang web tạm thời gián đoạn" in body.decode()
        assert b"Traceback" not in body and b"OperationalError" not in body
        for _ in range(4):
            assert get(url + "/tin-tuc/?page=3", timeout=15)[0] == 503
        assert get(url + "/healthz")[0] == 503
        # A page already in the cache is still served.
        assert get(url + "/thong-bao/")[0] == 200
    finally:
        postgres.start()
    for _ in range(40):
        if get(url + "/tin-tuc/?page=2")[0] == 200:
            break
        time.sleep(0.5)
    assert get(url + "/tin-tuc/?page=2")[0] == 200
    assert get(url + "/healthz")[0] == 200
    # One line in the log for each of the five 503s, no traceback.
    log = stack.gunicorn.output()[log_before:]
    assert "Traceback" not in log
    assert log.count("(database unavailable:") == 5


def test_redis_outage_serves_everything_then_caching_resumes(stack):
    url, redis = stack.url, stack.redis
    redis.stop()
    try:
        for path in ("/", "/tin-tuc/?page=3", "/api/v2/pages/", "/gioi-thieu/"):
            status, headers, _ = get(url + path)
            assert status == 200, path
            assert headers["X-Page-Cache"] in (None, "miss"), path
        status, _, body = get(url + "/healthz")
        assert status == 200 and json.loads(body)["cache"] == "unavailable"
    finally:
        redis.start()
    assert "Cache unavailable, serving without it" in stack.gunicorn.output()
    # Each worker pings Redis every second, in the background, until it answers.
    hit = False
    for _ in range(50):
        get(url + "/gioi-thieu/")
        if get(url + "/gioi-thieu/")[1]["X-Page-Cache"] == "hit":
            hit = True
            break
        time.sleep(0.2)
    assert hit, "caching resumed"
    for _ in range(50):
        if "Cache available again" in stack.gunicorn.output():
            break
        time.sleep(0.1)
    assert "Cache available again" in stack.gunicorn.output()


def test_the_scheduler_publishes_on_time_logs_it_and_stops_cleanly(stack):
    scheduler = stack.scheduler("--publish-every", "1")
    try:
        page_id = stack.shell(
            "import datetime\n"
            "from django.utils import timezone\n"
            "from newsroom.models import NewsIndexPage, NewsPage\n"
            "section = NewsIndexPage.objects.get(slug='tin-tuc')\n"
            "page = NewsPage(title='Tin hẹn giờ của bộ lập lịch', slug='tin-hen-gio', lead='…')\n"
            "page.live = False\n"
            "section.add_child(instance=page)\n"
            "at = timezone.now() + datetime.timedelta(seconds=2)\n"
            "page.go_live_at = at\n"
            "page.save_revision(approved_go_live_at=at)\n"
            "print(page.id)"
        ).strip()
        assert get(stack.url + "/tin-tuc/tin-hen-gio/")[0] == 404
        for _ in range(100):
            if "Tin hẹn giờ của bộ lập lịch" in scheduler.output():
                break
            time.sleep(0.1)
        assert "Published, scheduled for" in scheduler.output()
        assert get(stack.url + "/tin-tuc/tin-hen-gio/")[0] == 200
    finally:
        assert scheduler.stop(timeout=10) == 0, "SIGTERM ends the scheduler cleanly"
    assert "Scheduler stopped." in scheduler.output()
    stack.shell(f"from wagtail.models import Page; Page.objects.get(id={page_id}).delete()")


def test_a_restore_as_the_guide_writes_it_never_serves_the_pages_before_it(stack):
    """docs/deploy.md's restore steps, in their order, without Docker."""
    guide = (ROOT / "docs" / "deploy.md").read_text()
    steps = re.search(r"To restore.*?```sh\n(.*?)```", guide, re.S).group(1).splitlines()
    order = [next(i for i, step in enumerate(steps) if word in step) for word in (
        "stop web", "pg_restore", "tar xzf", "release", "clear_page_cache", "up -d"
    )]  # fmt: skip
    assert order == sorted(order), "the steps of the guide are in this order"

    dump = stack.base / "backup.dump"
    dump.write_bytes(stack.postgres.tool("pg_dump", "-Fc", "newsroom").stdout)
    stack.shell(
        "from home.models import StandardPage\n"
        "page = StandardPage.objects.get(slug='gioi-thieu')\n"
        "page.title = 'Trang đổi sau bản sao lưu'\n"
        "page.save_revision().publish()"
    )
    assert "Trang đổi sau bản sao lưu" in get(stack.url + "/gioi-thieu/")[2].decode()
    assert get(stack.url + "/gioi-thieu/")[1]["X-Page-Cache"] == "hit"

    stack.gunicorn.stop()  # docker compose stop web scheduler webhooks
    stack.postgres.tool("pg_restore", "-d", "newsroom", "--clean", "--if-exists", str(dump))
    stack.manage("migrate", "--noinput")  # docker compose run --rm release
    stack.manage("clear_page_cache")
    stack.gunicorn = stack.web()  # docker compose up -d
    status, headers, body = get(stack.url + "/gioi-thieu/")
    assert status == 200
    assert "Trang đổi sau bản sao lưu" not in body.decode()
    assert headers["X-Page-Cache"] == "miss"


def test_slow_clients_wait_at_the_proxy_while_readers_are_answered(stack, bad_day_seconds):
    """300 sockets that send a header line now and then (a slowloris) hold no worker."""
    slow = []
    stop = threading.Event()

    def trickle():
        while not stop.wait(2):
            for sock in slow:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    for _ in range(300):
        sock = socket.create_connection(("127.0.0.1", stack.nginx.port), timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        slow.append(sock)
    threading.Thread(target=trickle, daemon=True).start()
    # A fixed number of readers, one after another, while the slow sockets trickle:
    # every one of them is answered (a slow socket holding a worker would make
    # them wait out gunicorn's 30 s timeout, beyond the client's 5 s).
    readers = 4 * bad_day_seconds(20, 60)
    statuses, slowest = [], 0.0
    try:
        for _ in range(readers):
            started = time.monotonic()
            statuses.append(get(stack.url + "/tin-tuc/?page=2", timeout=5)[0])
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.25)
    finally:
        stop.set()
        for sock in slow:
            sock.close()
    print(f"slowloris: {statuses.count(200)} of {readers} answered, slowest {slowest:.3f} s")
    assert statuses == [200] * readers


def test_behind_the_proxy_a_flood_from_elsewhere_cannot_lock_the_administrator_out(stack):
    """Twenty wrong passwords for "admin" from twenty other addresses, then the right one."""
    login = stack.url + "/admin/login/"
    for number in range(2, 22):
        source = f"127.0.0.{number}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(), SourceAddressHandler(source)
        )
        page = opener.open(login, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = f"csrfmiddlewaretoken={token}&username=admin&password=sai".encode()
        # Some also claim, in vain, to be the administrator's address.
        claim = {"X-Forwarded-For": "127.0.0.1"}
        request = urllib.request.Request(login, data=data, headers=claim)  # noqa: S310
        try:
            opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            assert error.code == 429  # that address is locked, not the administrator's
    session = AdminSession(stack.url)  # from 127.0.0.1, with the right password
    assert session.jar, "signed in"


def test_the_compose_file_puts_the_proxy_in_front_and_publishes_nothing_else():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert [name for name, service in services.items() if "ports" in service] == ["proxy"]
    proxy = services["proxy"]
    assert re.fullmatch(r"nginx:\d+\.\d+\.\d+-alpine", proxy["image"]), "a pinned official image"
    assert "./deploy/nginx/templates:/etc/nginx/templates:ro" in proxy["volumes"]
    assert proxy["environment"]["NEWSROOM_UPSTREAM"] == "web:8000"
    assert services["scheduler"]["command"] == ["python", "manage.py", "run_scheduler"]
