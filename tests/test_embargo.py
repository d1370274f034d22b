"""Nothing of a draft or a private file is public (core.media_access).

The photo uploaded for an article not yet published is nowhere to be found by
a reader: not in the API, not at its original's address nor at its
renditions'; once the article is published it is. Files a reader may not
open are left out of the pages that attach them.
"""

import pytest
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction

from .factories import (
    AnnouncementPageFactory,
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    image_block,
    in_use,
)


def api_ids(client, endpoint):
    return [item["id"] for item in client.get(f"/api/v2/{endpoint}/").json()["items"]]


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_the_photo_of_a_draft_is_embargoed_until_the_article_is_published(
    client, news_section, editor_member, committed
):
    _, writer = editor_member  # a "Biên tập viên", signed in
    photo = ImageFactory(title="Ảnh bài chưa đăng")
    original = photo.file.url
    rendition = photo.get_rendition("width-800").url
    article = NewsPageFactory(
        parent=news_section, publish=False, listing_image=photo, body=[image_block(photo)]
    )

    assert photo.pk not in api_ids(client, "images")
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404
    assert client.get(original).status_code == 404
    assert client.get(rendition).status_code == 404
    # The editor, signed in, sees it in the preview and the admin.
    assert writer.get(rendition).status_code == 200
    assert writer.get(rendition)["Cache-Control"] == "private, no-store"

    with committed():
        article.save_revision().publish()
    assert photo.pk in api_ids(client, "images")
    response = client.get(original)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert client.get(rendition).status_code == 200

    article.refresh_from_db()
    with committed():
        article.unpublish()
    assert photo.pk not in api_ids(client, "images")
    assert client.get(rendition).status_code == 404


def test_a_new_photo_in_a_draft_of_a_live_article_stays_embargoed(client, news_section):
    old, new = ImageFactory(title="Ảnh cũ"), ImageFactory(title="Ảnh mới")
    article = NewsPageFactory(parent=news_section, listing_image=old)
    article.listing_image = new
    article.save_revision()  # a draft of the live article, not published
    ids = api_ids(client, "images")
    assert old.pk in ids
    assert new.pk not in ids
    assert client.get(new.file.url).status_code == 404


def test_documents_of_unpublished_pages_are_not_served(client, news_section, committed):
    document = DocumentFactory(title="Quyết định chưa công bố")
    article = NewsPageFactory(
        parent=news_section,
        publish=False,
        body=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    assert document.pk not in api_ids(client, "documents")
    assert client.get(document.url).status_code == 404
    with committed():
        article.save_revision().publish()
    assert document.pk in api_ids(client, "documents")
    assert client.get(document.url).status_code == 200


def test_files_of_private_collections_are_never_public(client, news_section, private_collection):
    image = ImageFactory(collection=private_collection)
    document = DocumentFactory(collection=private_collection)
    in_use(image, document, parent=news_section)
    assert image.pk not in api_ids(client, "images")
    assert document.pk not in api_ids(client, "documents")
    assert client.get(image.file.url).status_code == 404
    assert client.get(image.get_rendition("width-400").url).status_code == 404


def test_a_public_announcement_leaves_out_the_files_its_reader_cannot_open(
    client, announcement_section, private_collection
):
    from newsroom.models import AnnouncementAttachment

    public = DocumentFactory(title="Thể lệ cuộc thi")
    private = DocumentFactory(title="Danh sách nội bộ", collection=private_collection)
    hidden_photo = ImageFactory(title="Ảnh nội bộ", collection=private_collection)
    announcement = AnnouncementPageFactory(
        parent=announcement_section,
        body=[
            image_block(hidden_photo, caption="Ảnh họp nội bộ"),
            {"type": "document", "value": {"document": private.pk, "title": "Biên bản"}},
        ],
    )
    for document in (public, private):
        AnnouncementAttachment.objects.create(page=announcement, document=document)

    html = client.get(announcement.url).content.decode()
    assert "Thể lệ cuộc thi" in html
    assert "Danh sách nội bộ" not in html and private.url not in html
    assert "Biên bản" not in html
    assert "Ảnh họp nội bộ" not in html

    detail = client.get(f"/api/v2/pages/{announcement.pk}/").json()
    assert [item["title"] for item in detail["attachments"]] == ["Thể lệ cuộc thi"]
    assert "Danh sách nội bộ" not in str(detail) and "Biên bản" not in str(detail)
    assert [block["value"] for block in detail["body"]] == [
        {"image": None, "caption": "Ảnh họp nội bộ", "credit": "Ảnh: Minh Đức"},
        None,
    ]


def test_a_signed_in_reader_sees_the_files_of_a_login_collection(
    announcement_section, private_collection, editor
):
    from newsroom.models import AnnouncementAttachment

    private = DocumentFactory(title="Danh sách nội bộ", collection=private_collection)
    announcement = AnnouncementPageFactory(parent=announcement_section)
    AnnouncementAttachment.objects.create(page=announcement, document=private)
    reader = Client()
    reader.force_login(editor)
    assert "Danh sách nội bộ" in reader.get(announcement.url).content.decode()
