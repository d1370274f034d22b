"""The old site's export as the import tests use it: the samples, the folders, the report.

tests/import_samples/ holds the old site's real export of one article and an
HTML page; the folders below are built from them in a test's tmp_path.
"""

import io
import json
import shutil
import unicodedata
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

from newsroom.importer.sources import MAX_FILE_SIZE
from newsroom.models import NewsPage

from .factories import jpeg_bytes

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


def sample_folder(tmp_path):
    """A folder holding only the old site's real export."""
    shutil.copyfile(SAMPLES / SAMPLE, tmp_path / SAMPLE)
    return tmp_path


def html_sample_folder(tmp_path):
    """The HTML article and its photo, in the sub-folder its <img src> names."""
    shutil.copyfile(SAMPLES / HTML, tmp_path / HTML)
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "hoi-nghi.jpg").write_bytes(jpeg_bytes(80, 60))
    return tmp_path


def mixed_sample_folder(tmp_path):
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


def edit_in_admin(page, user):
    """What the admin's edit view does when an editor saves the page."""
    draft = page.get_latest_revision_as_object()
    draft.lead = "Tóm tắt do biên tập viên viết lại."
    draft.save_revision(user=user, log_action=True)


def change_a_paragraph(folder):
    sample = folder / SAMPLE
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("10 năm đi vào hoạt động", "11 năm"), encoding="utf-8")
