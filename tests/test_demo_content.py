"""The demo command builds the page tree of the README once, and a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from core.models import SiteSettings
from home.models import HomePage, StandardPage
from newsroom.blocks import BodyBlock
from newsroom.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
)


def load_demo():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def snapshot():
    """Everything a run could create or change."""
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "path", "slug", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "embeds": Embed.objects.count(),
        "users": get_user_model().objects.count(),
        "settings": list(SiteSettings.objects.values()),
        "sites": list(Site.objects.values()),
    }


@pytest.fixture
def demo(demo_module, db):
    return demo_module


def test_the_tree_of_the_design(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.url == "/"
    children = {page.url: type(page) for page in home.get_children().specific()}
    assert children == {
        "/tin-tuc/": NewsIndexPage,
        "/tu-van-phan-bien/": NewsIndexPage,
        "/thong-bao/": AnnouncementIndexPage,
        "/lien-ket/": SponsoredLinkIndexPage,
        "/gioi-thieu/": StandardPage,
    }
    assert NewsIndexPage.objects.get(slug="tin-tuc").title == "Tin tức – Sự kiện"
    assert NewsIndexPage.objects.get(slug="tu-van-phan-bien").title == "Tư vấn – Phản biện"
    assert not Page.objects.filter(title__startswith="Welcome").exists()


def test_news_spread_over_two_sections_with_varied_dates(demo):
    news = NewsPage.objects.live()
    assert news.count() >= 24
    for section in NewsIndexPage.objects.all():
        assert NewsPage.objects.child_of(section).count() >= 5
    assert len(set(news.values_list("date", flat=True))) >= 20
    assert news.filter(featured=True).exists()
    assert all(page.byline and page.lead and page.listing_image_id for page in news)
    assert all(page.tags.exists() for page in news)


def test_the_seed_article_is_there_with_its_real_date(demo, client):
    seed = NewsPage.objects.get(title__startswith="Liên hiệp Hội Hà Giang tổ chức Hội thảo")
    assert seed.byline == "Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang"
    assert seed.date.isoformat() == "2021-01-29"
    assert "Thứ Sáu, 29/01/2021" in client.get(seed.url).content.decode()
    captions = [block.value["caption"] for block in seed.body if block.block_type == "image"]
    assert "Toàn cảnh Hội thảo" in captions


def test_bodies_use_every_block_type(demo):
    used = set()
    for page in NewsPage.objects.all():
        used |= {block.block_type for block in page.body}
    assert used == set(BodyBlock.base_blocks)
    for page in NewsPage.objects.all():
        assert sum(block.block_type == "paragraph" for block in page.body) >= 3


def test_images_have_alt_text_and_captions(demo):
    images = get_image_model().objects.all()
    assert images.count() >= 10
    assert all(image.description for image in images)
    captioned = [
        block.value["caption"]
        for page in NewsPage.objects.all()
        for block in page.body
        if block.block_type == "image"
    ]
    assert captioned and all(captioned)


def test_announcements_with_deadlines_and_a_pdf(demo):
    announcements = list(AnnouncementPage.objects.live())
    assert len(announcements) >= 4
    assert any(page.is_expired for page in announcements)
    assert any(page.deadline and not page.is_expired for page in announcements)
    attachments = [a.document for page in announcements for a in page.attachments.all()]
    assert any(document.file_extension == "pdf" for document in attachments)
    with attachments[0].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_four_partner_links_one_outside_its_window(demo):
    links = list(SponsoredLinkPage.objects.live())
    assert len(links) == 4
    assert sum(not link.is_active for link in links) == 1
    assert {link.placement for link in links} == {"sidebar", "footer", "banner"}
    assert all(link.logo_id for link in links)


def test_an_admin_account_and_how_to_log_in(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("mat-khau-demo-123")
    assert "http://127.0.0.1:8000/admin/" in demo
    assert "mat-khau-demo-123" in demo


def test_every_demo_page_renders(demo, client):
    for page in Page.objects.live().specific().filter(depth__gt=1):
        response = client.get(page.url)
        expected = 302 if isinstance(page, SponsoredLinkPage) and page.is_active else 200
        if isinstance(page, SponsoredLinkPage) and not page.is_active:
            expected = 404
        assert response.status_code == expected, page.url


def test_a_second_run_changes_nothing(demo):
    before = snapshot()
    output = load_demo()
    assert snapshot() == before
    assert "nothing to do" in output
    assert "password unchanged" in output
