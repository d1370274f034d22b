"""Add many realistic news pages at once, for benchmarks: 100,000 in minutes.

Run after load_demo_content. Pages are inserted in bulk straight into the tree
(treebeard paths computed here), with bodies of several paragraphs, an image
block, tags and related links drawn from the demo content, then indexed for
search in batches. They are published but have no revisions.
"""

import datetime
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from core.slugs import vietnamese_slugify
from home.demo.loader import load_content
from newsroom.media import prefetched_media
from newsroom.models import NewsIndexPage, NewsPage, NewsPageTag
from newsroom.models.articles import NewsPageRelatedPage

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def tree_path(parent_path, position):
    """The treebeard path of the ``position``-th child (1-based) of ``parent_path``."""
    step = ""
    for _ in range(Page.steplen):
        position, digit = divmod(position, len(ALPHABET))
        step = ALPHABET[digit] + step
    return parent_path + step


class Command(BaseCommand):
    help = (
        "Add COUNT published news pages, spread over the news sections of the demo, with "
        "realistic bodies, images, tags and related links; then index them for search."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many news pages to add.")
        parser.add_argument("--batch", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument(
            "--no-index", action="store_true", help="Do not add the pages to the search index."
        )

    def handle(self, count, batch, seed, no_index, **options):
        sections = list(NewsIndexPage.objects.order_by("path"))
        if not sections:
            raise CommandError("No news section: run load_demo_content first.")
        self.random = random.Random(seed)  # noqa: S311 - sample content, not secrets
        self.prepare_material()
        started = time.monotonic()
        created = 0
        while created < count:
            size = min(batch, count - created)
            with transaction.atomic():
                pages = self.insert_batch(sections, size, created)
                if not no_index:
                    self.index(pages)
            created += size
            self.stdout.write(f"  {created}/{count} pages ({time.monotonic() - started:.0f} s)")
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses at the new rows' shape.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Added {count} pages in {elapsed:.0f} s."))

    def prepare_material(self):
        content = load_content()
        articles = [item for section in content["sections"] for item in section["articles"]]
        self.titles = [item["title"] for item in articles]
        self.leads = [item["lead"] for item in articles]
        self.bylines = sorted({item["byline"] for item in articles})
        self.paragraphs = [
            block["value"]
            for item in articles
            for block in item["body"]
            if block["type"] == "paragraph"
        ]
        self.images = list(get_image_model().objects.values_list("pk", flat=True)[:20])
        names = sorted({tag for item in articles for tag in item.get("tags", [])})
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
        self.locale = Locale.get_default()
        self.content_type = ContentType.objects.get_for_model(NewsPage)
        self.today = timezone.localdate()

    def body(self):
        paragraphs = self.random.sample(self.paragraphs, 4)
        blocks = [{"type": "paragraph", "value": text} for text in paragraphs[:2]]
        if self.images:
            blocks.append(
                {
                    "type": "image",
                    "value": {
                        "image": {
                            "image": self.random.choice(self.images),
                            "decorative": False,
                            "alt_text": "Ảnh minh họa",
                        },
                        "caption": "Ảnh: Liên hiệp Hội",
                        "credit": "",
                    },
                }
            )
        blocks += [{"type": "paragraph", "value": text} for text in paragraphs[2:]]
        return blocks

    def insert_batch(self, sections, size, offset):
        section = sections[offset // 1000 % len(sections)]
        section.refresh_from_db()
        now = timezone.now()
        pages = []
        for number in range(size):
            serial = offset + number + 1
            title = f"{self.random.choice(self.titles)} (số {serial})"
            slug = vietnamese_slugify(title)
            date = self.today - datetime.timedelta(days=self.random.randint(0, 3650))
            published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(8)))
            pages.append(
                NewsPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=tree_path(section.path, section.numchild + number + 1),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    content_type=self.content_type,
                    locale=self.locale,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=now,
                    date=date,
                    lead=self.random.choice(self.leads),
                    byline=self.random.choice(self.bylines),
                    listing_image_id=self.random.choice(self.images) if self.images else None,
                    body=self.body(),
                )
            )
        # Page rows first (they give the ids), then the news rows that extend them.
        base_rows = Page.objects.bulk_create([Page(**self.base_values(page)) for page in pages])
        for page, base in zip(pages, base_rows, strict=True):
            page.page_ptr_id = page.pk = base.pk
        local_fields = list(NewsPage._meta.local_concrete_fields)
        NewsPage._base_manager._insert(pages, fields=local_fields)
        Page.objects.filter(pk=section.pk).update(numchild=section.numchild + size)

        NewsPageTag.objects.bulk_create(
            NewsPageTag(content_object_id=page.pk, tag=tag)
            for page in pages
            for tag in self.random.sample(self.tags, 3)
        )
        NewsPageRelatedPage.objects.bulk_create(
            NewsPageRelatedPage(page_id=page.pk, related_page_id=other.pk, sort_order=0)
            for page, other in zip(pages[1:], pages[:-1], strict=True)
        )
        return [page.pk for page in pages]

    @staticmethod
    def base_values(page):
        return {
            field.attname: getattr(page, field.attname)
            for field in Page._meta.concrete_fields
            if field.attname != "id"
        }

    def index(self, page_ids):
        pages = list(NewsPage.objects.filter(pk__in=page_ids).prefetch_related("tags"))
        with prefetched_media(pages):
            for backend in get_search_backends():
                backend.add_bulk(NewsPage, pages)
