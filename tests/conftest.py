import functools
import os
import socket
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.models import Page, Site

from newsroom import roles

from . import article_import
from .factories import (
    AnnouncementIndexPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    SponsoredLinkIndexPageFactory,
)


def ensure_wagtail_base():
    """The locale, root collection and root page Wagtail's migrations create.

    Tests against a live server commit their data and the database is flushed
    after them, taking these rows with it; the next test puts them back.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


def make_home():
    """The site's home page, in place of Wagtail's placeholder "Welcome" page."""
    ensure_wagtail_base()
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = site.root_page if site else None
    home = HomePageFactory()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.save()
    if placeholder is not None:
        Page.objects.filter(pk=placeholder.pk).delete()
    return home


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def news_section(home):
    return NewsIndexPageFactory(parent=home, slug="tin-tuc")


@pytest.fixture
def announcement_section(home):
    return AnnouncementIndexPageFactory(parent=home, slug="thong-bao")


@pytest.fixture
def link_section(home):
    return SponsoredLinkIndexPageFactory(parent=home, slug="lien-ket")


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo content, loaded once per test module and rolled back after it.

    Returns what the command printed. Tests use it with the ``db`` fixture.
    """
    import io
    from unittest import mock

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        with mock.patch.dict(os.environ, {"DEMO_ADMIN_PASSWORD": "mat-khau-demo-123"}):
            call_command("load_demo_content", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache: the database's ids are reused from test to test."""
    from django.core.cache import cache

    cache.clear()


# What a reader's browser sends when following a link (core.visitors counts it).
BROWSER = {
    "HTTP_USER_AGENT": (
        "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"
    ),
    "HTTP_SEC_FETCH_MODE": "navigate",
    "HTTP_SEC_FETCH_DEST": "document",
}


@pytest.fixture
def reader():
    """An anonymous reader's phone browser: a client of its own, never signed in."""
    return Client(**BROWSER)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what waits for the commit (invalidation, purges) at its end.

    Tests run inside a transaction that is never committed; this is where the
    change would be.
    """
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("quantri", password="mat-khau-thu")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def editor(home):
    """A newsroom editor: admin access and add/edit/publish rights on the site's pages."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group = Group.objects.create(name="Biên tập thử nghiệm")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=home, permission_type=permission_type)
    user = get_user_model().objects.create_user("bientap", password="mat-khau-thu")
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- browser tests -----------------------------------------------------------
# Playwright drives the machine's Chromium (Debian's package); its own browser
# download is never used. Without Chromium the browser tests are skipped, unless
# REQUIRE_BROWSER is set (CI sets it), in which case they fail.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; the tests' own
# ORM calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def document(client, db):
    """The OpenAPI document the site serves."""
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def schema_for(document):
    registry = Registry().with_resource("urn:api", Resource(document, DRAFT202012))

    def validator(name):
        return Draft202012Validator(
            {"$ref": f"urn:api#/components/schemas/{name}"},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    return validator


def free_port():
    """A port on 127.0.0.1 that nothing listens on, for a server a test starts (or not)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def member(group_name, username, first_name, last_name):
    """A user of one of the newsroom's groups (newsroom.roles), and a client signed in as them."""
    user = get_user_model().objects.create_user(
        username, password="mat-khau-thu", first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def editor_member(db):
    # Vietnamese order: family and middle names first, given name last.
    return member(roles.EDITORS, "bientapvien", "Nguyễn Văn", "An")


@pytest.fixture
def moderator_member(db):
    return member(roles.MODERATORS, "thuky", "Trần Thị", "Bình")


@pytest.fixture
def administrator_member(db):
    return member(roles.ADMINISTRATORS, "quantrivien", "Lê Văn", "Cường")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium package)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_home(transactional_db):
    """The home page for tests against a live server (committed, not rolled back)."""
    return make_home()


AXE_SCRIPT = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def axe_script():
    """axe-core from the npm registry (make test installs it with npm ci)."""
    if not AXE_SCRIPT.exists():
        message = f"axe-core not installed at {AXE_SCRIPT} (run npm ci)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def live_demo(transactional_db):
    """The demo site, committed so that the live server sees it."""
    from home.demo.loader import DemoLoader

    ensure_wagtail_base()
    DemoLoader().run()


def local_context(browser, live_server, **options):
    """A browser context that refuses every request to a host other than the live server.

    Returns the context and the list of URLs it refused.
    """
    context = browser.new_context(**options)
    refused = []

    def handle(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return context, refused


@pytest.fixture(scope="session")
def stack():
    """The production stack (tests/stack.py), shared by the modules marked ``production``.

    Skipped without PostgreSQL's server, redis-server and nginx, unless
    REQUIRE_PRODUCTION_STACK is set (CI).
    """
    from . import stack as production

    if production.MISSING:
        reason = f"needs {', '.join(production.MISSING)} (Debian: postgresql, redis-server, nginx)"
        if os.environ.get("REQUIRE_PRODUCTION_STACK"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    running = production.Stack()
    yield running
    running.close()


@pytest.fixture(scope="session")
def bad_day_seconds():
    """How long a load or fault test lasts: short in CI, as the issue says with BAD_DAY_FULL=1."""
    full = bool(os.environ.get("BAD_DAY_FULL"))

    def seconds(short, full_length):
        return full_length if full else short

    return seconds


@pytest.fixture
def receiver():
    """A webhook receiver on 127.0.0.1 (tests/webhook_receiver.py)."""
    from .webhook_receiver import Receiver

    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def webhook_settings(settings):
    """What the webhook tests run with: loopback allowed, no waiting between attempts."""
    settings.WEBHOOK_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    return settings


@pytest.fixture
def folder(tmp_path):
    """A folder holding only the old site's real export (tests/article_import.py)."""
    return article_import.sample_folder(tmp_path)


@pytest.fixture
def html_folder(tmp_path):
    """The HTML article and its photo, in the sub-folder its <img src> names."""
    return article_import.html_sample_folder(tmp_path)


@pytest.fixture
def mixed_folder(tmp_path):
    """Every sample, good and bad, with the bad files the repository does not hold."""
    return article_import.mixed_sample_folder(tmp_path)
