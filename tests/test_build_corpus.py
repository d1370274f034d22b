"""build_corpus: many pages inserted in bulk form a valid tree, render and are searchable."""

import io

from django.core.management import call_command
from wagtail.models import Page

from newsroom.models import NewsIndexPage, NewsPage
from search import service


def test_bulk_pages_are_real_pages(client, demo_module, db):
    before = NewsPage.objects.count()
    call_command("build_corpus", "30", "--batch", "20", stdout=io.StringIO())
    assert NewsPage.objects.count() == before + 30
    # treebeard's own consistency check: paths, depths and child counts agree.
    assert all(not problems for problems in Page.find_problems())
    for section in NewsIndexPage.objects.all():
        assert section.numchild == section.get_children().count()

    newest = NewsPage.objects.order_by("-pk").first()
    response = client.get(newest.url)
    assert response.status_code == 200
    assert newest.title in response.content.decode()
    assert len(list(newest.body)) == 5
    assert newest.tags.count() == 3
    assert newest.related_pages.count() == 1
    assert newest.pk in {hit.page.pk for hit in service.search(newest.title, limit=500)}
