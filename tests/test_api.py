"""The pages API as integrations use it: shapes, visibility, filters, errors, caching."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from .factories import (
    AnnouncementPageFactory,
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    SponsoredLinkPageFactory,
    cached_video,
    image_block,
)

BASE = "http://testserver"
API = "/api/v2/pages/"


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def listing(client, **params):
    return get_json(client, API, **params)["items"]


def ids(client, **params):
    return [item["id"] for item in listing(client, **params)]


@pytest.fixture
def article(news_section):
    image = ImageFactory(title="Toàn cảnh", description="Các đại biểu dự Hội thảo")
    document = DocumentFactory(title="Kết luận 93-KL/TW")
    video = cached_video("abcdefghijk")
    other = NewsPageFactory(parent=news_section, title="Tin liên quan", slug="tin-lien-quan")
    body = [
        {
            "type": "paragraph",
            "value": f'<p>Xem <a linktype="page" id="{other.pk}">tin này</a> và '
            '<a href="https://vusta.vn/">VUSTA</a>.</p>',
        },
        {"type": "heading", "value": {"text": "Kết quả", "level": "h2"}},
        image_block(image),
        {"type": "quote", "value": {"text": "Khoa học đến bản làng.", "attribution": "Chủ tịch"}},
        {"type": "embed", "value": {"url": video, "caption": "Phóng sự"}},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        {
            "type": "table",
            "value": {
                "caption": "Kết quả",
                "columns": [{"type": "text", "heading": "Giải"}],
                "rows": [{"values": ["Nhất"]}],
            },
        },
    ]
    return NewsPageFactory(
        parent=news_section,
        title="Hội thảo Chỉ thị 42",
        slug="hoi-thao-chi-thi-42",
        date=datetime.date(2021, 1, 29),
        lead="Tóm tắt.",
        byline="Cao Hồng Kỳ",
        listing_image=image,
        body=body,
        tags=["Đảng đoàn", "Chỉ thị 42"],
        related=[other],
    )


def test_news_page_contract(client, article, news_section):
    data = get_json(client, f"{API}{article.pk}/")
    assert data["meta"]["type"] == "newsroom.NewsPage"
    assert data["meta"]["html_url"] == "http://localhost/tin-tuc/hoi-thao-chi-thi-42/"
    assert data["date"] == "2021-01-29"
    assert data["lead"] == "Tóm tắt."
    assert data["byline"] == "Cao Hồng Kỳ"
    assert data["tags"] == ["Chỉ thị 42", "Đảng đoàn"]
    assert data["section"] == {
        "id": news_section.pk,
        "type": "newsroom.NewsIndexPage",
        "title": "Tin tức – Sự kiện",
        "url": f"{BASE}/tin-tuc/",
    }
    related = data["related_pages"]
    assert [(item["title"], item["url"]) for item in related] == [
        ("Tin liên quan", f"{BASE}/tin-tuc/tin-lien-quan/")
    ]
    image = data["listing_image"]
    assert image["alt"] == "Các đại biểu dự Hội thảo"
    assert set(image["renditions"]) == {"thumbnail", "small", "medium", "large", "social"}
    assert image["renditions"]["thumbnail"]["url"].startswith(f"{BASE}/media/images/")
    assert [entry["width"] for entry in image["srcset"]]


def test_body_blocks_leave_as_typed_json(client, article):
    body = {
        block["type"]: block["value"] for block in get_json(client, f"{API}{article.pk}/")["body"]
    }
    paragraph = body["paragraph"]
    assert f'href="{BASE}/tin-tuc/tin-lien-quan/"' in paragraph
    assert 'href="https://vusta.vn/"' in paragraph
    assert "linktype" not in paragraph
    assert body["heading"] == {"text": "Kết quả", "level": "h2"}
    figure = body["image"]
    assert figure["caption"] == "Toàn cảnh Hội thảo"
    assert figure["credit"] == "Ảnh: Minh Đức"
    assert figure["image"]["alt"] == "Toàn cảnh"
    assert {"url", "width", "height", "renditions", "srcset"} <= set(figure["image"])
    assert body["quote"] == {"text": "Khoa học đến bản làng.", "attribution": "Chủ tịch"}
    assert body["embed"]["url"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert "youtube-nocookie.com/embed/abcdefghijk" in body["embed"]["html"]
    document = body["document"]
    assert document["title"] == "Kết luận 93-KL/TW"
    assert document["extension"] == "pdf"
    assert document["url"].startswith(f"{BASE}/documents/")
    assert document["size"] > 0
    assert body["table"]["rows"] == [{"values": ["Nhất"]}]


def test_announcement_contract(client, announcement_section):
    page = AnnouncementPageFactory(
        parent=announcement_section, deadline=timezone.now() - datetime.timedelta(days=1)
    )
    page.attachments.create(document=DocumentFactory(title="Mẫu hồ sơ"))
    page.save_revision().publish()
    data = get_json(client, f"{API}{page.pk}/")
    assert data["is_expired"] is True
    assert data["deadline"]
    [attachment] = data["attachments"]
    assert attachment["title"] == "Mẫu hồ sơ"
    assert attachment["extension"] == "pdf"
    assert attachment["size"] > 0
    assert attachment["url"].startswith(BASE)


def test_partner_link_contract(client, link_section):
    link = SponsoredLinkPageFactory(
        parent=link_section, partner_name="VUSTA", logo=ImageFactory(), placement="footer"
    )
    data = get_json(client, f"{API}{link.pk}/")
    assert data["partner_name"] == "VUSTA"
    assert data["target_url"] == "https://vusta.vn/"
    assert data["placement"] == "footer"
    assert data["is_active"] is True
    assert data["starts_at"] is None and data["ends_at"] is None
    assert data["logo"]["renditions"]["small"]["url"].startswith(BASE)


class TestOnlyWhatReadersMaySee:
    @pytest.fixture
    def hidden(self, news_section, link_section):
        now = timezone.now()
        unpublished = NewsPageFactory(parent=news_section, title="Đã gỡ")
        unpublished.unpublish()
        scheduled = NewsPageFactory(parent=news_section, title="Hẹn giờ", publish=False)
        scheduled.go_live_at = now + datetime.timedelta(days=1)
        scheduled.save_revision().publish()
        password = NewsPageFactory(parent=news_section, title="Có mật khẩu")
        PageViewRestriction.objects.create(
            page=password, restriction_type="password", password="bi-mat"
        )
        login = NewsPageFactory(parent=news_section, title="Phải đăng nhập")
        PageViewRestriction.objects.create(page=login, restriction_type="login")
        return {
            "draft": NewsPageFactory(parent=news_section, title="Bản nháp", publish=False),
            "unpublished": unpublished,
            "scheduled": scheduled,
            "password": password,
            "login": login,
            "ended link": SponsoredLinkPageFactory(
                parent=link_section, ends_at=now - datetime.timedelta(days=1)
            ),
            "future link": SponsoredLinkPageFactory(
                parent=link_section, starts_at=now + datetime.timedelta(days=1)
            ),
        }

    def test_not_in_listings(self, client, hidden, news_section):
        visible = NewsPageFactory(parent=news_section, title="Công khai")
        for params in ({}, {"type": "newsroom.NewsPage"}, {"type": "newsroom.SponsoredLinkPage"}):
            found = ids(client, limit=100, **params)
            for name, page in hidden.items():
                assert page.pk not in found, name
        assert visible.pk in ids(client, limit=100)

    def test_no_detail_no_find(self, client, hidden):
        for name, page in hidden.items():
            detail = client.get(f"{API}{page.pk}/")
            assert detail.status_code == 404, name
            assert detail.json() == {"message": "No Page matches the given query."}
            find = client.get(f"{API}find/", {"html_path": page.url or f"/x/{page.slug}/"})
            assert find.status_code == 404, name

    def test_not_inside_related_lists(self, client, hidden, news_section):
        page = NewsPageFactory(parent=news_section, related=list(hidden.values())[:5])
        assert get_json(client, f"{API}{page.pk}/")["related_pages"] == []

    def test_not_even_for_a_session_that_knows_the_password(self, client, hidden):
        password = hidden["password"]
        restriction = PageViewRestriction.objects.get(page=password)
        session = client.session
        session["wagtail-page-view-restrictions"] = [restriction.pk]
        session.save()
        assert client.get(f"{API}{password.pk}/").status_code == 404


def test_find_by_path_redirects_to_the_detail(client, article):
    response = client.get(f"{API}find/", {"html_path": "/tin-tuc/hoi-thao-chi-thi-42/"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{BASE}{API}{article.pk}/")


def test_filters(client, home, news_section, announcement_section):
    from .factories import NewsIndexPageFactory

    other = NewsIndexPageFactory(parent=home, title="Tư vấn", slug="tu-van")
    today = timezone.localdate()
    old = NewsPageFactory(parent=news_section, date=today - datetime.timedelta(9), tags=["a"])
    new = NewsPageFactory(parent=news_section, date=today, tags=["a", "b"])
    elsewhere = NewsPageFactory(parent=other, date=today - datetime.timedelta(3), tags=["b"])
    announcement = AnnouncementPageFactory(parent=announcement_section)

    assert ids(client, type="newsroom.NewsPage", order="-date") == [new.pk, elsewhere.pk, old.pk]
    assert ids(client, type="newsroom.NewsPage", order="date")[0] == old.pk
    assert ids(client, child_of=other.pk) == [elsewhere.pk]
    assert set(ids(client, descendant_of=news_section.pk)) == {old.pk, new.pk}
    assert ids(client, type="newsroom.NewsPage", tags="a,b") == [new.pk]
    assert ids(client, type="newsroom.AnnouncementPage") == [announcement.pk]
    assert ids(client, type="newsroom.NewsPage", date=today.isoformat()) == [new.pk]
    page = get_json(client, API, type="newsroom.NewsPage", order="-date", limit=1, offset=1)
    assert [item["id"] for item in page["items"]] == [elsewhere.pk]
    assert page["meta"]["total_count"] == 3
    [item] = listing(client, type="newsroom.NewsPage", fields="date,-title", limit=1)
    assert "date" in item and "title" not in item


@pytest.mark.parametrize(
    "params",
    [
        {"type": "newsroom.Khong"},
        {"type": "khong.hop.le"},
        {"fields": "khong_co"},
        {"limit": "-1"},
        {"limit": "abc"},
        {"limit": "101"},
        {"offset": "-5"},
        {"offset": "x"},
        {"order": "khong_co"},
        {"type": "newsroom.NewsPage", "order": "-khong_co"},
        {"type": "newsroom.NewsPage", "date": "not-a-date"},
        {"type": "newsroom.NewsPage", "date": "2021-02-30"},
        {"type": "newsroom.AnnouncementPage", "deadline": "hôm qua"},
        {"type": "newsroom.NewsPage", "featured": "co-le"},
        {"type": "newsroom.NewsPage", "tags": ",,"},
        {"type": "newsroom.NewsPage", "tags": "a" * 300},
        {"type": "newsroom.NewsPage", "id": "abc"},
        {"child_of": "abc"},
        {"descendant_of": "-1"},
        {"khong_biet": "1"},
        {"fields": "title(id)"},
        {"fields": "*,((("},
    ],
    ids=lambda params: "&".join(f"{key}={value[:20]}" for key, value in params.items()),
)
def test_bad_input_is_a_400_with_a_message(client, news_section, params):
    NewsPageFactory(parent=news_section)
    data = get_json(client, API, status=400, **params)
    assert isinstance(data["message"], str) and data["message"]


@pytest.mark.parametrize(
    "url", ["/api/v2/pages/999999/", "/api/v2/pages/abc/", "/api/v2/khong-co/", "/api/v3/"]
)
def test_unknown_things_are_a_json_404(client, home, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "message" in response.json()


def test_etag_revalidation_and_publish(client, news_section):
    page = NewsPageFactory(parent=news_section, title="Tin đầu")
    first = client.get(API, {"type": "newsroom.NewsPage", "fields": "*"})
    etag = first["ETag"]
    assert etag
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Cookie" not in first.get("Vary", "")
    again = client.get(API, {"type": "newsroom.NewsPage", "fields": "*"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    page.title = "Tin đầu, sửa lại"
    page.save_revision().publish()
    changed = client.get(API, {"type": "newsroom.NewsPage", "fields": "*"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_any_origin_may_read(client, home):
    response = client.get(API, HTTP_ORIGIN="https://cong-thong-tin.example.vn")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        API,
        HTTP_ORIGIN="https://cong-thong-tin.example.vn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_origins_can_be_limited(client, home, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://cong-thong-tin.example.vn"]
    allowed = client.get(API, HTTP_ORIGIN="https://cong-thong-tin.example.vn")
    assert allowed["Access-Control-Allow-Origin"] == "https://cong-thong-tin.example.vn"
    refused = client.get(API, HTTP_ORIGIN="https://la.example.com")
    assert "Access-Control-Allow-Origin" not in refused


def test_images_and_documents_endpoints(client, news_section):
    from wagtail.models import Collection, CollectionViewRestriction

    image = ImageFactory(description="Logo")
    public = DocumentFactory(title="Công khai")
    private_collection = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type="login"
    )
    private = DocumentFactory(title="Nội bộ", collection=private_collection)
    # Files only count once a live page uses them (core.media_access): these two do not.
    unused_image, unused_document = ImageFactory(), DocumentFactory(title="Chưa dùng")
    documents = [{"type": "document", "value": {"document": doc.pk, "title": ""}}
                 for doc in (public, private)]  # fmt: skip
    NewsPageFactory(parent=news_section, listing_image=image, body=documents)

    [item] = get_json(client, "/api/v2/images/", fields="*")["items"]
    assert item["id"] == image.pk
    assert item["alt"] == "Logo"
    assert item["renditions"]["medium"]["url"].startswith(BASE)
    documents = get_json(client, "/api/v2/documents/", fields="*")["items"]
    assert [document["id"] for document in documents] == [public.pk]
    assert documents[0]["extension"] == "pdf"
    assert client.get(f"/api/v2/documents/{private.pk}/").status_code == 404
    assert client.get(f"/api/v2/images/{unused_image.pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{unused_document.pk}/").status_code == 404
