"""The layout every page shares: landmarks, navigation, footer, partner links."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.models import SiteSettings

from .factories import SponsoredLinkPageFactory, StandardPageFactory


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_landmarks_language_and_skip_link(client, home):
    html = soup(client.get("/"))
    assert html.html["lang"] == "vi"
    skip = html.select_one("a.skip-link")
    assert skip["href"] == "#main"
    assert html.select_one("main#main")
    assert html.select_one("header.site-header")
    assert html.select_one("nav.site-nav[aria-label]")
    assert html.select_one("footer.site-footer")
    assert html.select_one('form[role="search"] input[name="q"]')
    assert len(html.find_all("h1")) == 1


def test_navigation_follows_the_page_tree(client, home, news_section, announcement_section):
    StandardPageFactory(parent=home, title="Giới thiệu", show_in_menus=True)
    StandardPageFactory(parent=home, title="Trang ẩn khỏi menu", show_in_menus=False)
    StandardPageFactory(parent=home, title="Bản nháp", show_in_menus=True, publish=False)
    private = StandardPageFactory(parent=home, title="Nội bộ", show_in_menus=True)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    nav = soup(client.get(news_section.url)).select_one("nav.site-nav")
    labels = [link.get_text(strip=True) for link in nav.find_all("a")]
    assert labels == ["Trang chủ", "Tin tức – Sự kiện", "Thông báo", "Giới thiệu"]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Tin tức – Sự kiện"


def test_footer_shows_the_contact_details_editors_set(client, home):
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.organisation_name = "Liên hiệp các Hội KH&KT tỉnh Hà Giang"
    site_settings.address = "Tổ 10, phường Nguyễn Trãi"
    site_settings.phone = "0219 3860 000"
    site_settings.email = "lienhe@lienhiephoi.example.vn"
    site_settings.save()
    footer = soup(client.get("/")).select_one("footer")
    text = footer.get_text(" ", strip=True)
    assert "Tổ 10, phường Nguyễn Trãi" in text
    assert footer.find("a", href="tel:02193860000")
    assert footer.find("a", href="mailto:lienhe@lienhiephoi.example.vn")


@pytest.mark.parametrize(
    ("placement", "selector"),
    [("banner", ".partner-banner"), ("sidebar", ".sidebar"), ("footer", ".footer-partners")],
)
def test_partner_links_appear_in_their_placement(client, link_section, placement, selector):
    SponsoredLinkPageFactory(parent=link_section, partner_name="Đối tác A", placement=placement)
    html = soup(client.get("/"))
    region = html.select_one(selector)
    assert region is not None
    link = region.select_one("a.partner-link")
    assert "Đối tác A" in link.get_text()
    assert link["rel"] == ["sponsored", "noopener"]
    assert link["href"].startswith("/lien-ket/")


def test_inactive_draft_and_private_partner_links_are_never_rendered(client, link_section):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    SponsoredLinkPageFactory(parent=link_section, partner_name="Hiển thị")
    SponsoredLinkPageFactory(parent=link_section, partner_name="Hết hạn", ends_at=now - day)
    SponsoredLinkPageFactory(parent=link_section, partner_name="Chưa tới", starts_at=now + day)
    SponsoredLinkPageFactory(parent=link_section, partner_name="Nháp", publish=False)
    for path in ("/", link_section.url):
        text = soup(client.get(path)).get_text()
        assert "Hiển thị" in text
        for hidden in ("Hết hạn", "Chưa tới", "Nháp"):
            assert hidden not in text, (path, hidden)


def test_static_files_are_local(client, home):
    html = soup(client.get("/"))
    for tag in html.find_all(["link", "script", "img"]):
        url = tag.get("href") or tag.get("src") or ""
        if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
            continue
        assert not url.startswith(("http://", "https://", "//")), url
