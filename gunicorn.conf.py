"""gunicorn settings for production, read from the environment.

Run: gunicorn --config gunicorn.conf.py site_project.wsgi:application
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak can never take the site down;
# the jitter keeps them from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _without_server_banner():
    """Answer without a Server header: it only tells attackers what to look for."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers

    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    wsgi.Response.default_headers = headers


_without_server_banner()
