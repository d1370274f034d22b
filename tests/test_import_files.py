"""import_articles on HTML pages, bad files, legacy text, and the choice of section."""

import datetime
import io
import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from newsroom.importer.article import LEAD_MAX_LENGTH, assemble, paragraph
from newsroom.models import NewsPage

from .article_import import (
    HTML,
    HTML_TITLE,
    SAMPLE,
    body_json,
    change_a_paragraph,
    imported,
    line_for,
    run_import,
    windows_1258,
)
from .factories import NewsIndexPageFactory, jpeg_bytes

# --- an HTML page --------------------------------------------------------------


def test_html_article_keeps_its_formatting_list_heading_and_photo(news_section, html_folder):
    report = run_import(html_folder)

    assert line_for(report, HTML) == f"created: {HTML} (draft)"
    page = imported(HTML)
    assert page.title == HTML_TITLE
    assert page.date == datetime.date(2021, 3, 15)
    assert page.lead.startswith("Sáng 15/3, Liên hiệp Hội tỉnh tổ chức Hội nghị tập huấn")
    assert page.byline == "Minh Đức"

    blocks = list(page.body)
    assert [block.block_type for block in blocks] == [
        "image",
        "heading",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    image = blocks[0].value
    assert image["caption"] == "Quang cảnh hội nghị tập huấn"
    assert image["image"].contextual_alt_text == "Các đại biểu dự hội nghị tập huấn"
    assert page.listing_image_id == image["image"].pk
    assert blocks[1].value["text"] == "Nội dung tập huấn"
    html = body_json(page)
    assert "<i>khung kiến trúc chính quyền điện tử</i>" in html
    assert '<a href=\\"https://dichvucong.gov.vn/\\">Cổng dịch vụ công quốc gia</a>' in html
    assert "<ul><li>Chữ ký số trong văn bản điện tử</li>" in html
    assert "<b>thực hành trên máy tính</b>" in html
    # Unsafe markup does not survive: the script link keeps only its text.
    assert "javascript" not in html and "onclick" not in html
    assert "tài liệu hướng dẫn" in html
    for chrome in [
        "Chia sẻ",
        "Trang chủ",
        "Tin liên quan",
        "Hội thảo về Chỉ thị 42",
        "Bình luận",
        "Mã theo dõi",
        "Đăng ngày",
        "Quỹ hỗ trợ",
        "Thiết kế website",
    ]:
        assert chrome not in html, chrome


def test_a_photo_is_stored_once_however_often_it_is_imported(news_section, html_folder):
    run_import(html_folder)
    page = imported(HTML)
    copy = html_folder / "ban-sao.html"
    copy.write_text((html_folder / HTML).read_text(encoding="utf-8"), encoding="utf-8")

    report = run_import(html_folder)

    assert line_for(report, "ban-sao.html").startswith("created: ban-sao.html")
    assert line_for(report, HTML).startswith(f"unchanged: {HTML}")
    assert get_image_model().objects.count() == 1
    assert imported("ban-sao.html").listing_image_id == page.listing_image_id


def test_a_photo_outside_the_folder_or_on_the_web_is_never_fetched(news_section, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (tmp_path / "secret.jpg").write_bytes(jpeg_bytes())
    (folder / "a.html").write_text(
        "<h1>Tọa đàm khoa học</h1><p>Ngày 2/3/2021, Liên hiệp Hội tổ chức tọa đàm.</p>"
        '<img src="../secret.jpg"><p>Ảnh ngoài thư mục</p>'
        '<img src="https://example.com/anh.jpg" alt="Ảnh trên mạng">'
        "<p>Các nhà khoa học trao đổi về đề tài.</p>",
        encoding="utf-8",
    )

    line = line_for(run_import(folder), "a.html")

    assert line.startswith("created: a.html")
    assert "Ảnh ngoài thư mục" in line and "https://example.com/anh.jpg" in line
    assert not get_image_model().objects.exists()
    assert "image" not in [block.block_type for block in imported("a.html").body]


# --- files that are not articles -----------------------------------------------


def test_bad_files_are_refused_and_the_good_ones_imported(news_section, mixed_folder):
    report = run_import(mixed_folder)

    expected = {
        "malformed/empty.txt": "empty",
        "malformed/whitespace-only.txt": "empty",
        "malformed/binary.txt": "not a text file",
        "malformed/windows-1258.txt": "not UTF-8",
        "malformed/no-date.txt": "no date",
        "malformed/chrome-only.html": "no article text",
        "malformed/too-large.txt": "larger than the 5.0 MB limit",
    }
    for name, reason in expected.items():
        line = line_for(report, name)
        assert line.startswith(f"refused: {name} ("), line
        assert reason in line.replace("\xa0", " "), line
    assert line_for(report, SAMPLE).startswith("created")
    assert line_for(report, HTML).startswith("created")
    assert "notes.md" not in report
    assert report.strip().endswith("2 created, 0 updated, 0 unchanged, 0 skipped, 7 refused.")
    assert NewsPage.objects.count() == 2


def test_dry_run_reports_and_writes_nothing(news_section, mixed_folder):
    revisions, log_entries = Revision.objects.count(), PageLogEntry.objects.count()

    report = run_import(mixed_folder, "--dry-run", "--publish")

    assert report.startswith("Dry run: nothing will be saved.")
    assert line_for(report, SAMPLE).startswith("created")
    assert line_for(report, "malformed/no-date.txt").startswith("refused")
    assert not NewsPage.objects.exists()
    assert not get_image_model().objects.exists()
    assert Revision.objects.count() == revisions
    assert PageLogEntry.objects.count() == log_entries


def test_dry_run_after_an_import_tells_what_would_change(news_section, folder):
    run_import(folder)
    change_a_paragraph(folder)
    revisions = Revision.objects.count()

    report = run_import(folder, "--dry-run")

    assert line_for(report, SAMPLE).startswith(f"updated: {SAMPLE}")
    assert Revision.objects.count() == revisions
    assert "11 năm" not in body_json(imported(SAMPLE).get_latest_revision_as_object())


# --- text clean-up ---------------------------------------------------------------


def test_decomposed_accents_and_legacy_charsets_become_nfc(news_section, tmp_path):
    title = "Hội nghị Ban chấp hành lần thứ 9"
    decomposed = unicodedata.normalize("NFD", f"{title}\n\nNgày 29-1-2021, Hội nghị họp.\n\n")
    (tmp_path / "nfd.txt").write_text(decomposed + "Đại biểu thảo luận.\n", encoding="utf-8")
    page_1258 = (
        '<html><head><meta charset="windows-1258"><title>Tọa đàm - LHH</title></head>'
        "<body><p>Hà Giang, ngày 3 tháng 2 năm 2021 - Liên hiệp Hội tổ chức tọa đàm.</p>"
        "<p>Các đại biểu góp ý   kiến.</p></body></html>"
    )
    (tmp_path / "legacy.html").write_bytes(windows_1258(page_1258))

    run_import(tmp_path)

    page = imported("nfd.txt")
    assert page.title == title and unicodedata.is_normalized("NFC", page.title)
    assert page.date == datetime.date(2021, 1, 29)
    assert unicodedata.is_normalized("NFC", body_json(page))
    legacy = imported("legacy.html")
    assert legacy.title == "Tọa đàm"
    assert legacy.date == datetime.date(2021, 2, 3)
    assert legacy.lead.startswith("Hà Giang, ngày 3 tháng 2 năm 2021")
    assert "Các đại biểu góp ý kiến." in body_json(legacy)


def test_a_long_first_paragraph_is_cut_for_the_lead_and_kept_whole_in_the_body():
    long_text = "Liên hiệp Hội tổ chức hội thảo khoa học. " * 30
    article = assemble(
        "a.txt",
        "Hội thảo",
        [paragraph(f"Ngày 1/2/2021, {long_text}".strip()), paragraph("Đoạn thứ hai.")],
    )

    assert len(article.lead) <= LEAD_MAX_LENGTH
    assert article.lead.endswith("…")
    assert not article.lead.endswith(" …")
    assert article.body[0].text.startswith("Ngày 1/2/2021, Liên hiệp Hội")
    assert len(article.body) == 2


# --- choosing the section --------------------------------------------------------


@pytest.mark.parametrize("how", ["tin-tuc", "/tin-tuc/", "tin-tuc/", "id"])
def test_the_section_is_named_by_slug_path_or_id(news_section, folder, how):
    section = str(news_section.pk) if how == "id" else how

    run_import(folder, section=section)

    assert imported(SAMPLE).get_parent().pk == news_section.pk


def test_a_second_section_is_chosen_by_its_own_slug(news_section, home, folder):
    other = NewsIndexPageFactory(parent=home, title="Tư vấn – Phản biện", slug="tu-van-phan-bien")

    run_import(folder, section="tu-van-phan-bien")

    assert imported(SAMPLE).get_parent().pk == other.pk


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("khong-co", "No page matches --section khong-co"),
        ("/khong-co/", "No page matches"),
        ("trang-chu", "not a news section"),
        ("/", "not a news section"),
    ],
)
def test_a_wrong_section_is_a_command_error(news_section, folder, section, message):
    with pytest.raises(CommandError, match=message):
        run_import(folder, section=section)
    assert not NewsPage.objects.exists()


def test_an_unknown_user_or_folder_is_a_command_error(news_section, folder, tmp_path):
    with pytest.raises(CommandError, match="No user named ai-do"):
        run_import(folder, "--user", "ai-do")
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(tmp_path / "khong-co")


def test_the_report_speaks_the_site_language(news_section, mixed_folder):
    out = io.StringIO()
    call_command("import_articles", str(mixed_folder), "--section", "tin-tuc", stdout=out)
    report = out.getvalue()

    assert line_for(report, SAMPLE).startswith(f"đã tạo: {SAMPLE} (bản nháp; bỏ qua ảnh")
    assert line_for(report, "malformed/no-date.txt").startswith(
        "từ chối: malformed/no-date.txt (không có ngày"
    )
    assert report.strip().endswith("2 đã tạo, 0 đã cập nhật, 0 không đổi, 0 bỏ qua, 7 từ chối.")
    assert "created" not in report and "refused" not in report
