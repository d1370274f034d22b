"""Vietnamese titles give ASCII slugs, from code and from the admin."""

import re

import pytest

from core.slugs import slug_formatters, vietnamese_letters, vietnamese_slugify
from newsroom.models import NewsPage

from .factories import NewsPageFactory, paragraph


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Liên hiệp Hội Hà Giang tổ chức Hội thảo", "lien-hiep-hoi-ha-giang-to-chuc-hoi-thao"),
        ("Đảng đoàn", "dang-doan"),
        ("Hội thảo", "hoi-thao"),
        ("ĐẠI HỘI ĐẠI BIỂU", "dai-hoi-dai-bieu"),
        ("Chỉ thị số 42-CT/TW ngày 14/4/2010", "chi-thi-so-42-ct-tw-ngay-14-4-2010"),
        ("Chè Shan tuyết – đặc sản", "che-shan-tuyet-dac-san"),
        ("Tư vấn, phản biện: giám định xã hội", "tu-van-phan-bien-giam-dinh-xa-hoi"),
        ("Nước sạch  cho   trường học", "nuoc-sach-cho-truong-hoc"),
        ("Ứng dụng KH&CN", "ung-dung-khcn"),
        ("Hướng dẫn “đặc biệt”!", "huong-dan-dac-biet"),
    ],
)
def test_vietnamese_titles_become_ascii_slugs(title, slug):
    assert vietnamese_slugify(title) == slug


def test_decomposed_unicode_gives_the_same_slug():
    import unicodedata

    title = "Liên hiệp Hội Hà Giang tổ chức Hội thảo"
    assert vietnamese_slugify(unicodedata.normalize("NFD", title)) == vietnamese_slugify(title)


def test_long_titles_are_cut_below_the_slug_limit():
    slug = vietnamese_slugify("Hội thảo khoa học " * 40)
    assert len(slug) <= 240
    assert not slug.endswith("-")


def test_page_created_in_code_without_slug_gets_a_transliterated_slug(news_section):
    page = NewsPage(
        title="Liên hiệp Hội Hà Giang tổ chức Hội thảo", lead="Tóm tắt.", body=paragraph()
    )
    news_section.add_child(instance=page)
    assert page.slug == "lien-hiep-hoi-ha-giang-to-chuc-hoi-thao"
    assert page.url == "/tin-tuc/lien-hiep-hoi-ha-giang-to-chuc-hoi-thao/"


def test_second_page_with_the_same_title_gets_a_numbered_slug(news_section):
    first = NewsPageFactory(parent=news_section, title="Đảng đoàn", slug="")
    second = NewsPageFactory(parent=news_section, title="Đảng đoàn", slug="")
    assert (first.slug, second.slug) == ("dang-doan", "dang-doan-2")


def test_an_explicit_slug_is_kept(news_section):
    page = NewsPageFactory(parent=news_section, title="Đảng đoàn", slug="dang-doan-tinh")
    assert page.slug == "dang-doan-tinh"


def _browser_urlify(title):
    """What the editor's browser does: the formatters, then Wagtail's urlify.

    The formatters are applied exactly as Wagtail's CleanController applies
    them (``replaceAll`` with each regex); urlify then keeps [-\\w\\s] in ASCII.
    """
    value = title.strip()
    for pattern, replacement in slug_formatters():
        value = re.sub(pattern, replacement, value)
    value = value.lower()
    value = re.sub(r"[^-\w\s]", "", value, flags=re.ASCII)
    value = re.sub(r"[-\s]+", "-", value)
    return value[:255].rstrip("-")


@pytest.mark.parametrize(
    "title",
    [
        "Liên hiệp Hội Hà Giang tổ chức Hội thảo",
        "Đảng đoàn",
        "Chỉ thị số 42-CT/TW ngày 14/4/2010",
        "Ứng dụng KH&CN vào sản xuất chè Shan tuyết",
    ],
)
def test_browser_formatters_agree_with_the_server(title):
    assert _browser_urlify(title) == vietnamese_slugify(title)


def test_formatters_cover_every_vietnamese_letter():
    letters = vietnamese_letters()
    # 12 vowels (a ă â e ê i o ô ơ u ư y) × 6 tones, less the 6 plain ASCII
    # vowels, plus đ; in lower and upper case.
    assert len(letters) == 2 * (12 * 6 - 6 + 1)
    covered = "".join(pattern for pattern, _ in slug_formatters())
    assert all(letter in covered for letter in letters)
