"""A forged or broken admin POST is a form error, never a 500, and saves nothing.

Every block type of the body, and the stream around them, is posted with
values no browser would send: missing fields, text where numbers go, JSON
that is not JSON, a table without its column bookkeeping.
"""

import pytest

from newsroom.blocks import BodyBlock
from newsroom.models import NewsPage

from .admin_forms import add_url, article_data


def block(kind, **fields):
    data = {"body-count": "1", "body-0-type": kind, "body-0-deleted": "", "body-0-order": "0"}
    data.update(
        {f"body-0-value{'-' if name else ''}{name}": value for name, value in fields.items()}
    )
    return data


CASES = {
    "no count": {},
    "a count that is not a number": {"body-count": "abc"},
    "a count far above what was sent": {"body-count": "99999999"},
    "an order that is not a number": {**block("heading", text="Kết quả", level="h2"),
                                      "body-0-order": "abc"},
    "paragraph: not JSON": block("paragraph", **{"": "không phải JSON"}),
    "paragraph: a JSON list": block("paragraph", **{"": "[1, 2]"}),
    "paragraph: blocks that are a number": block("paragraph", **{"": '{"blocks": 5}'}),
    "heading: no fields": block("heading"),
    "heading: unknown level": block("heading", text="Kết quả", level="h9"),
    "image: an id that is not a number": block(
        "image", **{"image-image": "abc", "image-alt_text": "", "image-decorative": "",
                    "caption": "", "credit": ""}
    ),
    "image: no fields": block("image"),
    "image: an image that does not exist": block(
        "image", **{"image-image": "99999", "caption": "", "credit": ""}
    ),
    "quote: no fields": block("quote"),
    "video: a javascript: address": block("embed", url="javascript:alert(1)", caption=""),
    "video: no fields": block("embed"),
    "document: an id that is not a number": block("document", document="abc", title=""),
    "table: no fields": block("table"),
    "table: no column-N-deleted": block(
        "table", **{"caption": "", "column-count": "1", "column-0-type": "text",
                    "column-0-order": "0", "column-0-heading": "Hội", "row-count": "0"}
    ),
    "table: counts that are not numbers": block(
        "table", **{"caption": "", "column-count": "x", "row-count": "y"}
    ),
}  # fmt: skip


def test_every_block_type_is_covered():
    covered = {data["body-0-type"] for data in CASES.values() if "body-0-type" in data}
    assert covered == set(BodyBlock().child_blocks)


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_body_is_a_form_error(editor_client, news_section, case):
    data = {
        **{key: value for key, value in article_data("Bài có dữ liệu hỏng").items()
           if not key.startswith("body-")},
        **CASES[case],
    }  # fmt: skip
    editor_client.raise_request_exception = False
    response = editor_client.post(add_url(NewsPage, news_section), data)
    assert response.status_code == 200, case
    assert "body" in response.context["form"].errors, case
    assert not NewsPage.objects.filter(title="Bài có dữ liệu hỏng").exists()
