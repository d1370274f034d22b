"""The reader's site in Chromium: phone and desktop widths, accessibility, sharing, print."""

import pytest
from playwright.sync_api import expect

from newsroom.models import NewsIndexPage, NewsPage

from .conftest import local_context

pytestmark = pytest.mark.browser

SEED_TITLE = "Liên hiệp Hội Hà Giang tổ chức Hội thảo"


def reader_pages():
    section = NewsIndexPage.objects.get(slug="tin-tuc")
    article = NewsPage.objects.get(title__startswith=SEED_TITLE)
    return {"home": "/", "section": section.url, "article": article.url}


def axe_violations(page, axe_script):
    page.add_script_tag(path=str(axe_script))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_pages_fit_the_screen_and_pass_axe(
    browser, live_server, live_demo, axe_script, artifacts_dir, width
):
    context, refused = local_context(
        browser, live_server, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    for name, path in reader_pages().items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        scroll_width, view_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        page.screenshot(path=str(artifacts_dir / f"{name}-{width}.png"), full_page=True)
        assert scroll_width <= view_width, f"{name} scrolls sideways at {width}px"
        assert axe_violations(page, axe_script) == [], name
    context.close()
    # Pages load nothing from other hosts; only the article's embedded video would.
    assert all("youtube-nocookie.com/embed/" in url for url in refused), refused


def test_copy_link_zalo_and_print(browser, live_server, live_demo):
    context, _ = local_context(browser, live_server, viewport={"width": 390, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    context.add_init_script(
        "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
    )
    page = context.new_page()
    page.goto(live_server.url + reader_pages()["article"])
    share = page.locator(".share")
    status = share.locator('[role="status"]')
    copy = share.get_by_role("button", name="Sao chép liên kết")
    share_url = copy.get_attribute("data-copy-link")
    assert share_url.endswith(reader_pages()["article"])

    copy.click()
    expect(status).to_have_text("Đã sao chép liên kết.")
    assert page.evaluate("navigator.clipboard.readText()") == share_url

    page.evaluate("navigator.clipboard.writeText('')")
    share.get_by_role("button", name="Zalo").click()
    expect(status).to_have_text("Đã sao chép liên kết: hãy dán vào Zalo để chia sẻ.")
    assert page.evaluate("navigator.clipboard.readText()") == share_url

    share.get_by_role("button", name="In bài").click()
    assert page.evaluate("window.__printed") == 1

    page.emulate_media(media="print")
    for hidden in (".site-nav", ".share", ".related", ".search-form"):
        assert page.locator(hidden).first.evaluate("e => getComputedStyle(e).display") == "none"
    expect(page.locator("article h1")).to_be_visible()
    context.close()


def test_without_javascript_the_share_links_still_work(browser, live_server, live_demo):
    context, _ = local_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reader_pages()["article"])
    expect(page.locator("a.share-facebook")).to_be_visible()
    expect(page.get_by_role("button", name="In bài")).to_be_hidden()
    context.close()
