"""Rendered pages for anonymous readers come from the cache, and never go stale."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.utils import timezone

from core import page_cache
from core.models import SiteSettings

from .factories import (
    AnnouncementIndexPageFactory,
    AnnouncementPageFactory,
    NewsPageFactory,
    SponsoredLinkPageFactory,
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def cached(response):
    return response.get("X-Page-Cache")


def test_a_second_reader_gets_the_page_from_the_cache(
    client, news_section, django_assert_num_queries
):
    article = NewsPageFactory(parent=news_section, title="Tin đầu tiên")
    assert cached(client.get(article.url)) == "miss"
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert cached(response) == "hit"
    assert "Tin đầu tiên" in response.content.decode()


def test_a_publish_shows_at_once(client, news_section, committed):
    article = NewsPageFactory(parent=news_section, title="Bản cũ")
    client.get(news_section.url)
    client.get(article.url)
    article.title = "Bản mới"
    with committed():
        article.save_revision().publish()
    for url in (article.url, news_section.url):
        response = client.get(url)
        assert cached(response) == "miss"
        assert "Bản mới" in response.content.decode()


@pytest.mark.parametrize("change", ["unpublish", "delete", "move"])
def test_unpublish_delete_and_move_show_at_once(client, home, news_section, change, committed):
    from .factories import NewsIndexPageFactory

    article = NewsPageFactory(parent=news_section, title="Tin sẽ đổi")
    other = NewsIndexPageFactory(parent=home, title="Chuyên mục khác", slug="khac")
    assert "Tin sẽ đổi" in client.get(news_section.url).content.decode()
    with committed():
        if change == "unpublish":
            article.unpublish()
        elif change == "delete":
            article.delete()
        else:
            article.move(other, pos="last-child")
    assert "Tin sẽ đổi" not in client.get(news_section.url).content.decode()


def test_partner_links_and_site_settings_show_at_once(client, home, link_section, committed):
    client.get("/")
    with committed():
        SponsoredLinkPageFactory(parent=link_section, partner_name="Đối tác mới")
    assert "Đối tác mới" in client.get("/").content.decode()
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.address = "Số 1 đường Nguyễn Trãi"
    with committed():
        site_settings.save()
    assert "Số 1 đường Nguyễn Trãi" in client.get("/").content.decode()


def test_editors_never_read_nor_fill_the_cache(editor_client, news_section):
    from django.test import Client

    client = Client()  # a reader, without the editor's session
    article = NewsPageFactory(parent=news_section)
    editor_view = editor_client.get(article.url)
    assert cached(editor_view) is None
    assert cached(editor_client.get(article.url)) is None
    reader_view = client.get(article.url)
    assert cached(reader_view) == "miss"
    assert "wagtail-userbar" not in reader_view.content.decode()
    assert cached(editor_client.get(article.url)) is None


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v2/pages/", "/search/?q=hoi", "/healthz"])
def test_admin_api_search_and_health_are_not_cached(client, home, path):
    client.get(path)
    assert cached(client.get(path)) is None


def test_a_page_lives_only_until_the_next_partner_window_or_deadline(settings, home, link_section):
    settings.PAGE_CACHE_SECONDS = 300
    noon = timezone.make_aware(datetime.datetime(2026, 12, 2, 12, 0, 0))
    assert page_cache.seconds_until_next_change(noon) == 300
    AnnouncementPageFactory(
        parent=AnnouncementIndexPageFactory(parent=home),
        deadline=noon + datetime.timedelta(seconds=90),
    )
    assert page_cache.seconds_until_next_change(noon) == 90
    SponsoredLinkPageFactory(parent=link_section, ends_at=noon + datetime.timedelta(seconds=40))
    assert page_cache.seconds_until_next_change(noon) == 40
    SponsoredLinkPageFactory(parent=link_section, starts_at=noon + datetime.timedelta(seconds=10))
    assert page_cache.seconds_until_next_change(noon) == 10
    # A draft's window changes nothing readers see.
    draft = SponsoredLinkPageFactory(
        parent=link_section, starts_at=noon + datetime.timedelta(seconds=3)
    )
    draft.unpublish()
    assert page_cache.seconds_until_next_change(noon) == 10


def test_a_page_rendered_before_midnight_lives_until_midnight(settings, home):
    settings.PAGE_CACHE_SECONDS = 300
    late = timezone.make_aware(datetime.datetime(2026, 12, 2, 23, 59, 0))
    assert page_cache.seconds_until_next_change(late) == 60


def test_pages_setting_cookies_are_not_cached(client, news_section):
    from wagtail.models import PageViewRestriction

    article = NewsPageFactory(parent=news_section)
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    client.get(article.url)
    assert cached(client.get(article.url)) is None


class PurgeRecorder:
    """A caching proxy on 127.0.0.1 that records the PURGE requests it is sent."""

    def __init__(self):
        import http.server
        import threading

        purged = self.purged = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the HTTP method's name
                purged.append(f"{self.headers['Host']}{self.path}")
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self):
        urls, self.purged[:] = set(self.purged), []
        return urls


@pytest.fixture
def cdn(settings):
    recorder = PurgeRecorder()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": recorder.url,
        }
    }
    yield recorder
    recorder.server.shutdown()
    recorder.server.server_close()


def test_a_publish_purges_the_page_its_section_the_home_page_and_feeds_from_the_cdn(
    cdn, news_section, committed
):
    article = NewsPageFactory(parent=news_section, slug="tin-moi")
    cdn.take()
    with committed():
        article.save_revision().publish()
        assert cdn.take() == set(), "nothing is purged before the commit"
    assert cdn.take() == {
        "localhost/tin-tuc/tin-moi/",
        "localhost/tin-tuc/",
        "localhost/tin-tuc/feed/",
        "localhost/",
        "localhost/feed/",
    }
    with committed():
        article.unpublish()
    assert "localhost/tin-tuc/tin-moi/" in cdn.take()


def test_partner_links_and_settings_purge_the_home_page_and_sections_from_the_cdn(
    cdn, home, news_section, link_section, committed
):
    link = SponsoredLinkPageFactory(parent=link_section)
    cdn.take()
    with committed():
        link.save_revision().publish()
    purged = cdn.take()
    assert {"localhost/", "localhost/tin-tuc/", "localhost/tin-tuc/feed/"} <= purged
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.address = "Số 2 đường Trần Phú"
    with committed():
        site_settings.save()
    assert {"localhost/", "localhost/tin-tuc/"} <= cdn.take()


def test_without_a_cdn_nothing_is_purged(cdn, settings, news_section, committed):
    with committed():
        NewsPageFactory(parent=news_section).save_revision().publish()
    assert cdn.take(), "the recorder hears purges while it is the configured CDN"
    settings.WAGTAILFRONTENDCACHE = {}
    with committed():
        NewsPageFactory(parent=news_section).save_revision().publish()
    assert cdn.take() == set()


def test_clear_page_cache_forgets_every_page(client, news_section, committed):
    from django.core.management import call_command

    client.get(news_section.url)
    assert cached(client.get(news_section.url)) == "hit"
    with committed():
        call_command("clear_page_cache", stdout=io.StringIO())
    assert cached(client.get(news_section.url)) == "miss"


def test_a_new_release_never_serves_the_html_of_the_previous_one(client, news_section, monkeypatch):
    client.get(news_section.url)
    assert cached(client.get(news_section.url)) == "hit"
    monkeypatch.setattr(page_cache, "code_version", lambda: "next-release")
    assert cached(client.get(news_section.url)) == "miss"


def test_the_code_version_follows_the_templates(settings, tmp_path):
    (tmp_path / "page.html").write_text("một")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    page_cache.code_version.cache_clear()
    first = page_cache.code_version()
    (tmp_path / "page.html").write_text("hai")
    page_cache.code_version.cache_clear()
    assert page_cache.code_version() != first
    page_cache.code_version.cache_clear()


def test_a_change_reaches_the_cache_only_once_it_is_committed(client, news_section, committed):
    article = NewsPageFactory(parent=news_section, title="Bản cũ")
    client.get(article.url)
    with committed():
        article.title = "Bản mới"
        article.save_revision().publish()
        # Not committed yet: a reader now would still be given the old page,
        # and what a reader rendered now would be stored for the old generation.
        response = client.get(article.url)
        assert cached(response) == "hit"
        assert "Bản cũ" in response.content.decode()
    response = client.get(article.url)
    assert cached(response) == "miss"
    assert "Bản mới" in response.content.decode()


def test_a_rolled_back_change_leaves_the_cache_alone(client, news_section):
    from django.db import transaction

    from core.models import CacheInvalidation

    article = NewsPageFactory(parent=news_section, title="Bản cũ")
    client.get(article.url)
    before = CacheInvalidation.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.save_revision().publish()
        raise RuntimeError("the change fails")
    assert CacheInvalidation.objects.count() == before
    assert cached(client.get(article.url)) == "hit"


def test_an_invalidation_the_cache_missed_is_applied_when_it_returns(
    client, news_section, committed, monkeypatch
):
    from core.models import CacheInvalidation

    article = NewsPageFactory(parent=news_section, title="Tin sẽ gỡ")
    CacheInvalidation.objects.all().delete()  # the factory's own, never committed
    client.get(article.url)
    # The cache takes nothing: Redis is away while the page is unpublished.
    monkeypatch.setattr(page_cache, "cache_available", lambda: False)
    with committed():
        article.unpublish()
    assert CacheInvalidation.objects.count() == 1
    monkeypatch.undo()
    page_cache.apply_after_outage()
    assert not CacheInvalidation.objects.exists()
    assert client.get(article.url).status_code == 404


def test_after_an_outage_without_the_database_every_page_is_forgotten(
    client, news_section, monkeypatch
):
    from django.db import OperationalError

    client.get(news_section.url)

    def database_away():
        raise OperationalError("connection refused")

    monkeypatch.setattr(page_cache, "apply_pending_invalidations", database_away)
    page_cache.apply_after_outage()
    assert cached(client.get(news_section.url)) == "miss"


def test_a_cached_page_expires_after_the_answer_not_before_it(client, news_section):
    import email.utils
    import re

    import time_machine

    client.get(news_section.url)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=200), tick=False):
        response = client.get(news_section.url)
        assert cached(response) == "hit"
        expires = email.utils.parsedate_to_datetime(response["Expires"])
        max_age = int(re.fullmatch(r"max-age=(\d+)", response["Cache-Control"]).group(1))
        assert 0 < max_age <= 60
        # The cached copy is kept at most PAGE_CACHE_SECONDS (300): 100 s are left of it.
        assert abs((expires - timezone.now()).total_seconds() - max_age) <= 1
