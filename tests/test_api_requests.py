"""Every request a client can send gets the answer docs/api.md promises: never a 500.

The requests schemathesis and a few hundred hand-made ones found, each pinned:
numbers beyond any integer, NUL characters, ids that are not numbers; Wagtail's
booleans; parameters that combine; absolute URLs, final HTML; compression and
CORS as a browser front end needs them.
"""

import gzip
import http.server
import threading

import pytest

from .factories import (
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    StandardPageFactory,
    in_use,
)

HUGE = "9223372036854775808"  # one past the largest 64-bit integer


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("search", [None, "hội thảo"])
def test_an_offset_beyond_any_integer_is_a_400(client, home, endpoint, search):
    params = {"offset": HUGE, **({"search": search} if search else {})}
    response = client.get(f"/api/v2/{endpoint}/", params)
    assert response.status_code == 400
    assert response.json()["message"] == "offset: expected an integer from 0 to 2147483647"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writing_methods_are_a_405_in_the_api_shape(client, home, method):
    response = getattr(client, method)("/api/v2/pages/")
    assert response.status_code == 405
    assert set(response.json()) == {"message"}
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "url",
    [
        "/tin-tuc/?tag=%00",
        "/thong-bao/?tag=%00",
        "/tin-tuc/?page=%00",
        "/search/?q=a%00b",
        "/tin-tuc/%00/",
        "/api/v2/pages/?locale=%00",
        "/api/v2/pages/find/?html_path=%00",
        "/api/v2/pages/?type=newsroom.NewsPage&lead=%00",
        "/api/v2/images/?title=%01",
    ],
)
def test_a_nul_or_control_character_is_a_400_before_the_database(
    client, news_section, announcement_section, url
):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert "control characters" in response.json()["message"]
    else:
        assert "Không đọc được địa chỉ này" in response.content.decode()


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize("value", ["abc", "1.5", "-1", HUGE, ""])
def test_find_checks_its_id(client, home, endpoint, value):
    response = client.get(f"/api/v2/{endpoint}/find/", {"id": value})
    assert response.status_code == 400
    assert response.json()["message"].startswith("id:")


@pytest.mark.parametrize("value", ["true", "1"])
def test_booleans_are_taken_as_wagtail_takes_them(client, news_section, value):
    featured = NewsPageFactory(parent=news_section, featured=True)
    NewsPageFactory(parent=news_section, featured=False)
    for params in (
        {"type": "newsroom.NewsPage", "featured": value},
        {"featured": value},  # without ?type=: the types that have the field
    ):
        items = client.get("/api/v2/pages/", params).json()["items"]
        assert [item["id"] for item in items] == [featured.pk], params
    menus = client.get("/api/v2/pages/", {"show_in_menus": value}).json()["items"]
    assert [item["id"] for item in menus] == [news_section.pk]


@pytest.mark.parametrize("value", ["True", "yes", "on", "null", ""])
def test_other_spellings_of_a_boolean_are_a_400(client, home, value):
    response = client.get("/api/v2/pages/", {"featured": value})
    assert response.status_code == 400
    assert response.json()["message"].startswith("featured:")


def test_search_operator_is_checked_even_without_a_search(client, home):
    assert client.get("/api/v2/pages/", {"search_operator": "null"}).status_code == 400
    assert client.get("/api/v2/pages/", {"search_operator": "or"}).status_code == 200


def test_parameters_that_wagtail_would_not_combine_all_answer(client, news_section):
    NewsPageFactory(parent=news_section, title="Hội thảo chè", tags=["chè"])
    NewsPageFactory(parent=news_section, title="Hội thảo cam", tags=["cam"])
    combined = [
        {"order": "random", "offset": "1"},
        {"search": "hoi thao", "order": "-title"},
        {"search": "hoi thao", "tags": "chè", "type": "newsroom.NewsPage"},
        {"child_of": news_section.pk, "descendant_of": news_section.pk},
        {"child_of": "2147483647"},  # no such page: nothing, not an error
        {"ancestor_of": "9999999999"},
        {"date": "2021-01-29"},  # a field of some types, without ?type=
        {"order": "-date"},
        {"search": "!!!"},  # nothing left to search for: nothing found
        {"fields": "date,lead", "type": "home.StandardPage"},  # fields it lacks: left out
    ]
    for params in combined:
        assert client.get("/api/v2/pages/", params).status_code == 200, params
    ordered = client.get(
        "/api/v2/pages/", {"search": "hoi thao", "order": "title", "fields": "title"}
    ).json()["items"]
    assert [item["title"] for item in ordered] == ["Hội thảo cam", "Hội thảo chè"]
    tagged = client.get(
        "/api/v2/pages/", {"search": "hoi thao", "tags": "chè", "type": "newsroom.NewsPage"}
    ).json()["items"]
    assert [item["title"] for item in tagged] == ["Hội thảo chè"]


