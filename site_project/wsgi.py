"""WSGI entry point; gunicorn loads `site_project.wsgi:application`.

The application is warmed up as it loads: with gunicorn's ``preload_app``
that happens once, in the master, and every worker forked from it starts warm.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.production")

application = get_wsgi_application()

from core.warmup import warm_up  # noqa: E402 - needs the application loaded

warm_up()
