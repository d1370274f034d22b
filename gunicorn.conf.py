"""gunicorn settings for production, read from the environment.

Run: gunicorn --config gunicorn.conf.py site_project.wsgi:application

gunicorn must sit behind a buffering proxy (docker-compose.yml's nginx): its
sync workers give a client their whole attention until the request is read,
so two slow clients would hold two workers (docs/deploy.md, "Behind a proxy").
"""

import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak can never take the site down.
# A replacement must cost nothing: the application is loaded once, in the
# master, before the workers are forked from it (site_project.wsgi also warms
# it up there), and a leaving worker exits at once (worker_exit below). So a
# worker replaced under load, or every worker at once, is answering again
# within milliseconds instead of the seconds that loading Django takes.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Which worker served a request (%(p)s), whether from the page cache, and in how long.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    "%(p)s cache=%({x-page-cache}o)s %(M)sms"
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No runtime control socket (gunicornc): nothing uses it, and it is one more way in.
control_socket_disable = True


def worker_exit(server, worker):
    """Leave without tearing the interpreter down.

    Python's own shutdown frees every object of Django and Wagtail one by one:
    measured, 1.3 seconds of CPU per worker, during which the worker's slot
    stays empty (gunicorn forks the replacement only once the process is
    gone). Connections are closed and logs flushed first; the exit status
    gunicorn expects is kept.
    """
    import logging

    from django.db import connections

    error = sys.exc_info()[1]
    code = error.code if isinstance(error, SystemExit) else 1
    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1)


def _without_server_banner():
    """Answer without a Server header: it only tells attackers what to look for."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers

    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    wsgi.Response.default_headers = headers


_without_server_banner()