def test_ordering_by_a_field_of_some_types_puts_the_others_last(client, news_section):
    older = NewsPageFactory(parent=news_section, date="2020-01-01")
    newer = NewsPageFactory(parent=news_section, date="2021-01-01")
    StandardPageFactory(parent=news_section.get_parent(), slug="gioi-thieu")
    items = client.get("/api/v2/pages/", {"order": "-date", "limit": 2}).json()["items"]
    assert [item["id"] for item in items] == [newer.pk, older.pk]


def test_unknown_parameters_and_fields_are_400s(client, home):
    for params in ({"translation_of": "1"}, {"rich_text_format": "db_html"}, {"fields": "nope"}):
        response = client.get("/api/v2/pages/", params)
        assert response.status_code == 400, params
    detail = client.get(f"/api/v2/pages/{home.pk}/", {"fields": "nope"})
    assert detail.status_code == 400


def test_download_urls_are_absolute(client, news_section):
    image, document = ImageFactory(), DocumentFactory()
    in_use(image, document, parent=news_section)
    image_meta = client.get(f"/api/v2/images/{image.pk}/").json()["meta"]
    assert image_meta["download_url"].startswith("http://testserver/media/original_images/")
    document_meta = client.get(f"/api/v2/documents/{document.pk}/").json()["meta"]
    assert document_meta["download_url"].startswith("http://testserver/documents/")


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_searching_media_finds_the_public_files_only(client, news_section, endpoint):
    factory = ImageFactory if endpoint == "images" else DocumentFactory
    public = factory(title="Hội thảo chè Shan tuyết")
    factory(title="Hội thảo chè Shan tuyết (chưa đăng)")  # used by no page: embargoed
    in_use(public, parent=news_section)
    response = client.get(f"/api/v2/{endpoint}/", {"search": "Shan"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [public.pk]
    assert response.json()["meta"]["total_count"] == 1


def test_rich_text_carries_no_attribute_of_the_editor(client, news_section):
    body = [
        {"type": "paragraph", "value": '<p data-block-key="a1b2c">Một <b>đoạn</b>.</p>'},
        {
            "type": "table",
            "value": {
                "caption": "",
                "columns": [{"type": "rich_text", "heading": "Nội dung"}],
                "rows": [{"values": ['<p data-block-key="x9y8z">Ô <i>bảng</i></p>']}],
            },
        },
    ]
    article = NewsPageFactory(parent=news_section, body=body)
    detail = client.get(f"/api/v2/pages/{article.pk}/")
    assert "data-block-key" not in detail.content.decode()
    paragraph, table = detail.json()["body"]
    assert paragraph["value"] == "<p>Một <b>đoạn</b>.</p>"
    assert table["value"]["rows"][0]["values"] == ["<p>Ô <i>bảng</i></p>"]


def test_json_is_compressed_for_clients_that_accept_it_and_revalidates(client, news_section):
    for number in range(20):
        NewsPageFactory(parent=news_section, title=f"Tin số {number}")
    params = {"type": "newsroom.NewsPage", "fields": "*", "limit": 20}
    plain = client.get("/api/v2/pages/", params)
    packed = client.get("/api/v2/pages/", params, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    revalidated = client.get(
        "/api/v2/pages/", params, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]
    )
    assert revalidated.status_code == 304
    assert "Content-Encoding" not in plain


def test_the_cors_preflight_allows_revalidation_and_is_cached(client, home):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN="https://front.example.vn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert "if-none-match" in response["Access-Control-Allow-Headers"]
    assert "if-modified-since" in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) >= 3600
    answer = client.get("/api/v2/pages/", HTTP_ORIGIN="https://front.example.vn")
    assert "ETag" in answer["Access-Control-Expose-Headers"]


@pytest.mark.browser
def test_a_front_end_on_another_origin_revalidates_with_the_etag(browser, live_server, live_demo):
    """A page served from another port (another origin) fetches, reads the ETag, revalidates."""

    class FrontEnd(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the HTTP method's name
            body = b"<!doctype html><title>front</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    front = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FrontEnd)
    threading.Thread(target=front.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{front.server_port}"
    context = browser.new_context()
    allowed = (origin, live_server.url)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort(),
    )
    try:
        page = context.new_page()
        page.goto(origin + "/")
        result = page.evaluate(
            """async (url) => {
                const first = await fetch(url, {cache: "no-store"});
                const etag = first.headers.get("ETag");
                const again = {cache: "no-store", headers: {"If-None-Match": etag}};
                const second = await fetch(url, again);
                return {first: first.status, etag: etag, second: second.status};
            }""",
            live_server.url + "/api/v2/pages/?type=newsroom.NewsPage&limit=5",
        )
    finally:
        context.close()
        front.shutdown()
        front.server_close()
    assert result["first"] == 200
    assert result["etag"], "the ETag is exposed to the page's script"
    assert result["second"] == 304


def test_sections_still_answer_any_page_number(client, news_section):
    for page in ("abc", "0", "-3", "2.5", "1e9", HUGE):
        assert client.get(news_section.url, {"page": page}).status_code == 200, page
