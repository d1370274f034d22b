"""The page editor in a real browser: the slug follows a Vietnamese title."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from newsroom.models import NewsPage

from .factories import NewsIndexPageFactory

pytestmark = pytest.mark.browser


def open_editor(page, url):
    """Open the page editor once its scripts are connected to the fields."""
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.fixture
def logged_in_page(page, live_server, live_home):
    get_user_model().objects.create_superuser("quantri", password="mat-khau-thu")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", "mat-khau-thu")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hội thảo", "hoi-thao"),
        ("Đảng đoàn", "dang-doan"),
        (
            "Liên hiệp Hội Hà Giang tổ chức Hội thảo Chỉ thị 42-CT/TW",
            "lien-hiep-hoi-ha-giang-to-chuc-hoi-thao-chi-thi-42-ct-tw",
        ),
    ],
)
def test_the_slug_follows_a_vietnamese_title(logged_in_page, live_server, live_home, title, slug):
    page = logged_in_page
    section = NewsIndexPageFactory(parent=live_home, slug="tin-tuc")
    open_editor(page, f"{live_server.url}/admin/pages/add/newsroom/newspage/{section.pk}/")
    page.locator("#id_title").click()
    page.keyboard.type(title)
    page.keyboard.press("Tab")
    expect(page.locator("#id_slug")).to_have_value(slug)


def test_a_slug_typed_in_vietnamese_is_transliterated(logged_in_page, live_server, live_home):
    page = logged_in_page
    section = NewsIndexPageFactory(parent=live_home, slug="tin-tuc")
    open_editor(page, f"{live_server.url}/admin/pages/add/newsroom/newspage/{section.pk}/")
    page.locator("#id_title").fill("Tin mới")
    page.get_by_role("tab", name="Quảng bá").click()
    slug = page.locator("#id_slug")
    slug.fill("Chè Shan tuyết Hà Giang")
    slug.blur()
    expect(slug).to_have_value("che-shan-tuyet-ha-giang")
    assert not NewsPage.objects.exists()
