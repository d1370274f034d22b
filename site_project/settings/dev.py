"""Local development and the demo: DEBUG on, SQLite unless DATABASE_URL is set."""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env_list


def _dev_secret_key():
    """A per-checkout random key, kept out of version control in .dev-secret-key."""
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Editors trying the demo see their changes at once; production caches.
PAGE_CACHE_SECONDS = 0
