"""/api/v2/openapi.json: a valid OpenAPI 3.1 document that real responses obey."""

from openapi_spec_validator import validate

from api.fields import type_name
from api.views import page_models
from newsroom.blocks import BodyBlock

from .admin_forms import schema_errors


def test_the_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://testserver"}]


def test_a_schema_per_page_type_and_per_block_type(document):
    schemas = document["components"]["schemas"]
    for model in page_models():
        assert type_name(model) in schemas
        assert set(schemas[type_name(model)]["properties"]) >= {
            field.name if hasattr(field, "name") else field for field in model.api_fields
        }
    for name in BodyBlock.base_blocks:
        assert f"BodyBlock.{name}" in schemas


def test_every_page_of_the_demo_obeys_the_schema(client, demo_module, db, schema_for):
    detail, listing_item = schema_for("PageDetail"), schema_for("PageListingItem")
    seen_types = set()
    for model in page_models():
        name = type_name(model)
        response = client.get("/api/v2/pages/", {"type": name, "fields": "*", "limit": 100})
        assert response.status_code == 200
        for item in response.json()["items"]:
            assert schema_errors(listing_item, item) == [], (name, item["id"])
            page = client.get(f"/api/v2/pages/{item['id']}/").json()
            assert schema_errors(detail, page) == [], (name, item["id"])
            seen_types.add(page["meta"]["type"])
    assert seen_types == {type_name(model) for model in page_models()}


def test_a_detail_without_fields_has_every_property_of_its_type(client, demo_module, db, document):
    schemas = document["components"]["schemas"]
    for model in page_models():
        name = type_name(model)
        listing = client.get("/api/v2/pages/", {"type": name, "limit": 1}).json()
        page = client.get(f"/api/v2/pages/{listing['items'][0]['id']}/").json()
        expected = set(schemas[name]["properties"])
        assert set(page) == expected, name
        meta = set(schemas[name]["properties"]["meta"]["properties"]) - {"locale"}
        assert set(page["meta"]) == meta, name


def test_images_and_documents_obey_the_schema(client, demo_module, db, schema_for):
    for url, name in (("/api/v2/images/", "ImageItem"), ("/api/v2/documents/", "DocumentItem")):
        items = client.get(url, {"fields": "*", "limit": 100}).json()["items"]
        assert items
        for item in items:
            assert schema_errors(schema_for(name), item) == []
            detail = client.get(f"{url}{item['id']}/").json()
            assert schema_errors(schema_for(name), detail) == []


def test_the_schema_rejects_what_the_api_must_not_send(client, demo_module, db, schema_for):
    article = client.get("/api/v2/pages/", {"type": "newsroom.NewsPage", "limit": 1}).json()
    page = client.get(f"/api/v2/pages/{article['items'][0]['id']}/").json()
    detail = schema_for("PageDetail")
    assert schema_errors(detail, page) == []
    for broken in (
        {**page, "date": 20210129},
        {**page, "undocumented": True},
        {**page, "body": [{"type": "paragraph", "value": 3, "id": page["body"][0]["id"]}]},
        {**page, "listing_image": {"url": "x"}},
        {**page, "tags": "Đảng đoàn"},
    ):
        assert schema_errors(detail, broken)


def test_error_responses_obey_the_schema(client, db, schema_for):
    response = client.get("/api/v2/pages/", {"limit": "abc"})
    assert response.status_code == 400
    assert schema_errors(schema_for("Error"), response.json()) == []
