"""A Redis cache that the site survives losing.

Django's Redis backend raises when Redis is down, and Wagtail reads the cache
on every request: a Redis outage would take the whole site down. Here a failed
call is logged, counts as a cache miss (or does nothing, for a write), and
Redis is left alone for a few seconds before the next try, so readers do not
wait on a dead socket at every call. When Redis returns, caching resumes.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    _paused_until = 0.0
    _failing = False

    @classmethod
    def available(cls):
        return not cls._failing

    def _run(self, call, fallback=None):
        cls = type(self)
        if time.monotonic() < cls._paused_until:
            return fallback
        try:
            result = call()
        except Exception as error:  # noqa: BLE001 - any Redis failure means "no cache"
            if not cls._failing:
                logger.warning("Cache unavailable, serving without it: %s", error)
            cls._failing = True
            cls._paused_until = time.monotonic() + PAUSE_SECONDS
            return fallback
        if cls._failing:
            logger.warning("Cache available again")
            cls._failing = False
        return result

    def get(self, key, default=None, version=None):
        parent = super().get
        return self._run(lambda: parent(key, default, version), default)

    def get_many(self, keys, version=None):
        parent = super().get_many
        return self._run(lambda: parent(keys, version), {})

    def has_key(self, key, version=None):
        parent = super().has_key
        return self._run(lambda: parent(key, version), False)

    def set(self, *args, **kwargs):
        parent = super().set
        return self._run(lambda: parent(*args, **kwargs))

    def add(self, *args, **kwargs):
        parent = super().add
        return self._run(lambda: parent(*args, **kwargs), False)

    def set_many(self, *args, **kwargs):
        parent = super().set_many
        return self._run(lambda: parent(*args, **kwargs), [])

    def touch(self, *args, **kwargs):
        parent = super().touch
        return self._run(lambda: parent(*args, **kwargs), False)

    def delete(self, *args, **kwargs):
        parent = super().delete
        return self._run(lambda: parent(*args, **kwargs), False)

    def delete_many(self, *args, **kwargs):
        parent = super().delete_many
        return self._run(lambda: parent(*args, **kwargs))

    def incr(self, *args, **kwargs):
        parent = super().incr
        return self._run(lambda: parent(*args, **kwargs))

    def clear(self):
        parent = super().clear
        return self._run(parent)
