"""Partner links: only http(s) targets, shown only inside their display window."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from newsroom.models import SponsoredLinkPage

from .factories import SponsoredLinkIndexPageFactory, SponsoredLinkPageFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


@pytest.mark.parametrize(
    ("starts", "ends", "active"),
    [
        (None, None, True),
        (-1, None, True),
        (None, 1, True),
        (-1, 1, True),
        (1, None, False),  # not started yet
        (None, -1, False),  # ended
        (-30, -1, False),
        (1, 30, False),
    ],
)
def test_a_link_is_active_only_inside_its_window(link_section, now, starts, ends, active):
    link = SponsoredLinkPageFactory(
        parent=link_section,
        starts_at=None if starts is None else now + starts * DAY,
        ends_at=None if ends is None else now + ends * DAY,
    )
    assert link.is_active is active
    assert SponsoredLinkPage.objects.active().filter(pk=link.pk).exists() is active


def test_the_window_end_is_exclusive(link_section, now):
    link = SponsoredLinkPageFactory(parent=link_section, ends_at=now)
    assert not link.is_active_at(now)
    assert link.is_active_at(now - datetime.timedelta(seconds=1))


@pytest.mark.parametrize("url", ["https://vusta.vn/", "http://sokhcn.hagiang.gov.vn/lien-he"])
def test_http_and_https_targets_are_accepted(link_section, url):
    link = SponsoredLinkPageFactory.build(target_url=url)
    link_section.add_child(instance=link)
    assert SponsoredLinkPage.objects.get(pk=link.pk).target_url == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://vusta.vn/file",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vusta.vn",
    ],
)
def test_other_targets_are_rejected(link_section, url):
    link = SponsoredLinkPageFactory.build(target_url=url)
    with pytest.raises(ValidationError) as error:
        link_section.add_child(instance=link)
    assert "target_url" in error.value.message_dict
    assert not SponsoredLinkPage.objects.exists()


def test_window_must_end_after_it_starts(link_section, now):
    link = SponsoredLinkPageFactory.build(starts_at=now, ends_at=now - DAY)
    with pytest.raises(ValidationError) as error:
        link_section.add_child(instance=link)
    assert "ends_at" in error.value.message_dict


def test_an_active_link_sends_the_reader_to_the_partner(client, link_section):
    link = SponsoredLinkPageFactory(parent=link_section, target_url="https://vusta.vn/")
    response = client.get(link.url)
    assert response.status_code == 302
    assert response["Location"] == "https://vusta.vn/"


def test_an_inactive_link_leads_nowhere(client, link_section, now):
    link = SponsoredLinkPageFactory(parent=link_section, ends_at=now - DAY)
    assert client.get(link.url).status_code == 404


def test_the_partner_list_shows_only_active_live_links(client, link_section, now):
    SponsoredLinkPageFactory(parent=link_section, partner_name="Đang hiển thị")
    SponsoredLinkPageFactory(parent=link_section, partner_name="Đã hết hạn", ends_at=now - DAY)
    SponsoredLinkPageFactory(parent=link_section, partner_name="Sắp hiển thị", starts_at=now + DAY)
    SponsoredLinkPageFactory(parent=link_section, partner_name="Bản nháp", publish=False)
    html = client.get(link_section.url).content.decode()
    assert "Đang hiển thị" in html
    for hidden in ("Đã hết hạn", "Sắp hiển thị", "Bản nháp"):
        assert hidden not in html
    assert 'rel="sponsored noopener"' in html


def clicks(link):
    from newsroom.models import SponsoredLinkClicks

    stats = SponsoredLinkClicks.objects.filter(link=link).first()
    return stats.count if stats else 0


def test_every_visit_of_an_active_link_is_counted(reader, link_section):
    link = SponsoredLinkPageFactory(parent=link_section)
    for _ in range(3):
        assert reader.get(link.url).status_code == 302
    assert clicks(link) == 3


@pytest.mark.parametrize(
    ("what", "method", "headers"),
    [
        ("a HEAD request", "head", {}),
        ("a prefetch", "get", {"HTTP_SEC_PURPOSE": "prefetch"}),
        ("a prerender", "get", {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
        ("an old-style prefetch", "get", {"HTTP_PURPOSE": "prefetch"}),
        ("Firefox's prefetch", "get", {"HTTP_X_MOZ": "prefetch"}),
        ("a fetch() from a page", "get", {"HTTP_SEC_FETCH_MODE": "cors"}),
        ("an image request", "get", {"HTTP_SEC_FETCH_DEST": "image"}),
        ("Facebook's link preview", "get",
         {"HTTP_USER_AGENT": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit)"}),
        ("Googlebot", "get", {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"}),
        ("Zalo's link preview", "get",
         {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; ZaloBot/1.0)"}),
        ("Lighthouse", "get", {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome-Lighthouse"}),
        ("curl", "get", {"HTTP_USER_AGENT": "curl/8.5.0"}),
        ("no user agent", "get", {"HTTP_USER_AGENT": ""}),
    ],
)  # fmt: skip
def test_only_people_following_the_link_are_counted(reader, link_section, what, method, headers):
    link = SponsoredLinkPageFactory(parent=link_section, target_url="https://vusta.vn/")
    response = getattr(reader, method)(link.url, **headers)
    assert response.status_code == 302, "sent to the partner all the same"
    assert clicks(link) == 0, what


def test_an_inactive_link_counts_nothing(reader, link_section, now):
    link = SponsoredLinkPageFactory(parent=link_section, ends_at=now - DAY)
    reader.get(link.url)
    assert clicks(link) == 0


def test_publishing_a_new_revision_keeps_the_count(reader, link_section):
    link = SponsoredLinkPageFactory(parent=link_section)
    reader.get(link.url)
    reader.get(link.url)
    link.partner_name = "Tên mới"
    link.save_revision().publish()
    assert clicks(link) == 2
    reader.get(link.url)
    assert clicks(link) == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time: no race"
)
def test_clicks_at_the_same_moment_all_count(transactional_db, live_home):
    """Readers clicking together, each in a worker of their own, add up: the first click
    of all creates the row once, and each click adds one in the database (F() + 1), where
    reading the count and writing it back would lose some."""
    from newsroom.models import SponsoredLinkClicks

    link = SponsoredLinkPageFactory(parent=SponsoredLinkIndexPageFactory(parent=live_home))
    workers, clicks_each = 8, 25
    start = threading.Barrier(workers)

    def click():
        start.wait()
        try:
            for _ in range(clicks_each):
                SponsoredLinkClicks.record(link.pk)
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(click) for _ in range(workers)]:
            future.result()
    assert SponsoredLinkClicks.objects.get(link=link).count == workers * clicks_each


def test_editors_see_the_count_in_the_admin(admin_client, reader, link_section):
    from django.urls import reverse

    link = SponsoredLinkPageFactory(parent=link_section)
    for _ in range(4):
        reader.get(link.url)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[link.pk])).content.decode()
    assert "4 lượt nhấp" in html
