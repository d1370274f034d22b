"""Builds the demo page tree from content.json, once.

Every object is looked up before it is created (pages by slug under their
parent, images and documents by title), so running the loader again changes
nothing and duplicates nothing.
"""

import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.models import SiteSettings
from core.slugs import vietnamese_slugify
from home.models import HomePage, StandardPage
from newsroom.models import (
    AnnouncementAttachment,
    AnnouncementIndexPage,
    AnnouncementPage,
    NewsIndexPage,
    NewsPage,
    SponsoredLinkIndexPage,
    SponsoredLinkPage,
)
from newsroom.models.announcements import AnnouncementPageRelatedPage
from newsroom.models.articles import NewsPageRelatedPage

from . import artwork

CONTENT_FILE = Path(__file__).with_name("content.json")
PUBLISH_HOUR = 8
DEADLINE_HOUR = 17


def load_content(path=CONTENT_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@dataclass
class Report:
    """What a run created, by kind."""

    created: dict = field(default_factory=dict)

    def add(self, kind):
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def changed(self):
        return bool(self.created)


class DemoLoader:
    def __init__(self, content=None, today=None):
        self.content = content or load_content()
        self.today = today or timezone.localdate()
        self.report = Report()
        self.images = {}
        self.documents = {}
        self.pending_related = []

    # --- dates --------------------------------------------------------------

    def _moment(self, days, hour):
        day = self.today + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    # --- media --------------------------------------------------------------

    def _load_images(self):
        Image = get_image_model()
        for key, spec in self.content["images"].items():
            image = Image.objects.filter(title=spec["title"]).first()
            if image is None:
                photo = ImageFile(io.BytesIO(artwork.photo(spec["scene"], key)), name=f"{key}.jpg")
                image = Image.objects.create(
                    title=spec["title"], description=spec["alt"], file=photo
                )
                self.report.add("images")
            self.images[key] = image

    def _load_documents(self):
        Document = get_document_model()
        for key, spec in self.content["documents"].items():
            document = Document.objects.filter(title=spec["title"]).first()
            if document is None:
                pdf = ContentFile(artwork.pdf(spec["title"], spec["lines"]), name=f"{key}.pdf")
                document = Document.objects.create(title=spec["title"], file=pdf)
                self.report.add("documents")
            self.documents[key] = document

    def _logo(self, partner):
        Image = get_image_model()
        title = f"Logo {partner['partner_name']}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            slug = vietnamese_slugify(partner["partner_name"])
            drawing = ImageFile(
                io.BytesIO(artwork.logo(partner["logo_text"], slug)), name=f"logo-{slug}.png"
            )
            image = Image.objects.create(
                title=title, description=partner["partner_name"], file=drawing
            )
            self.report.add("images")
        return image

    def _cache_embed(self, url):
        # The demo must not ask YouTube for its player: store what the oEmbed
        # answer would be, so pages render the same with or without a network.
        video_id = url.rsplit("v=", 1)[-1]
        player = f"https://www.youtube-nocookie.com/embed/{video_id}"
        html = (
            f'<iframe width="640" height="360" src="{player}" '
            'title="YouTube video" frameborder="0" allow="encrypted-media; picture-in-picture" '
            "allowfullscreen></iframe>"
        )
        _, created = Embed.objects.get_or_create(
            hash=get_embed_hash(url),
            defaults={
                "url": url,
                "html": html,
                "type": "video",
                "provider_name": "YouTube",
                "width": 640,
                "height": 360,
                "thumbnail_url": "",
            },
        )
        if created:
            self.report.add("embeds")

    # --- bodies -------------------------------------------------------------

    def _body(self, blocks):
        """StreamField data for the JSON blocks, with media keys resolved."""
        return [self._block(block) for block in blocks]

    def _block(self, block):
        kind, value = block["type"], block["value"]
        if kind == "image":
            image = self.images[value["image"]]
            value = {
                "image": {"image": image.pk, "decorative": False, "alt_text": image.description},
                "caption": value.get("caption", ""),
                "credit": value.get("credit", ""),
            }
        elif kind == "document":
            value = {
                "document": self.documents[value["document"]].pk,
                "title": value.get("title", ""),
            }
        elif kind == "embed":
            self._cache_embed(value["url"])
            value = {"url": value["url"], "caption": value.get("caption", "")}
        elif kind == "table":
            value = {
                "caption": value.get("caption", ""),
                "columns": [{"type": "text", "heading": heading} for heading in value["header"]],
                "rows": [{"values": row} for row in value["rows"]],
            }
        return {"type": kind, "value": value}

    # --- pages --------------------------------------------------------------

    def _child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def _publish(self, page, kind, published_at=None):
        if published_at is not None:
            page.first_published_at = published_at
        page.save_revision().publish()
        self.report.add(kind)

    def _create(self, parent, page, kind, published_at=None):
        parent.add_child(instance=page)
        self._publish(page, kind, published_at)
        return page

    def _home(self):
        site = Site.objects.filter(is_default_site=True).first()
        root = Page.get_first_root_node()
        home = HomePage.objects.child_of(root).first()
        if home is None:
            spec = self.content["site"]
            # Wagtail's migrations leave a placeholder "Welcome" page as the
            # site root; the demo's home page replaces it.
            placeholder = site.root_page if site else None
            if (
                placeholder
                and placeholder.specific_class is Page
                and not placeholder.get_children()
            ):
                site.root_page = root
                site.save()
                placeholder.delete()
            home = HomePage(title=spec["home_title"], slug="trang-chu", intro=spec["home_intro"])
            self._create(root, home, "pages")
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        if site.root_page_id != home.pk:
            # A new site: name it, and give it the host of BASE_URL so that
            # feeds, sitemaps and share links carry absolute URLs that work.
            base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site.root_page = home
            site.site_name = self.content["site"]["home_title"]
            site.hostname = base_url.hostname or site.hostname
            site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
            site.save()
        return home, site

    def _site_settings(self, site):
        spec = self.content["site"]
        site_settings = SiteSettings.for_site(site)
        if not site_settings.organisation_name:
            site_settings.organisation_name = spec["organisation_name"]
            site_settings.address = spec["address"]
            site_settings.phone = spec["phone"]
            site_settings.email = spec["email"]
            site_settings.working_hours = spec["working_hours"]
            site_settings.save()
            self.report.add("site settings")

    def _section(self, home, model, spec, in_menu=True):
        section = self._child(home, model, spec["slug"])
        if section is None:
            section = model(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec.get("intro", ""),
                show_in_menus=in_menu,
            )
            self._create(home, section, "pages")
        return section

    def _publication_date(self, spec):
        """An explicit "date", or "days_ago" counted back from the day of loading."""
        if spec.get("date"):
            return datetime.date.fromisoformat(spec["date"])
        return self.today - datetime.timedelta(days=spec["days_ago"])

    def _article_fields(self, spec):
        date = self._publication_date(spec)
        return {
            "title": spec["title"],
            "slug": spec.get("slug") or vietnamese_slugify(spec["title"]),
            "date": date,
            "lead": spec["lead"],
            "byline": spec.get("byline", ""),
            "listing_image": self.images.get(spec.get("image")),
            "body": self._body(spec["body"]),
        }

    def _article(self, section, model, spec, kind, **extra):
        fields = self._article_fields(spec)
        page = self._child(section, model, fields["slug"])
        if page is not None:
            return page, False
        page = model(**fields, **extra)
        page.tags.set(spec.get("tags", []))
        section.add_child(instance=page)
        published_at = self._moment((fields["date"] - self.today).days, PUBLISH_HOUR)
        if spec.get("related"):
            # Published once its related pages exist, in _link_related.
            self.pending_related.append((page, spec["related"], kind, published_at))
        else:
            self._publish(page, kind, published_at)
        return page, True

    def _link_related(self, pages_by_title):
        for page, titles, kind, published_at in self.pending_related:
            through = (
                NewsPageRelatedPage if isinstance(page, NewsPage) else AnnouncementPageRelatedPage
            )
            page.related_pages = [
                through(related_page=pages_by_title[title])
                for title in titles
                if title in pages_by_title
            ]
            self._publish(page, kind, published_at)

    def _announcement(self, section, spec):
        deadline_days = spec.get("deadline_in_days")
        deadline = None if deadline_days is None else self._moment(deadline_days, DEADLINE_HOUR)
        page, created = self._article(
            section, AnnouncementPage, spec, "announcements", deadline=deadline
        )
        if created and spec.get("attachments"):
            page.attachments = [
                AnnouncementAttachment(document=self.documents[key]) for key in spec["attachments"]
            ]
            page.save_revision().publish()
        return page

    def _partner(self, section, spec):
        slug = vietnamese_slugify(spec["title"])
        if self._child(section, SponsoredLinkPage, slug):
            return
        starts, ends = spec.get("starts_in_days"), spec.get("ends_in_days")
        page = SponsoredLinkPage(
            title=spec["title"],
            slug=slug,
            partner_name=spec["partner_name"],
            target_url=spec["target_url"],
            logo=self._logo(spec),
            placement=spec["placement"],
            starts_at=None if starts is None else self._moment(starts, 0),
            ends_at=None if ends is None else self._moment(ends, 0),
            sort_order=spec.get("sort_order", 0),
        )
        self._create(section, page, "partner links")

    def _about(self, home):
        spec = self.content["about"]
        if self._child(home, StandardPage, spec["slug"]) is None:
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                lead=spec["lead"],
                body=self._body(spec["body"]),
                show_in_menus=True,
            )
            self._create(home, page, "pages")

    @transaction.atomic
    def run(self):
        self._load_images()
        self._load_documents()
        home, site = self._home()
        self._site_settings(site)

        pages_by_title = {}
        for spec in self.content["sections"]:
            section = self._section(home, NewsIndexPage, spec)
            for article in spec["articles"]:
                extra = {"featured": article.get("featured", False)}
                page, _ = self._article(section, NewsPage, article, "news", **extra)
                pages_by_title[page.title] = page

        announcements = self._section(
            home, AnnouncementIndexPage, self.content["announcements_section"]
        )
        for spec in self.content["announcements"]:
            page = self._announcement(announcements, spec)
            pages_by_title[page.title] = page
        self._link_related(pages_by_title)

        partners = self._section(
            home, SponsoredLinkIndexPage, self.content["partners_section"], in_menu=False
        )
        for spec in self.content["partners"]:
            self._partner(partners, spec)
        self._about(home)
        return self.report
