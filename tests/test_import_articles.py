"""import_articles: the old site's exported pages become news pages, once, without its chrome.

The samples in tests/import_samples/ are the old site's real export of one article
(lhh-hagiang-article.txt), a saved HTML article and a few malformed files. Binary
files (the photo, a binary file named .txt, a Windows-1258 text, an oversized
file) are written by the tests into a copy of that folder.
"""

import datetime
import io
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from home.slugs import vietnamese_slugify
from newsroom.importer.article import LEAD_MAX_LENGTH, assemble, paragraph
from newsroom.importer.sources import MAX_FILE_SIZE
from newsroom.models import NewsPage

from .factories import NewsIndexPageFactory, jpeg_bytes

SAMPLES = Path(__file__).resolve().parent / "import_samples"
SAMPLE = "lhh-hagiang-article.txt"
HTML = "hoi-nghi-chuyen-doi-so.html"
SAMPLE_TITLE = (
    "Liên hiệp Hội Hà Giang tổ chức Hội thảo xây dựng Chương trình tiếp tục thực hiện "
    "Chỉ thị số 42-CT/TW ngày 14/4/2010 của Bộ Chính trị"
)
HTML_TITLE = "Hội nghị tập huấn chuyển đổi số cho các hội thành viên"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
CHROME = [
    "Submit Thread",
    "Các tin tức khác",
    "Thiết kế website",
    "icon ",
    "Lễ ký kết, trao hợp đồng",  # the first item of the "other news" list
    "Liên hiệp Hội Việt Nam",  # partner links
    "Quỹ hỗ trợ sáng tạo kỹ thuật Việt Nam",
    "bộ khoa học và công nghệ",
    "Sở Khoa học và Công nghệ",
]


def windows_1258(text):
    """``text`` as Vietnamese Windows software saved it: tone marks apart, in cp1258."""
    letters = []
    for letter in unicodedata.normalize("NFC", text):
        marks = unicodedata.normalize("NFD", letter)
        tones = "".join(mark for mark in marks if mark in TONE_MARKS)
        base = "".join(mark for mark in marks if mark not in TONE_MARKS)
        letters.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(letters).encode("cp1258")


def run_import(folder, *options, section="tin-tuc"):
    """The command's report, in English whatever the site's language."""
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_articles", str(folder), "--section", section, *options, stdout=out)
    return out.getvalue()


def line_for(report, name):
    """The report's line about the file ``name``."""
    return next(line for line in report.splitlines() if f": {name}" in line)


def body_json(page):
    """Everything the body holds (paragraphs, headings, captions), as one string."""
    return json.dumps(list(page.body.raw_data), ensure_ascii=False)


def imported(name):
    return NewsPage.objects.get(import_source=name)


@pytest.fixture
def folder(tmp_path):
    """A folder holding only the old site's real export."""
    shutil.copyfile(SAMPLES / SAMPLE, tmp_path / SAMPLE)
    return tmp_path


@pytest.fixture
def html_folder(tmp_path):
    """The HTML article and its photo, in the sub-folder its <img src> names."""
    shutil.copyfile(SAMPLES / HTML, tmp_path / HTML)
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "hoi-nghi.jpg").write_bytes(jpeg_bytes(80, 60))
    return tmp_path


@pytest.fixture
def mixed_folder(tmp_path):
    """Every sample, good and bad, with the bad files the repository does not hold."""
    shutil.copytree(SAMPLES, tmp_path, dirs_exist_ok=True, copy_function=shutil.copyfile)
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "hoi-nghi.jpg").write_bytes(jpeg_bytes(80, 60))
    bad = tmp_path / "malformed"
    (bad / "binary.txt").write_bytes(jpeg_bytes())
    legacy = "Hội nghị tổng kết năm 2020\n\nNgày 20/12/2020, Liên hiệp Hội tổ chức hội nghị.\n"
    (bad / "windows-1258.txt").write_bytes(windows_1258(legacy))
    (bad / "too-large.txt").write_bytes(b"a" * (MAX_FILE_SIZE + 1))
    (tmp_path / "notes.md").write_text("Not an article.", encoding="utf-8")
    return tmp_path


# --- the old site's own export -------------------------------------------------


def test_sample_becomes_a_draft_article_without_the_site_chrome(news_section, folder, client):
    report = run_import(folder)

    assert line_for(report, SAMPLE).startswith(f"created: {SAMPLE}")
    page = imported(SAMPLE)
    assert page.get_parent().pk == news_section.pk
    assert page.title == SAMPLE_TITLE
    assert page.slug == vietnamese_slugify(SAMPLE_TITLE)
    assert page.date == datetime.date(2021, 1, 29)
    assert page.lead.startswith("Thực hiện Công văn số 135")
    assert page.byline == "Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang"
    body = body_json(page)
    assert "10 năm đi vào hoạt động" in body
    first = page.body[0]
    assert first.block_type == "paragraph"
    assert first.value.source.startswith("<p>Ngày 29/01/2021, Liên hiệp các Hội")
    for chrome in CHROME:
        assert chrome not in body, chrome
    # The lead and the byline are not repeated in the body.
    assert "Thực hiện Công văn số 135" not in body
    assert "Cao Hồng Kỳ" not in body

    # No photo file was exported: the photo and its caption are left out, and said so.
    assert "Toàn cảnh Hội thảo" not in body
    assert SAMPLE_TITLE not in body
    assert "Toàn cảnh Hội thảo" in line_for(report, SAMPLE)
    assert page.listing_image is None

    # A draft: saved as a revision, not on the public site nor in the API.
    assert not page.live
    assert page.latest_revision is not None
    assert client.get(page.url).status_code == 404
    api = client.get("/api/v2/pages/", {"type": "newsroom.NewsPage"}).json()
    assert page.pk not in [item["id"] for item in api["items"]]
    assert report.strip().endswith("1 created, 0 updated, 0 unchanged, 0 skipped, 0 refused.")


