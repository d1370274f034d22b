"""The home page: featured news, the latest of each section, open announcements."""

import datetime

from bs4 import BeautifulSoup
from django.utils import timezone

from .factories import AnnouncementPageFactory, NewsIndexPageFactory, NewsPageFactory


def home_html(client):
    response = client.get("/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_featured_news_first(client, news_section):
    NewsPageFactory(parent=news_section, title="Tin thường")
    NewsPageFactory(parent=news_section, title="Tin nổi bật", featured=True)
    NewsPageFactory(parent=news_section, title="Tin nổi bật nháp", featured=True, publish=False)
    featured = home_html(client).select_one(".featured")
    titles = [a.get_text() for a in featured.select(".card-title a")]
    assert titles == ["Tin nổi bật"]


def test_latest_news_of_each_section(client, home, news_section):
    other = NewsIndexPageFactory(parent=home, title="Tư vấn – Phản biện", slug="tu-van")
    today = timezone.localdate()
    for day in range(7):
        NewsPageFactory(
            parent=news_section, title=f"Tin {day}", date=today - datetime.timedelta(day)
        )
    NewsPageFactory(parent=other, title="Phản biện dự thảo")
    sections = home_html(client).select(".home-section")
    assert [section.h2.get_text(strip=True) for section in sections] == [
        "Tin tức – Sự kiện",
        "Tư vấn – Phản biện",
    ]
    first = [a.get_text() for a in sections[0].select(".card-title a")]
    assert first == ["Tin 0", "Tin 1", "Tin 2", "Tin 3", "Tin 4"]
    assert [a.get_text() for a in sections[1].select(".card-title a")] == ["Phản biện dự thảo"]


def test_open_announcements_soonest_deadline_first(client, announcement_section):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    AnnouncementPageFactory(parent=announcement_section, title="Hạn xa", deadline=now + 20 * day)
    AnnouncementPageFactory(parent=announcement_section, title="Hạn gần", deadline=now + 2 * day)
    AnnouncementPageFactory(parent=announcement_section, title="Không hạn")
    AnnouncementPageFactory(parent=announcement_section, title="Đã hết hạn", deadline=now - day)
    box = home_html(client).select_one(".announcements-box")
    titles = [a.get_text() for a in box.select("li > a")]
    assert titles == ["Hạn gần", "Hạn xa", "Không hạn"]
    assert "Còn 2 ngày" in box.get_text()
