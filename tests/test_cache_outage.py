"""A Redis that hangs costs one timeout, then nothing; what it missed is applied when it returns.

A real redis-server is started here and stopped with SIGSTOP: the kernel still
accepts connections, nothing answers, exactly as a hung Redis behaves.
"""

import os
import shutil
import signal
import subprocess
import time

import pytest
from django.core.cache import caches
from redis.connection import Connection

from core import page_cache
from core.cache import ResilientRedisCache, _Breaker
from core.models import CacheInvalidation

from .conftest import free_port

REDIS = shutil.which("redis-server")
if not REDIS:
    if os.environ.get("REQUIRE_PRODUCTION_STACK"):
        pytest.fail("needs redis-server (Debian: redis-server)", pytrace=False)
    pytest.skip("needs redis-server (Debian: redis-server)", allow_module_level=True)

TIMEOUT = 0.3


@pytest.fixture
def redis_server():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a throw-away Redis on loopback
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while (
        subprocess.run(  # noqa: S603
            [shutil.which("redis-cli"), "-p", str(port), "ping"], capture_output=True, check=False
        ).stdout.strip()
        != b"PONG"
    ):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    yield process, port
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(10)


@pytest.fixture
def redis_cache(settings, redis_server, monkeypatch):
    _, port = redis_server
    breaker = _Breaker()
    monkeypatch.setattr(ResilientRedisCache, "breaker", breaker)
    monkeypatch.setattr("core.cache.PROBE_SECONDS", 0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "test",
            "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
        }
    }
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    yield cache
    ResilientRedisCache.breaker.retired.set()
    breaker.retired.set()


@pytest.fixture
def commands_sent(monkeypatch):
    """How many commands reach a Redis socket."""
    sent = []
    original = Connection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(Connection, "send_packed_command", counting)
    return sent


def wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_hanging_redis_costs_one_timeout_then_no_call_at_all(
    redis_cache, redis_server, commands_sent, transactional_db
):
    process, _ = redis_server
    redis_cache.set("page", "cached")
    assert redis_cache.get("page") == "cached"

    process.send_signal(signal.SIGSTOP)
    started = time.monotonic()
    assert redis_cache.get("page") is None  # a miss, not an error
    assert time.monotonic() - started >= TIMEOUT  # the one timeout
    assert not redis_cache.available

    commands_sent.clear()
    for number in range(200):
        redis_cache.set(f"key-{number}", number)
        assert redis_cache.get(f"key-{number}") == number  # the process's own stand-in
        redis_cache.get_many(["page", f"key-{number}"])
    # Only the background probe talks to Redis meanwhile: a few pings, no reader's call.
    assert all(b"PING" in b"".join(command) for command in commands_sent)


def test_when_redis_returns_the_stand_in_is_forgotten_and_caching_resumes(
    redis_cache, redis_server, transactional_db
):
    process, _ = redis_server
    process.send_signal(signal.SIGSTOP)
    redis_cache.get("anything")
    redis_cache.set("written-during-the-outage", "local only")
    process.send_signal(signal.SIGCONT)
    wait_until(lambda: redis_cache.available)
    assert redis_cache.get("written-during-the-outage") is None
    redis_cache.set("after", "shared")
    assert redis_cache.get("after") == "shared"


@pytest.mark.django_db(transaction=True)
def test_an_unpublish_made_while_redis_hangs_reaches_the_cache_when_it_returns(
    redis_cache, redis_server, news_section, client, settings
):
    from .factories import NewsPageFactory

    settings.PAGE_CACHE_SECONDS = 300
    process, _ = redis_server
    article = NewsPageFactory(parent=news_section, title="Tin sẽ gỡ")
    CacheInvalidation.objects.all().delete()
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"

    process.send_signal(signal.SIGSTOP)
    article.unpublish()  # committed at once: this test runs without a wrapping transaction
    assert CacheInvalidation.objects.count() == 1, "kept: the cache could not be told"
    assert client.get(article.url).status_code == 404  # Redis away: rendered, not cached

    process.send_signal(signal.SIGCONT)
    wait_until(lambda: redis_cache.available)
    assert not CacheInvalidation.objects.exists()
    for _ in range(5):
        assert client.get(article.url).status_code == 404


def test_the_scheduler_applies_what_a_process_that_left_could_not(
    redis_cache, redis_server, transactional_db
):
    """A command that invalidated while Redis hung and then exited: nobody else noticed."""
    process, _ = redis_server
    process.send_signal(signal.SIGSTOP)
    page_cache.invalidate()  # autocommit: the row is committed, the cache not told
    ResilientRedisCache.breaker.retired.set()
    process.send_signal(signal.SIGCONT)
    ResilientRedisCache.breaker = _Breaker()  # as in another process, which saw nothing
    assert CacheInvalidation.objects.count() == 1
    before = page_cache.generation()
    assert page_cache.apply_pending_invalidations() is True  # the scheduler's job
    assert page_cache.generation() != before
    assert not CacheInvalidation.objects.exists()
