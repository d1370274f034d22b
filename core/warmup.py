"""Work every process would otherwise do on its first request, done once at start-up.

gunicorn loads the application in its master process (``preload_app``) and
forks workers from it: what is imported, compiled and computed here is shared
by every worker, so a worker replaced under load answers its first request as
fast as its hundredth. Nothing here opens a database or cache connection,
which a forked worker must not share with its parent.
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import engines
from django.urls import get_resolver

from .page_cache import code_version


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for alias in settings.CACHES:
        client = getattr(caches[alias], "_cache", None)  # imports the Redis client, unconnected
        del client
    templates = Path(settings.BASE_DIR, "templates")
    for path in templates.rglob("*.html"):
        engines["django"].get_template(path.relative_to(templates).as_posix())
    code_version()
