"""The Wagtail admin in Vietnamese: coverage, catalogues, and what editors actually see."""

import io
import os
import shutil
import subprocess

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from newsroom.models import NewsPage

from .factories import NewsPageFactory

LOCALE = settings.BASE_DIR / "locale"


def needs(tool):
    if shutil.which(tool) is None:
        if os.environ.get("REQUIRE_GETTEXT"):
            pytest.fail(f"{tool} is missing (install gettext)")
        pytest.skip(f"{tool} is missing (install gettext)")


def test_coverage_meets_the_targets(db):
    out = io.StringIO()
    call_command("translation_coverage", stdout=out)
    report = out.getvalue()
    total = next(line for line in report.splitlines() if line.startswith("total"))
    daily = next(line for line in report.splitlines() if line.startswith("daily screens"))
    assert float(total.split()[-1]) >= 95
    assert float(daily.split()[-1]) == 100
    assert "wagtail.admin" in report and "project" in report


def test_coverage_fails_below_its_threshold(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("translation_coverage", language="xx", stdout=io.StringIO())


@pytest.mark.parametrize("catalogue", sorted(LOCALE.glob("**/*.po")), ids=lambda p: p.name)
def test_catalogues_compile_with_consistent_placeholders(catalogue, tmp_path):
    needs("msgfmt")
    result = subprocess.run(  # noqa: S603 - gettext on our own files
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(catalogue)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_project_catalogue_has_every_string_of_the_source(tmp_path):
    needs("xgettext")
    for name in (
        "api",
        "core",
        "home",
        "newsroom",
        "search",
        "webhooks",
        "site_project",
        "templates",
        "locale",
    ):
        shutil.copytree(settings.BASE_DIR / name, tmp_path / name)
    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "site_project.settings.test"}
    subprocess.run(  # noqa: S603 - Django's own command on a copy of our code
        ["python", "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],  # noqa: S607
        cwd=tmp_path,
        env={**env, "PATH": os.path.dirname(os.sys.executable) + os.pathsep + env["PATH"]},
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))
    committed = polib.pofile(str(LOCALE / "vi/LC_MESSAGES/django.po"))
    source = {(entry.msgctxt, entry.msgid) for entry in extracted}
    have = {(entry.msgctxt, entry.msgid) for entry in committed.translated_entries()}
    assert source - have == set(), "run make messages and translate the new strings"


def test_glossary_terms_are_used(db):
    catalogue = polib.pofile(str(LOCALE / "upstream/vi/LC_MESSAGES/django.po"))
    translations = {entry.msgid: entry.msgstr for entry in catalogue}
    assert translations["Unpublish"] == "Gỡ xuất bản"
    assert translations["Save draft"] == "Lưu bản nháp"
    assert translations["Workflow"] == "Quy trình duyệt"
    assert "hủy xuất bản" not in " ".join(translations.values()).lower()


ENGLISH = ["Dashboard", "Save draft", "Add child page", ">Publish<", "Sort menu order", "Unpublish"]


def visible_english(html):
    return [word for word in ENGLISH if word in html]


def test_dashboard_in_vietnamese(editor_client, news_section):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tìm kiếm tất cả trang…" in html
    assert visible_english(html) == []


def test_page_explorer_in_vietnamese(editor_client, news_section):
    NewsPageFactory(parent=news_section)
    html = editor_client.get(reverse("wagtailadmin_explore", args=[news_section.pk])).content
    html = html.decode()
    assert "Thêm trang con" in html
    assert "Trạng thái" in html
    assert visible_english(html) == []


def test_news_page_editor_in_vietnamese(editor_client, news_section):
    page = NewsPageFactory(parent=news_section)
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    for text in ("Lưu bản nháp", "Xuất bản", "Quảng bá", "Tóm tắt", "Ngày đăng", "Tác giả"):
        assert text in html, text
    assert visible_english(html) == []


def test_publish_message_in_vietnamese(editor_client, news_section):
    page = NewsPageFactory(parent=news_section, title="Tin thử")
    data = nested_form_data(
        {
            "title": "Tin thử đã sửa",
            "slug": page.slug,
            "date": "2021-01-29",
            "lead": "Tóm tắt.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "tags": "",
            "related_pages": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True
    )
    [message] = [str(message) for message in response.context["messages"]]
    assert message.startswith("Đã xuất bản trang &#x27;Tin thử đã sửa&#x27;.")
    assert "Xem bản đang xuất bản" in message
    assert "has been published" not in message
    assert NewsPage.objects.get(pk=page.pk).title == "Tin thử đã sửa"
