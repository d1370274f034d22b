"""Pages go live, expire and close on time, and readers see it without anyone clicking.

The clock is moved with time-machine; the page cache is on, as in production,
so these tests also prove that no reader is served a page from before the change.
"""

import datetime
import io
import logging
import threading

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError
from django.test import TestCase
from django.utils import timezone

from core import scheduling
from newsroom.models import NewsPage

from .admin_forms import article_data, edit_url
from .factories import AnnouncementPageFactory, NewsPageFactory, SponsoredLinkPageFactory

NOW = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock_and_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
    cache.clear()


def later(**delta):
    return NOW + datetime.timedelta(**delta)


def publish_scheduled():
    """The command, with what waits for its commits (the page cache's invalidation) run."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("publish_scheduled", stdout=io.StringIO())


def text(response, selector="main"):
    found = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return " ".join(found.get_text(" ").split()) if found else ""


def test_an_article_scheduled_in_the_admin_goes_live_on_time(
    admin_client, client, home, news_section, clock_and_cache
):
    article = NewsPageFactory(parent=news_section, title="Bản nháp", slug="hoi-nghi", publish=False)
    go_live = timezone.localtime(later(hours=2))
    data = article_data("Hội nghị Ban chấp hành lần thứ 9", slug="hoi-nghi")
    data["go_live_at"] = go_live.strftime("%Y-%m-%d %H:%M")
    assert admin_client.post(edit_url(article), data).status_code == 302

    article.refresh_from_db()
    assert not article.live
    assert article.scheduled_revision is not None
    assert client.get("/tin-tuc/hoi-nghi/").status_code == 404
    assert "Hội nghị Ban chấp hành" not in text(client.get("/tin-tuc/"))

    clock_and_cache.move_to(later(hours=1, minutes=59))
    publish_scheduled()
    assert client.get("/tin-tuc/hoi-nghi/").status_code == 404

    clock_and_cache.move_to(later(hours=2, minutes=1))
    publish_scheduled()
    assert client.get("/tin-tuc/hoi-nghi/").status_code == 200
    assert "Hội nghị Ban chấp hành lần thứ 9" in text(client.get("/tin-tuc/"))
    assert "Hội nghị Ban chấp hành lần thứ 9" in text(client.get("/"))


def test_an_article_expires_on_time(client, news_section, clock_and_cache):
    article = NewsPageFactory(parent=news_section, title="Tin có hạn", slug="tin-co-han")
    article.expire_at = later(days=1)
    article.save_revision().publish()
    assert client.get("/tin-tuc/tin-co-han/").status_code == 200
    assert "Tin có hạn" in text(client.get("/tin-tuc/"))

    clock_and_cache.move_to(later(days=1, minutes=1))
    publish_scheduled()
    article = NewsPage.objects.get(pk=article.pk)
    assert not article.live and article.expired
    assert client.get("/tin-tuc/tin-co-han/").status_code == 404
    assert "Tin có hạn" not in text(client.get("/tin-tuc/"))


def test_an_announcement_past_its_deadline_stays_readable_but_leaves_the_open_list(
    client, home, announcement_section, clock_and_cache
):
    AnnouncementPageFactory(
        parent=announcement_section,
        title="Tuyển chuyên gia giám sát",
        slug="tuyen-chuyen-gia",
        deadline=later(days=2),
    )
    open_list = text(client.get("/"), ".announcements-box")
    assert "Tuyển chuyên gia giám sát" in open_list
    assert "Còn 2 ngày" in open_list

    clock_and_cache.move_to(later(days=2, minutes=1))
    assert "Tuyển chuyên gia giám sát" not in text(client.get("/"), ".announcements-box")
    page = client.get("/thong-bao/tuyen-chuyen-gia/")
    assert page.status_code == 200
    assert "Đã hết hạn" in text(page)


def test_a_partner_link_outside_its_window_disappears_without_anyone_acting(
    client, home, link_section, clock_and_cache
):
    SponsoredLinkPageFactory(
        parent=link_section,
        partner_name="Quỹ hỗ trợ sáng tạo",
        slug="quy-ho-tro",
        starts_at=later(hours=1),
        ends_at=later(days=3),
    )
    assert "Quỹ hỗ trợ sáng tạo" not in client.get("/").content.decode()
    assert client.get("/lien-ket/quy-ho-tro/").status_code == 404

    clock_and_cache.move_to(later(hours=1, seconds=1))
    assert "Quỹ hỗ trợ sáng tạo" in client.get("/").content.decode()
    assert client.get("/lien-ket/quy-ho-tro/").status_code == 302

    clock_and_cache.move_to(later(days=3, seconds=1))
    assert "Quỹ hỗ trợ sáng tạo" not in client.get("/").content.decode()
    assert client.get("/lien-ket/quy-ho-tro/").status_code == 404


def test_publish_scheduled_says_what_it_published_and_unpublished(news_section, clock_and_cache):
    expiring = NewsPageFactory(parent=news_section, title="Tin hết hạn", slug="het-han")
    expiring.expire_at = later(hours=1)
    expiring.save_revision().publish()
    draft = NewsPageFactory(parent=news_section, title="Tin hẹn giờ", slug="hen-gio", publish=False)
    draft.go_live_at = later(hours=1)
    draft.save_revision(approved_go_live_at=later(hours=1))

    clock_and_cache.move_to(later(hours=2))
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    lines = output.getvalue().splitlines()
    assert any(line.startswith("Unpublished") and "'Tin hết hạn'" in line for line in lines)
    assert any(line.startswith("Published") and "'Tin hẹn giờ'" in line for line in lines)
    assert lines[-1] == "2 scheduled change(s) made."
    quiet = io.StringIO()
    call_command("publish_scheduled", stdout=quiet)
    assert quiet.getvalue() == "", "nothing to do, nothing said"


def test_the_scheduler_keeps_going_when_a_job_fails(monkeypatch, caplog):
    calls = []
    stop = threading.Event()

    def flaky():
        calls.append(len(calls))
        if len(calls) == 1:
            raise OperationalError("connection refused")
        if len(calls) == 3:
            stop.set()

    monkeypatch.setattr(scheduling, "_jobs", {})
    scheduling.register("flaky", 0, flaky)
    with caplog.at_level(logging.WARNING, logger="core.scheduling"):
        thread = threading.Thread(target=scheduling.run, args=(stop,), kwargs={"tick": 0.01})
        thread.start()
        thread.join(10)
    assert not thread.is_alive(), "the loop stops when asked"
    assert calls == [0, 1, 2]
    assert [record.getMessage() for record in caplog.records] == [
        "Scheduled job flaky failed: connection refused"
    ]
