"""import_articles: the old site's exported pages become news pages, once, without its chrome.

The samples in tests/import_samples/ are the old site's real export of one article
(lhh-hagiang-article.txt), a saved HTML article and a few malformed files. Binary
files (the photo, a binary file named .txt, a Windows-1258 text, an oversized
file) are written by the tests into a copy of that folder.
"""

import datetime

from wagtail.models import PageLogEntry, Revision

from core.slugs import vietnamese_slugify
from newsroom.models import NewsPage

from .article_import import (
    CHROME,
    SAMPLE,
    SAMPLE_TITLE,
    body_json,
    change_a_paragraph,
    edit_in_admin,
    imported,
    line_for,
    run_import,
)
from .factories import jpeg_bytes

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
