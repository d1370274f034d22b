"""The test suite: fast hashing, throw-away media, no outside network."""

import os
import secrets
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# Embeds come only from the database cache the tests fill; no oEmbed provider
# is ever asked over the network.
WAGTAILEMBEDS_FINDERS: list[dict] = []

# Static files come straight from the source folders, as in development.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-static-"))
WHITENOISE_USE_FINDERS = True

# A file, not memory, for the SQLite test database: the live server used by the
# browser tests then sees exactly what the tests wrote, from any connection.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"newsroom-test-{os.getpid()}.sqlite3")
    }

# Tests of the page cache turn it on themselves.
PAGE_CACHE_SECONDS = 0
AXES_ENABLED = True
