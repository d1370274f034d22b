"""The page editor in a real browser: the slug follows a Vietnamese title, previews show drafts."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from newsroom.models import NewsPage

from .factories import NewsIndexPageFactory, NewsPageFactory

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
    # The title fills the slug a moment later; type over it only once it has.
    expect(slug).to_have_value("tin-moi")
    slug.fill("Chè Shan tuyết Hà Giang")
    slug.blur()
    expect(slug).to_have_value("che-shan-tuyet-ha-giang")
    assert not NewsPage.objects.exists()


def test_the_preview_panel_shows_the_draft_at_phone_and_desktop_widths(
    logged_in_page, live_server, live_home
):
    page = logged_in_page
    section = NewsIndexPageFactory(parent=live_home, slug="tin-tuc")
    article = NewsPageFactory(parent=section, title="Hội thảo chè Shan tuyết", slug="hoi-thao")
    open_editor(page, f"{live_server.url}/admin/pages/{article.pk}/edit/")
    page.locator("#id_title").fill("Hội thảo chè Shan tuyết (sửa)")

    page.get_by_role("button", name="Ẩn/hiện xem trước").click()

    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("main h1")).to_have_text("Hội thảo chè Shan tuyết (sửa)")
    expect(preview.locator(".site-header")).to_be_visible()
    panel = page.locator("[data-controller='w-preview']")
    page.get_by_label("Xem trước ở kích thước điện thoại").check(force=True)
    expect(panel).to_have_attribute("style", re.compile(r"--preview-device-width:\s*375"))
    page.get_by_label("Xem trước ở kích thước máy tính để bàn").check(force=True)
    expect(panel).to_have_attribute("style", re.compile(r"--preview-device-width:\s*1280"))
    # Nothing was saved by previewing.
    article.refresh_from_db()
    assert article.title == "Hội thảo chè Shan tuyết"
