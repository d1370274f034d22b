"""The Vietnamese catalogues are compiled, complete and in effect."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("**/LC_MESSAGES/*.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.parent.parent))
def test_compiled_catalogue_matches_its_source(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.parent.parent))
def test_every_message_is_translated(po_path):
    po = polib.pofile(str(po_path))
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()


def test_weekdays_read_as_vietnamese_readers_expect():
    import datetime

    from django.utils.dateformat import format as date_format

    with translation.override("vi"):
        assert date_format(datetime.date(2021, 1, 29), "l, d/m/Y") == "Thứ Sáu, 29/01/2021"
        assert date_format(datetime.date(2021, 1, 31), "l") == "Chủ Nhật"


def test_project_strings_are_vietnamese():
    from newsroom.models import NewsPage

    with translation.override("vi"):
        assert str(NewsPage._meta.verbose_name) == "bài tin tức"
        assert str(NewsPage._meta.get_field("lead").verbose_name) == "tóm tắt"
