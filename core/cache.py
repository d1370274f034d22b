"""A Redis cache that the site survives losing, whether Redis refuses or hangs.

Django's Redis backend raises when Redis is down, and Wagtail reads the cache
on every request: an outage would take the whole site down. A Redis that
hangs (stopped, swapping, a network partition) is worse than one that is down:
every call waits for its timeout.

So the cache is a circuit breaker. The first call that fails, by refusal or
by timeout, opens it: from then on no call in this process touches the
network, and a background thread pings Redis every ``PROBE_SECONDS``. Calls
made meanwhile go to a small cache in this process's memory (the stand-in),
so that Wagtail's own cached lookups (site root paths, renditions) still
save their queries; the page cache stores nothing while ``available`` is
False, since other processes could not see what it forgets. When Redis
answers, the ``cache_recovered`` signal is sent from that thread (the page
cache applies the invalidations Redis missed, see ``core.page_cache``), the
stand-in is emptied, and only then is the breaker closed. A hanging Redis
costs each process one timeout.
"""

import logging
import os
import threading
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.dispatch import Signal

logger = logging.getLogger(__name__)

PROBE_SECONDS = 1.0

# Sent from the probe thread when Redis answers again, before the breaker closes.
cache_recovered = Signal()


class _Breaker:
    """Per process: whether Redis is being left alone, and the thread watching it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = False
        self.pid = os.getpid()
        self.probing = threading.local()
        self.retired = threading.Event()  # set to end the probe for good (tests)
        self.stand_in = LocMemCache("resilient-redis-stand-in", {"OPTIONS": {"MAX_ENTRIES": 2000}})

    def trip(self, cache: "ResilientRedisCache", error: Exception) -> None:
        with self.lock:
            forked = self.pid != os.getpid()
            if self.open and not forked:
                return
            self.open, self.pid = True, os.getpid()
        logger.warning("Cache unavailable, serving without it (process %d): %s", os.getpid(), error)
        cache.disconnect()
        threading.Thread(target=self.probe, args=(cache,), name="cache-probe", daemon=True).start()

    def probe(self, cache: "ResilientRedisCache") -> None:
        self.probing.active = True
        try:
            while not self.retired.wait(PROBE_SECONDS):
                try:
                    cache.ping()
                    cache_recovered.send(sender=type(cache), cache=cache)
                except Exception:  # noqa: BLE001, S112 - still away: try again later
                    continue
                break
        finally:
            self.probing.active = False
            connections.close_all()  # this thread's own database connections
        with self.lock:
            self.stand_in.clear()
            self.open = False
        logger.warning("Cache available again (process %d)", os.getpid())

    def lets_through(self) -> bool:
        return not self.open or getattr(self.probing, "active", False)


class ResilientRedisCache(RedisCache):
    breaker = _Breaker()

    def _run(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``method`` on Redis, or on this process's stand-in while Redis is left alone."""
        if self.breaker.lets_through():
            try:
                return getattr(super(), method)(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - any Redis failure means "no cache"
                if getattr(self.breaker.probing, "active", False):
                    raise
                self.breaker.trip(self, error)
        return getattr(self.breaker.stand_in, method)(*args, **kwargs)

    @property
    def available(self) -> bool:
        """False while Redis is left alone: what is written now lives in this process only."""
        return self.breaker.lets_through()

    def ping(self) -> Any:
        return self._cache.get_client(write=True).ping()

    def disconnect(self: Any) -> None:
        """Drop every pooled connection: a timed-out one may still hold a late reply."""
        for pool in self._cache._pools.values():
            pool.disconnect()

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return self._run("get", key, default, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._run("get_many", keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._run("has_key", key, version)

    def set(self, *args: Any, **kwargs: Any) -> None:
        return self._run("set", *args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> bool:
        return self._run("add", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> list[Any]:
        return self._run("set_many", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return self._run("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return self._run("delete", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        return self._run("delete_many", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> int:
        return self._run("incr", *args, **kwargs)

    def clear(self) -> None:
        return self._run("clear")
