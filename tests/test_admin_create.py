"""Editors create every page type through the Wagtail admin, as they would by hand."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import StandardPage
from newsroom.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
)

from .admin_forms import add_url, article_data, body
from .factories import DocumentFactory, ImageFactory, NewsPageFactory


def post_page(client, model, parent, data):
    response = client.post(add_url(model, parent), data)
    if response.status_code != 302:
        errors = response.context and response.context["form"].errors
        pytest.fail(f"{model.__name__} not created: {response.status_code} {errors}")
    return model.objects.child_of(parent).get(title=data["title"])


def test_editor_creates_a_news_section_and_an_article(editor_client, home):
    section = post_page(
        editor_client,
        NewsIndexPage,
        home,
        nested_form_data({"title": "Tư vấn – Phản biện", "slug": "", "action-publish": "publish"}),
    )
    assert section.slug == "tu-van-phan-bien"
    assert section.live

    image = ImageFactory()
    document = DocumentFactory()
    related = NewsPageFactory(parent=section, title="Tập huấn phổ biến kiến thức")
    data = article_data(
        "Liên hiệp Hội Hà Giang tổ chức Hội thảo",
        listing_image=image.pk,
        body=body(
            ("paragraph", rich_text("<p>Ngày 29/01/2021, Liên hiệp Hội đã tổ chức Hội thảo.</p>")),
            ("heading", {"text": "Kết quả", "level": "h2"}),
            (
                "image",
                {
                    "image": {"image": image.pk, "alt_text": "Toàn cảnh", "decorative": ""},
                    "caption": "Toàn cảnh Hội thảo",
                    "credit": "Ảnh: Minh Đức",
                },
            ),
            ("quote", {"text": "Khoa học phải đến với bản làng.", "attribution": "Chủ tịch"}),
            ("document", {"document": document.pk, "title": ""}),
        ),
        related_pages=inline_formset([{"related_page": related.pk}]),
    )
    page = post_page(editor_client, NewsPage, section, data)

    assert page.live
    assert page.slug == "lien-hiep-hoi-ha-giang-to-chuc-hoi-thao"
    assert page.url == "/tu-van-phan-bien/lien-hiep-hoi-ha-giang-to-chuc-hoi-thao/"
    assert str(page.date) == "2021-01-29"
    assert sorted(tag.name for tag in page.tags.all()) == ["Chỉ thị 42", "hội thảo"]
    assert [block.block_type for block in page.body] == [
        "paragraph",
        "heading",
        "image",
        "quote",
        "document",
    ]
    assert [item.related_page_id for item in page.related_pages.all()] == [related.pk]
    assert page.listing_image == image


def test_editor_creates_an_announcement_with_deadline_and_attachment(
    editor_client, announcement_section
):
    document = DocumentFactory(title="Mẫu hồ sơ dự tuyển")
    data = article_data(
        "Thông báo tuyển chuyên gia giám sát kỹ thuật",
        deadline="2021-02-15 17:00",
        body=streamfield([]),
        attachments=inline_formset([{"document": document.pk, "label": ""}]),
    )
    page = post_page(editor_client, AnnouncementPage, announcement_section, data)
    assert page.slug == "thong-bao-tuyen-chuyen-gia-giam-sat-ky-thuat"
    assert timezone.localtime(page.deadline).isoformat() == "2021-02-15T17:00:00+07:00"
    assert page.is_expired
    assert [attachment.title for attachment in page.attachments.all()] == ["Mẫu hồ sơ dự tuyển"]


def test_editor_creates_the_announcement_and_partner_sections(editor_client, home):
    for model, title, slug in [
        (AnnouncementIndexPage, "Thông báo", "thong-bao"),
        (SponsoredLinkIndexPage, "Liên kết", "lien-ket"),
    ]:
        data = nested_form_data({"title": title, "slug": "", "action-publish": "publish"})
        assert post_page(editor_client, model, home, data).slug == slug


def test_editor_creates_a_partner_link(editor_client, link_section):
    logo = ImageFactory(title="Logo VUSTA")
    data = nested_form_data(
        {
            "title": "Liên hiệp Hội Việt Nam",
            "slug": "",
            "partner_name": "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
            "target_url": "https://vusta.vn/",
            "logo": logo.pk,
            "placement": "footer",
            "sort_order": "1",
            "starts_at": "",
            "ends_at": "",
            "action-publish": "publish",
        }
    )
    page = post_page(editor_client, SponsoredLinkPage, link_section, data)
    assert page.slug == "lien-hiep-hoi-viet-nam"
    assert page.is_active
    assert page.placement == "footer"


def test_editor_creates_an_about_page(editor_client, home):
    data = nested_form_data(
        {
            "title": "Giới thiệu",
            "slug": "",
            "lead": "Liên hiệp Hội Hà Giang được thành lập năm 2010.",
            "body": body(),
            "action-publish": "publish",
        }
    )
    page = post_page(editor_client, StandardPage, home, data)
    assert page.url == "/gioi-thieu/"


def test_slug_clash_is_a_form_error_in_vietnamese(editor_client, news_section):
    NewsPageFactory(parent=news_section, title="Đảng đoàn", slug="dang-doan")
    response = editor_client.post(
        add_url(NewsPage, news_section), article_data("Đảng đoàn mới", slug="dang-doan")
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert "đã được sử dụng" in response.content.decode()
    assert NewsPage.objects.filter(slug="dang-doan").count() == 1


def test_partner_link_with_javascript_url_is_refused(editor_client, link_section):
    data = nested_form_data(
        {
            "title": "Liên kết xấu",
            "slug": "",
            "partner_name": "Không rõ",
            "target_url": "javascript:alert(1)",
            "placement": "sidebar",
            "sort_order": "0",
            "action-publish": "publish",
        }
    )
    response = editor_client.post(add_url(SponsoredLinkPage, link_section), data)
    assert response.status_code == 200
    assert "target_url" in response.context["form"].errors
    assert not SponsoredLinkPage.objects.exists()


def test_the_editor_slug_field_transliterates_vietnamese(editor_client, news_section):
    response = editor_client.get(add_url(NewsPage, news_section))
    assert response.status_code == 200
    slug_input = BeautifulSoup(response.content, "html.parser").find("input", {"name": "slug"})
    assert "w-slug" in slug_input["data-controller"]
    formatters = json.loads(slug_input["data-w-slug-formatters-value"])
    replacements = {replacement: pattern for pattern, replacement in formatters}
    assert "đ" in replacements["d"][0]
    assert "ộ" in replacements["o"][0]


def test_the_admin_speaks_vietnamese(editor_client, news_section):
    response = editor_client.get(add_url(NewsPage, news_section))
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert "Tóm tắt" in html  # the lead field's label


def test_an_administrator_creates_the_home_page_under_the_root(admin_client):
    from wagtail.models import Page

    from home.models import HomePage

    root = Page.get_first_root_node()
    data = nested_form_data(
        {
            "title": "Liên hiệp các Hội KH&KT tỉnh Hà Giang",
            "slug": "",
            "intro": "Trang thông tin điện tử của Liên hiệp Hội.",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )
    page = post_page(admin_client, HomePage, root, data)
    assert page.slug == "lien-hiep-cac-hoi-khkt-tinh-ha-giang"
    assert page.live


def test_the_login_page_is_in_vietnamese(client, db):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert '<html lang="vi"' in html
    assert "Đăng nhập" in html
    assert "Quên mật khẩu?" in html
    assert "Sign in" not in html
    assert "Forgotten password" not in html