def test_publish_puts_the_article_on_the_site_and_in_the_api(news_section, folder, client):
    report = run_import(folder, "--publish")

    page = imported(SAMPLE)
    assert page.live
    assert "published" in line_for(report, SAMPLE)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Cao Hồng Kỳ, Chủ tịch Liên hiệp Hội Hà Giang" in response.content.decode()
    api = client.get("/api/v2/pages/", {"type": "newsroom.NewsPage", "fields": "date"}).json()
    item = next(item for item in api["items"] if item["id"] == page.pk)
    assert item["date"] == "2021-01-29"


def test_the_photo_exported_beside_the_text_is_imported_with_its_caption(news_section, folder):
    (folder / "lhh-hagiang-article.jpg").write_bytes(jpeg_bytes())

    report = run_import(folder)

    page = imported(SAMPLE)
    images = [block.value for block in page.body if block.block_type == "image"]
    assert len(images) == 1
    assert images[0]["caption"] == "Toàn cảnh Hội thảo"
    assert images[0]["image"].pk == page.listing_image_id
    # The old site's alt text was the title; the caption describes the photo.
    assert images[0]["image"].contextual_alt_text == "Toàn cảnh Hội thảo"
    assert "left out" not in line_for(report, SAMPLE)


# --- running it again ----------------------------------------------------------


def test_importing_again_changes_nothing(news_section, folder):
    run_import(folder)
    revisions = Revision.objects.count()

    report = run_import(folder)

    assert line_for(report, SAMPLE).startswith(f"unchanged: {SAMPLE}")
    assert NewsPage.objects.child_of(news_section).count() == 1
    assert Revision.objects.count() == revisions
    assert "0 created, 0 updated, 1 unchanged" in report


def test_a_changed_file_updates_the_same_page(news_section, folder):
    run_import(folder)
    page = imported(SAMPLE)
    sample = folder / SAMPLE
    sample.write_text(
        sample.read_text(encoding="utf-8").replace("10 năm đi vào hoạt động", "11 năm hoạt động"),
        encoding="utf-8",
    )

    report = run_import(folder)

    assert line_for(report, SAMPLE).startswith(f"updated: {SAMPLE}")
    assert NewsPage.objects.child_of(news_section).count() == 1
    updated = imported(SAMPLE)
    assert updated.pk == page.pk
    assert updated.latest_revision_id != page.latest_revision_id
    assert not updated.live  # still a draft: nobody asked to publish it
    assert "11 năm hoạt động" in body_json(updated.get_latest_revision_as_object())


def test_an_update_of_a_live_page_is_published(news_section, folder, client):
    run_import(folder, "--publish")
    sample = folder / SAMPLE
    sample.write_text(
        sample.read_text(encoding="utf-8").replace("10 năm đi vào hoạt động", "11 năm hoạt động"),
        encoding="utf-8",
    )

    report = run_import(folder)

    assert "published" in line_for(report, SAMPLE)
    page = imported(SAMPLE)
    assert page.live and not page.has_unpublished_changes
    assert "11 năm hoạt động" in client.get(page.url).content.decode()


def test_drafts_imported_before_are_published_with_publish(news_section, folder):
    run_import(folder)

    report = run_import(folder, "--publish")

    assert line_for(report, SAMPLE).startswith(f"updated: {SAMPLE}")
    assert imported(SAMPLE).live


def edit_in_admin(page, user):
    """What the admin's edit view does when an editor saves the page."""
    draft = page.get_latest_revision_as_object()
    draft.lead = "Tóm tắt do biên tập viên viết lại."
    draft.save_revision(user=user, log_action=True)


def change_a_paragraph(folder):
    sample = folder / SAMPLE
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("10 năm đi vào hoạt động", "11 năm"), encoding="utf-8")


def test_an_article_edited_in_the_admin_is_skipped_unless_forced(news_section, folder, editor):
    run_import(folder)
    edit_in_admin(imported(SAMPLE), editor)
    change_a_paragraph(folder)

    report = run_import(folder)

    line = line_for(report, SAMPLE)
    assert line.startswith(f"skipped: {SAMPLE}")
    assert "edited by bientap" in line and "--force" in line
    kept = imported(SAMPLE).get_latest_revision_as_object()
    assert kept.lead == "Tóm tắt do biên tập viên viết lại."
    assert "11 năm" not in body_json(kept)

    report = run_import(folder, "--force")

    assert line_for(report, SAMPLE).startswith(f"updated: {SAMPLE}")
    forced = imported(SAMPLE).get_latest_revision_as_object()
    assert forced.lead.startswith("Thực hiện Công văn số 135")
    assert "11 năm" in body_json(forced)


def test_an_edit_by_the_importing_user_is_noticed_too(news_section, folder, editor):
    run_import(folder, "--user", "bientap")
    page = imported(SAMPLE)
    assert page.latest_revision.user == editor
    assert page.owner == editor
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create", user=editor).exists()
    edit_in_admin(page, editor)
    change_a_paragraph(folder)

    report = run_import(folder, "--user", "bientap")

    assert "edited since the last import" in line_for(report, SAMPLE)


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
