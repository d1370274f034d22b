"""Settings shared by every environment.

Everything that differs between machines comes from environment variables;
`dev.py`, `test.py` and `production.py` add what only their environment needs.
"""

import datetime
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    """Read a comma-separated environment variable as a list of strings."""
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def origin_of(url):
    """``https://host:port`` of a URL, for a CSP source."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from error


INSTALLED_APPS = [
    "core",
    "home",
    "newsroom",
    "search",
    "webhooks",
    "wagtail.api.v2",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.redirects",
    # Not "wagtail.contrib.frontend_cache": its signal handlers purge the CDN
    # before the change is committed. core.page_cache purges after the commit,
    # with Wagtail's own purging functions.
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "csp",
    "axes",
    # Its catalogue gives the admin's relative times in Vietnamese ("3 phút trước").
    "django.contrib.humanize",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL or other control character in the address: a 400 before anything reads it.
    "core.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside ConditionalGetMiddleware: the ETag is computed on the JSON itself.
    "api.compression.APICompressionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.csp.SiteCSPMiddleware",
    # ETags on every page and API answer; If-None-Match gets a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and authentication: a cached page needs neither.
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Locks out repeated failed logins; last but for a pass-through, as django-axes asks.
    "axes.middleware.AxesMiddleware",
    # A change in the admin and what it writes alongside commit together. Only
    # process_view, which must come after every other middleware's.
    "core.transactions.AdminChangesAtomicMiddleware",
]

ROOT_URLCONF = "site_project.urls"
WSGI_APPLICATION = "site_project.wsgi.application"
ADMIN_URL_PREFIX = "/admin/"  # followed by the page cache, CSP and admin transactions

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite when DATABASE_URL is unset (the demo and local work), PostgreSQL in
# production and CI, e.g. postgres://user:password@127.0.0.1:5432/newsroom.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared Redis when REDIS_URL is set (e.g. redis://127.0.0.1:6379/0), memory otherwise
# (production without Redis: files, see production.py). The site keeps serving,
# uncached, while Redis is away or hangs (core.cache): each process waits for
# REDIS_TIMEOUT_SECONDS once, then leaves Redis alone until it answers a ping.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered pages for anonymous readers (core.page_cache); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# A CDN or caching proxy in front of the site is told which URLs to forget
# when pages change (core.page_cache, with wagtail.contrib.frontend_cache's backends):
# a Varnish/nginx that accepts PURGE, or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }

# Sessions in the database: they must outlive a Redis restart.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Repeated failed logins to the admin lock the account and address out (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# Behind proxies, the client's address comes from X-Forwarded-For (core.client_ip):
# the number of proxies in front that append to it (1 for docker-compose.yml's nginx).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "admin_lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# E-mail: the approval workflow's notifications and password resets. Sent over
# SMTP when EMAIL_HOST is set (port 587 means STARTTLS, 465 TLS, unless
# EMAIL_USE_TLS / EMAIL_USE_SSL say otherwise); otherwise written to the log,
# so that nothing fails for want of a mail server (`check --deploy` says so).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 10)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Drafts previewed through the API (/api/v2/preview/?token=): how long a token
# lives after the editor's last preview, and the headless front end's preview
# page, if any, with {token} and {api_url} in it.
PREVIEW_TOKEN_SECONDS = env_int("PREVIEW_TOKEN_SECONDS", 20 * 60)
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_ORIGINS = [origin_of(HEADLESS_PREVIEW_URL)] if HEADLESS_PREVIEW_URL else []

# What pages may load, for the site and the admin alike (django-csp). Styles
# may be inline: the admin's editors set style attributes.
CONTENT_SECURITY_POLICY: dict[str, Any] | None = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
            "https://www.facebook.com",
            # The admin's preview panel shows the headless front end's page.
            *HEADLESS_PREVIEW_ORIGINS,
        ],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
if env_bool("CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
    CONTENT_SECURITY_POLICY = None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first: the site, the admin and every date are Vietnamese by default.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The project's own strings first, then our Vietnamese for Django's and
# Wagtail's messages; the packages' catalogues come after both.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Django itself serves uploaded images (core.views.media) unless a web
# server or S3-compatible storage does: SERVE_MEDIA=0 then (docs/deploy.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models exceed Django's default of 1,000 fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "core.logging.DatabaseOutageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["database_outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Wagtail logs every page action and django-tasks every background
        # task at INFO; that drowns the request log.
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": "WARNING"},
    },
}

# How often the scheduler (manage.py run_scheduler) looks for pages to publish or unpublish.
SCHEDULER_PUBLISH_SECONDS = env_int("SCHEDULER_PUBLISH_SECONDS", 30)

# A constant view at /bench/floor/, the baseline of benchmarks/; off unless asked for.
ENABLE_BENCHMARK_VIEWS = env_bool("ENABLE_BENCHMARK_VIEWS")

# --- Wagtail -----------------------------------------------------------------

WAGTAIL_SITE_NAME = os.environ.get(
    "SITE_NAME", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Giang"
)
# Used for absolute URLs in the admin, notification emails and the API.
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# One content language; the admin itself may be switched per user.
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]

# Slugs stay ASCII: core.slugs transliterates Vietnamese titles ("đ" → "d")
# on the server and in the editor's browser.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Wagtail's database backend, folding diacritics.
        "BACKEND": "search.backends.database",
        # No English stemming or stop words ("to" is a Vietnamese word) on PostgreSQL.
        "SEARCH_CONFIG": "simple",
    },
}
# OpenSearch instead, for sites that outgrow the database (docs/deploy.md).
if os.environ.get("OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "search.backends.opensearch",
        "URLS": env_list("OPENSEARCH_URL"),
        "INDEX_PREFIX": os.environ.get("OPENSEARCH_INDEX_PREFIX", "newsroom_"),
        "TIMEOUT": env_int("OPENSEARCH_TIMEOUT", 5),
    }

WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
# How long clients and CDNs may keep an API answer before revalidating it.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60)

# Webhooks (docs/webhooks.md): hosts that may be reached over http or at an
# internal address, seconds before a receiver is given up on, and retries.
WEBHOOK_HTTP_ALLOWED_HOSTS = env_list("WEBHOOK_HTTP_ALLOWED_HOSTS")
# Whether webhooks go through the proxy of HTTPS_PROXY / HTTP_PROXY; off, they
# connect straight to the address that was checked (webhooks.validators).
WEBHOOK_TRUST_ENV_PROXIES = env_bool("WEBHOOK_TRUST_ENV_PROXIES")
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
WEBHOOK_RETRY_MAX_SECONDS = env_int("WEBHOOK_RETRY_MAX_SECONDS", 3600)

# Other websites may read the API (GET only); CORS_ALLOWED_ORIGINS narrows it.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# A browser front end may revalidate and read the ETag; preflight once a day.
CORS_ALLOW_HEADERS = [*default_headers, "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Nothing in the admin should call other hosts on its own.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Only administrators move files into or out of a private collection (core.permissions).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.forms.DocumentForm"

WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000)
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "txt", "csv", "zip",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Every document downloads as an attachment: none is opened inside the site.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
